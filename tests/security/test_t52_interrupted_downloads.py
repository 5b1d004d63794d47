"""T-52 Interrupted downloads: an export's audit trail says how it ended. `export_started` is
written before the first byte; `exported` (with rows and bytes) only once every byte was handed
to the server; a client that goes away leaves `export_interrupted` with the bytes sent; a worker
killed mid-stream leaves the start alone. Nothing cut off ever reads as complete: in process at
every point of the stream, and through gunicorn over a real socket."""

import http.client
import json
import os
import signal
import subprocess
import time
from unittest import mock

import pytest
from django.db import connections
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from tests.exports.builders import simple_visit
from tests.factories import TEST_PASSWORD

FORMATS = {"csv": "exports:csv", "fhir": "exports:fhir", "pdf-zip": "exports:pdf_zip"}


def start(client, export_format):
    response = client.post(reverse(FORMATS[export_format]),
                           {"status": "any", "password": TEST_PASSWORD})
    assert response.status_code == 200 and response.streaming
    return response


def hang_up(response):
    """What the WSGI server does when the client has gone away: close the response. Closing
    ends the request, which would close the test's database connection (in its transaction):
    it is kept open, as the test client keeps it for every request."""
    with mock.patch.object(connections["default"], "close_if_unusable_or_obsolete"):
        response.close()


def export_events():
    return list(AuditEvent.objects.filter(action__startswith="export").order_by("id"))


@pytest.fixture
def visits(clinic, physician):
    return [simple_visit(clinic, physician, red_flag=True) for _ in range(3)]


@pytest.mark.parametrize("export_format", FORMATS)
def test_a_download_read_to_its_end_is_complete(administrator_client, visits, export_format):
    content = b"".join(start(administrator_client, export_format).streaming_content)
    started, ended = export_events()
    assert started.action == AuditAction.EXPORT_STARTED
    assert ended.action == AuditAction.EXPORTED
    assert ended.details["outcome"] == "complete"
    assert ended.details["rows_exported"] == started.details["row_count"] == 3
    assert ended.details["bytes_sent"] == len(content)
    assert ended.details["export_started"] == started.pk


@pytest.mark.parametrize("export_format", FORMATS)
@pytest.mark.parametrize("point", ["before the first byte", "after the first chunk",
                                   "after the last byte"])
def test_a_download_cut_off_at_any_point_is_never_complete(administrator_client, visits,
                                                           export_format, point):
    length = len(b"".join(start(administrator_client, export_format).streaming_content))
    before = len(export_events())
    response = start(administrator_client, export_format)
    stream, received = iter(response.streaming_content), b""
    if point == "after the first chunk":
        received = next(stream)
    elif point == "after the last byte":
        # Every byte arrived, but the client left before the server saw the stream end.
        while len(received) < length:
            received += next(stream)
    hang_up(response)
    events = export_events()[before:]
    actions = [event.action for event in events]
    if point == "before the first byte":
        assert actions == [AuditAction.EXPORT_STARTED]
    else:
        assert actions == [AuditAction.EXPORT_STARTED, AuditAction.EXPORT_INTERRUPTED]
        assert events[1].details["outcome"] == "cut off by the client"
        assert events[1].details["bytes_sent"] <= len(received)
        assert events[1].details["export_started"] == events[0].pk


def test_the_audit_page_says_an_export_did_not_complete(administrator_client, visits):
    response = start(administrator_client, "csv")
    next(iter(response.streaming_content))
    hang_up(response)
    page = administrator_client.get(reverse("audit:events")).content.decode()
    assert "Export cut off before it was complete" in page
    assert "no end recorded" not in page


def test_the_audit_page_marks_an_export_that_recorded_no_end(administrator_client, visits):
    start(administrator_client, "csv")  # never read: as if the process were killed
    page = administrator_client.get(reverse("audit:events")).content.decode()
    assert page.count("no end recorded: not complete") == 1
    b"".join(start(administrator_client, "csv").streaming_content)
    page = administrator_client.get(reverse("audit:events")).content.decode()
    assert page.count("no end recorded: not complete") == 1  # the complete one is not marked


# Through gunicorn, as deployed (the README's production section, T-49).

def audit_of(deployment) -> list:
    code = ("import json; from backpain.audit.models import AuditEvent; print(json.dumps("
            "[[e.action, e.details] for e in AuditEvent.objects.filter("
            "action__startswith='export').order_by('id')]))")
    return json.loads(deployment.shell(code).strip().splitlines()[-1])


def exports_after(deployment, before, expect, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        events = audit_of(deployment)[before:]
        if [action for action, _ in events] == expect or time.monotonic() > deadline:
            return events
        time.sleep(0.5)


def open_export(deployment):
    from tests.production_path import Browser

    browser = Browser(deployment.port, "backpain.clinic.example")
    browser.sign_in(deployment.clinic["administrator"], TEST_PASSWORD)
    connection, response = browser.open("POST", "/exports/visits.ndjson",
                                        form={"status": "any", "password": TEST_PASSWORD})
    assert response.status == 200
    first = response.read(64 * 1024)
    assert first
    return connection, response


def test_a_client_that_hangs_up_mid_export_is_audited_as_interrupted(deployment):
    before = len(audit_of(deployment))
    connection, _ = open_export(deployment)
    connection.sock.close()
    connection.close()
    events = exports_after(deployment, before, ["export_started", "export_interrupted"])
    assert [action for action, _ in events] == ["export_started", "export_interrupted"]
    assert events[1][1]["outcome"] == "cut off by the client"
    assert events[1][1]["bytes_sent"] > 0


def test_a_worker_killed_mid_export_leaves_no_complete_export(deployment):
    before = len(audit_of(deployment))
    connection, response = open_export(deployment)
    workers = subprocess.run(["pgrep", "-P", str(deployment.server.pid)], capture_output=True,
                             text=True, check=True).stdout.split()
    for worker in workers:
        os.kill(int(worker), signal.SIGKILL)
    try:
        while response.read(64 * 1024):
            pass
    except (OSError, http.client.HTTPException):
        pass  # the stream ends short: a reset, or a chunked body that never ends properly
    connection.close()
    time.sleep(2)
    events = audit_of(deployment)[before:]
    assert [action for action, _ in events] == ["export_started"]
    # The arbiter starts new workers: the deployment serves again.
    deadline = time.monotonic() + 60
    while True:
        try:
            from tests.production_path import Browser

            status, _ = Browser(deployment.port, "backpain.clinic.example").get("/login/")
            if status.status == 200:
                break
        except OSError:
            pass
        assert time.monotonic() < deadline, "gunicorn did not recover"
        time.sleep(0.5)
