"""Log lines: one JSON object each (production's default), carrying the id of the request they
belong to, which the response returns in X-Request-ID and the jobs it queues keep; nothing of
the query string (where a name could be) is added to them."""

import io
import json
import logging
import logging.config
import os
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from backpain.celery import app
from backpain.core.json_logs import logging_config
from tests.celery_worker import job_worker, reset_connections  # noqa: F401
from tests.manage_process import PRODUCTION_ENV
from tests.production_path import PROJECT, free_port

GIVEN_ID = "4f1c9a0e7b2d4e6f8a1b3c5d7e9f0a2b"
log = logging.getLogger("backpain.tests.logging")
written = io.StringIO()  # where the json_lines fixture points the handlers
LOCK = threading.Lock()


@app.task(name="tests.test_logging.write_a_job_line")
def write_a_job_line():
    log.warning("the job ran")


def queue_a_job(request):
    log.warning("before the job")
    write_a_job_line.delay()
    log.warning("after the job")
    return HttpResponse("queued")


urlpatterns = [path("queue/", queue_a_job)]


@pytest.fixture
def json_lines():
    """The app's log lines, as production writes them, parsed one by one."""
    global written
    written = io.StringIO()
    config = logging_config(json=True)
    for handler in config["handlers"].values():
        handler["stream"] = "ext://tests.test_logging.written"
    logging.config.dictConfig(config)

    def read():
        with LOCK:
            text, _ = written.getvalue(), written.seek(0)
            written.truncate()
        return [json.loads(line) for line in text.splitlines()]
    yield read
    logging.config.dictConfig(django_settings.LOGGING)


def test_a_request_logs_json_lines_with_the_id_it_returns(db, json_lines):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    lines = json_lines()
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert len(not_found) == 1
    assert not_found[0]["level"] == "WARNING"
    assert not_found[0]["request_id"] == response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32


def test_the_id_sent_by_the_proxy_is_kept(db, json_lines):
    response = Client().get("/no-such-page/", HTTP_X_REQUEST_ID=GIVEN_ID)
    assert response["X-Request-ID"] == GIVEN_ID
    assert [line["request_id"] for line in json_lines()] == [GIVEN_ID]


def test_a_header_that_is_not_an_id_is_replaced(db, json_lines):
    forged = 'x" injected="1'
    response = Client().get("/no-such-page/", HTTP_X_REQUEST_ID=forged)
    assert response["X-Request-ID"] != forged
    assert forged not in json.dumps(json_lines())


def test_nothing_of_the_query_string_is_logged(db, json_lines):
    response = Client().get("/no-such-page/", {"name": "OKAFOR", "mrn": "RSC-1"})
    assert response.status_code == 404
    written = json.dumps(json_lines())
    assert "OKAFOR" not in written and "RSC-1" not in written


@pytest.mark.urls("tests.test_logging")
def test_a_job_run_in_process_keeps_the_id_of_its_request(db, json_lines):
    response = Client().get("/queue/", HTTP_X_REQUEST_ID=GIVEN_ID)
    assert response["X-Request-ID"] == GIVEN_ID
    lines = [line for line in json_lines() if line["logger"] == log.name]
    assert [line["message"] for line in lines] == ["before the job", "the job ran",
                                                   "after the job"]
    assert {line["request_id"] for line in lines} == {GIVEN_ID}


@pytest.mark.urls("tests.test_logging")
def test_a_job_run_in_process_warns_of_nothing_else(db, json_lines):
    """With no broker (`make run`), no warning of a broker that is not there."""
    assert app.conf.task_always_eager
    reset_connections()  # the job's producer is made now, as in a fresh process
    Client().get("/queue/")
    assert [line for line in json_lines()
            if line["level"] != "INFO" and line["logger"] != log.name] == []


@pytest.mark.urls("tests.test_logging")
@pytest.mark.usefixtures("job_worker")
def test_a_job_run_by_a_worker_logs_the_id_of_the_request_that_queued_it(json_lines):
    response = Client().get("/queue/", HTTP_X_REQUEST_ID=GIVEN_ID)
    assert response.status_code == 200
    lines, deadline = [], time.monotonic() + 60
    while not any(line["message"] == "the job ran" for line in lines):
        assert time.monotonic() < deadline, "the worker did not run the job"
        time.sleep(0.1)
        lines += [line for line in json_lines() if line["logger"] == log.name]
    job = next(line for line in lines if line["message"] == "the job ran")
    assert job["request_id"] == GIVEN_ID


def test_development_writes_text_lines():
    assert "()" not in logging_config(json=False)["formatters"]["line"]


def test_gunicorn_in_production_writes_json_lines_for_its_own_access_log(tmp_path):
    """gunicorn as deployed: its access log and the app's lines are JSON, with the same id."""
    port = free_port()
    env = {key: value for key, value in os.environ.items()
           if key not in ("DJANGO_ENV", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "LOG_FORMAT")}
    env.update(PRODUCTION_ENV, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", STATIC_ROOT=str(tmp_path))
    server = subprocess.Popen([str(os.path.dirname(sys.executable) + "/gunicorn"),
                               "-c", "gunicorn.conf.py", "backpain.wsgi"], cwd=PROJECT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        from tests.production_path import Browser

        browser = Browser(port, PRODUCTION_ENV["ALLOWED_HOSTS"])
        deadline = time.monotonic() + 60
        while True:
            try:
                response, _ = browser.get("/healthz?name=OKAFOR",
                                          headers={"X-Request-ID": GIVEN_ID})
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.2)
        assert response.status == 200
        missing, _ = browser.get("/no-such-page/?name=OKAFOR")
        assert missing.status == 404
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=30)
    lines = [json.loads(line) for line in (stdout + stderr).splitlines()]  # every line is JSON
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert {"path": "/healthz", "status": "200", "request_id": GIVEN_ID}.items() <= \
        access[0].items()
    not_found = next(line for line in lines if line["logger"] == "django.request")
    assert not_found["request_id"] == missing.getheader("X-Request-ID") == \
        access[1]["request_id"]
    assert "OKAFOR" not in stdout + stderr


def test_an_unknown_log_format_is_refused_at_start():
    from tests.manage_process import manage

    result = manage("check", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or text." in result.stderr
