"""Several app servers (issue 17, item 4): two gunicorn instances in the production profile and
one Celery worker process on loopback, started as the README starts one server
(tests/production_path.py), sharing a PostgreSQL database of the test's own, a Redis database
of its own (cache and job queue) and one S3 bucket (moto's server). A user moves between the
two servers as a load balancer would send them: the session, a signed note's PDF, the
password-reset throttle, a django-axes lockout and an export job all hold on either.

Skipped when PostgreSQL or Redis is not reachable, unless REQUIRE_REDIS or REQUIRE_POSTGRES is
set (CI sets both): there a missing service fails the test.
"""

import contextlib
import csv
import io
import json
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import redis

from backpain.notes.pades import check_pdf_signature
from tests.factories import TEST_PASSWORD
from tests.production_path import Browser, Deployment, populate
from tests.storage.s3_server import S3Server, s3_server

HOST = "backpain.clinic.example"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# A Redis database of this test's own (the job_worker fixture uses 15), emptied before and after.
REDIS_URL = os.environ.get("TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/12")
EXPORTABLE_VISITS = 3
# django-axes' default limit (AXES_FAILURE_LIMIT), which the production profile keeps.
LOGIN_FAILURE_LIMIT = 5


@dataclass
class Cluster:
    deployment: Deployment
    servers: tuple[int, int]
    s3: S3Server
    bucket: str
    mail: Path

    def browsers(self) -> tuple[Browser, Browser]:
        """One browser, seen by server A and by server B: the two share one cookie jar."""
        on_a, on_b = (Browser(port, HOST) for port in self.servers)
        on_b.cookies = on_a.cookies
        return on_a, on_b

    def mails_to(self, address) -> int:
        """Emails sent to `address` (the servers and the worker write them to one folder)."""
        return sum(path.read_text().count(f"\nTo: {address}\n")
                   for path in self.mail.glob("*.log"))

    def tasks_succeeded(self) -> int:
        return self.deployment.log("worker").count(" succeeded in ")


def reachable(check) -> bool:
    try:
        check()
        return True
    except (OSError, psycopg.Error, redis.RedisError):
        return False


def require_services():
    missing = [name for name, check in (
        ("PostgreSQL", lambda: psycopg.connect(POSTGRES_URL, connect_timeout=2).close()),
        ("Redis", lambda: redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()))
        if not reachable(check)]
    if missing:
        message = f"{' and '.join(missing)} not reachable ({POSTGRES_URL}, {REDIS_URL})"
        if os.environ.get("REQUIRE_REDIS") or os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)


@contextlib.contextmanager
def postgres_database():
    """A new PostgreSQL database, dropped afterwards (with any connection still open)."""
    name = f"backpain_two_servers_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(POSTGRES_URL)._replace(scheme="postgres", path=f"/{name}").geturl()
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def empty_redis_database():
    database = redis.Redis.from_url(REDIS_URL)
    database.flushdb()
    try:
        yield REDIS_URL
    finally:
        database.flushdb()
        database.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    require_services()
    folder = tmp_path_factory.mktemp("two-servers")
    mail = folder / "mail"
    mail.mkdir()
    with s3_server() as s3, postgres_database() as database_url, \
            empty_redis_database() as redis_url:
        bucket = "backpain-files"
        s3.create_bucket(bucket)
        # One gunicorn worker per instance: the two instances are the processes that must
        # share nothing but PostgreSQL, Redis and the bucket (and it spares the CPU).
        deployment = Deployment(folder=folder, database_url=database_url, settings={
            "REDIS_URL": redis_url, **s3.environment(bucket),
            "EMAIL_URL": f"filemail:///{mail}", "GUNICORN_WORKERS": "1"})
        try:
            deployment.run_readme()  # server A
            second = deployment.start_instance()  # server B
            worker = deployment.start_worker()
            deployment.clinic = populate(deployment, exportable_visits=EXPORTABLE_VISITS)
            deployment.worker_ready(worker)
            yield Cluster(deployment, (deployment.port, second), s3, bucket, mail)
        finally:
            deployment.stop()


def eventually(fetch, done, what, seconds=45):
    """Fetch until done(result), with a deadline (a background job is awaited, not timed)."""
    deadline = time.monotonic() + seconds
    while True:
        result = fetch()
        if done(result):
            return result
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.5)


def test_a_session_begun_on_one_server_continues_on_the_other(cluster):
    on_a, on_b = cluster.browsers()
    on_a.sign_in(cluster.deployment.clinic["physician"], TEST_PASSWORD)

    response, page = on_b.get("/")
    assert response.status == 200
    assert "Jane Doe, MD · Riverside Spine Clinic" in page.decode()

    response, _ = on_b.post("/logout/", {})
    assert response.status == 302
    response, _ = on_a.get("/")
    assert response.status == 302 and response.getheader("Location").startswith("/login/")


def test_a_note_signed_on_one_server_is_downloaded_from_the_other(cluster):
    made = cluster.deployment.clinic
    on_a, on_b = cluster.browsers()
    on_a.sign_in(made["physician"], TEST_PASSWORD)
    review = f"/visits/{made['visit']}/note/"
    response, page = on_a.post(f"{review}sign/", {"username": made["physician"],
                                                  "password": TEST_PASSWORD,
                                                  "meaning": "authored"})
    assert response.status in (302, 303), page.decode()[-2000:]

    # The worker renders and stores the PDF after the signing: the review page (from either
    # server) links version 1 once it is in the bucket.
    link = f"{review}v1.pdf"

    def review_page():
        response, page = on_b.get(review)
        assert response.status == 200, page.decode()[-2000:]
        return page.decode()

    eventually(review_page, lambda page: f'href="{link}"' in page, "the PDF's download link")
    response, pdf = on_b.get(link)
    assert response.status == 200 and response.getheader("Content-Type") == "application/pdf"
    [key] = [key for key in cluster.s3.keys(cluster.bucket) if key.startswith("notes/")]
    assert pdf == cluster.s3.content(cluster.bucket, key)
    check = check_pdf_signature(
        pdf, trust_cert_paths=[str(cluster.deployment.overrides()["NOTE_SIGNING_CERT"])])
    assert (check.signed, check.intact, check.trusted) == (True, True, True)


def request_reset(browser, email):
    browser.get("/account/password/reset/")
    response, page = browser.post("/account/password/reset/", {"email": email})
    assert response.status == 302, page.decode()[-2000:]


def test_the_password_reset_throttle_counted_on_one_server_holds_on_the_other(cluster):
    emails = cluster.deployment.clinic["emails"]
    on_a, on_b = cluster.browsers()
    request_reset(on_a, emails["administrator"])
    request_reset(on_b, emails["administrator"])  # within ten minutes: throttled
    request_reset(on_b, emails["intake"])

    # Emails go out in the order asked for: once the last has arrived, a second link to the
    # first address would have arrived too.
    eventually(lambda: cluster.mails_to(emails["intake"]), lambda count: count == 1,
               "the reset email")
    assert cluster.mails_to(emails["administrator"]) == 1


def test_a_lockout_made_on_one_server_holds_on_the_other(cluster):
    made = cluster.deployment.clinic
    on_a, on_b = cluster.browsers()
    on_a.get("/login/")
    for _ in range(LOGIN_FAILURE_LIMIT):
        response, _ = on_a.post("/login/", {"username": made["intake"], "password": "wrong"})
    assert response.status == 429  # the limit is reached

    response, page = on_b.post("/login/", {"username": made["intake"],
                                           "password": TEST_PASSWORD})
    assert response.status == 429
    assert "Too many failed sign-in attempts" in page.decode()
    on_b.sign_in(made["administrator"], TEST_PASSWORD)  # only that account is locked


def test_an_export_runs_on_the_worker_and_downloads_from_either_server(cluster):
    """Against the export jobs' contract: POST the export form -> 303 to the job's page; its
    status/ answers JSON {state, done, total, percent, download_url}."""
    made = cluster.deployment.clinic
    on_a, on_b = cluster.browsers()
    on_a.sign_in(made["administrator"], TEST_PASSWORD)
    on_a.get("/exports/")
    tasks_before = cluster.tasks_succeeded()
    response, page = on_a.post("/exports/visits.csv", {
        "date_from": "", "date_to": "", "physician": "", "status": "any", "red_flags": "any",
        "password": TEST_PASSWORD})
    assert response.status == 303, page.decode(errors="replace")[-2000:]
    job = urlsplit(response.getheader("Location")).path
    assert re.fullmatch(r"/exports/jobs/[0-9a-f-]{36}/", job), job

    def status():
        response, content = on_b.get(f"{job}status/")
        assert response.status == 200, content[-2000:]
        return json.loads(content)

    finished = eventually(status, lambda answer: answer["state"] in ("done", "failed"),
                          "the export job")
    assert finished["state"] == "done", finished
    assert finished["done"] == finished["total"] and finished["percent"] == 100
    assert cluster.tasks_succeeded() > tasks_before  # the worker process ran it

    response, content = on_b.get(urlsplit(finished["download_url"]).path)
    assert response.status == 200
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 1 + EXPORTABLE_VISITS + 1  # the header, the visits, the one to sign
