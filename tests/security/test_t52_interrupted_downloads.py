"""T-52 Interrupted exports: an export's audit trail says how it ended, and nothing cut off ever
reads as complete.

The web page's exports are background jobs (backpain/exports/jobs.py): a job records `exported`
only once its whole file is stored, and a worker killed mid-job is restarted and finishes with
exactly one file (tests/exports/test_jobs.py, the SIGKILL test). What still streams is
`manage.py export_visits` (services.export_visits): here its stream is cut at every point.
`export_started` is written before the first byte; `exported` (with rows and bytes) only once
every byte was handed on; a reader that goes away leaves `export_interrupted` with the bytes
sent; a process killed mid-stream leaves the start alone, and the audit page says so."""

import pytest
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.exports import services
from backpain.exports.selectors import ExportFilters
from tests.exports.builders import simple_visit

FORMATS = {"csv": services.ExportFormat.CSV, "fhir": services.ExportFormat.FHIR,
           "pdf-zip": services.ExportFormat.PDF_ZIP}


class Stream:
    """The command's export stream, read like a response's streaming content."""

    def __init__(self, administrator, export_format):
        self.export = services.export_visits(
            export_format=FORMATS[export_format], filters=ExportFilters(),
            clinic_id=administrator.clinic_id, user=administrator)
        self.streaming_content = self.export.chunks


def start(administrator, export_format):
    return Stream(administrator, export_format)


def hang_up(stream):
    """What a reader that goes away does: the stream is closed before its end."""
    stream.streaming_content.close()


def export_events():
    return list(AuditEvent.objects.filter(action__startswith="export").order_by("id"))


@pytest.fixture
def visits(clinic, physician):
    return [simple_visit(clinic, physician, red_flag=True) for _ in range(3)]


@pytest.mark.parametrize("export_format", FORMATS)
def test_a_download_read_to_its_end_is_complete(administrator, visits, export_format):
    content = b"".join(start(administrator, export_format).streaming_content)
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
def test_a_download_cut_off_at_any_point_is_never_complete(administrator, visits,
                                                           export_format, point):
    length = len(b"".join(start(administrator, export_format).streaming_content))
    before = len(export_events())
    response = start(administrator, export_format)
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


def test_the_audit_page_says_an_export_did_not_complete(administrator, administrator_client,
                                                        visits):
    response = start(administrator, "csv")
    next(iter(response.streaming_content))
    hang_up(response)
    page = administrator_client.get(reverse("audit:events")).content.decode()
    assert "Export cut off before it was complete" in page
    assert "no end recorded" not in page


def test_the_audit_page_marks_an_export_that_recorded_no_end(administrator,
                                                             administrator_client, visits):
    start(administrator, "csv")  # never read: as if the process were killed
    page = administrator_client.get(reverse("audit:events")).content.decode()
    assert page.count("no end recorded: not complete") == 1
    b"".join(start(administrator, "csv").streaming_content)
    page = administrator_client.get(reverse("audit:events")).content.decode()
    assert page.count("no end recorded: not complete") == 1  # the complete one is not marked
