"""A real Celery worker on the machine's Redis, for the job tests (PDFs, exports, emails).

Use the `job_worker` fixture: jobs queued while it runs go through Redis to a worker thread of
this process (which sees the test database), exactly as in production but for the process
boundary. Without Redis the tests are skipped, unless REQUIRE_REDIS is set (CI sets it): there
a missing Redis fails them. They run on PostgreSQL only (see the fixture).
"""

import os
import subprocess

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection as database
from kombu import pools

from backpain.celery import app
from backpain.core.health import redis_answers

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def require_redis():
    if not redis_answers(TEST_REDIS_URL):
        message = f"Redis is not reachable at {TEST_REDIS_URL}"
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(message)
        pytest.skip(message)


def reset_connections():
    """Drop the app's pooled broker connections: the next job connects to the broker now
    configured (Celery keeps no public API for this)."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    # The producer pool comes from kombu's process-wide registry, keyed by the broker URL:
    # without this the next test's jobs go to the pool the last worker closed.
    pools.reset()


@pytest.fixture
def job_worker(request):
    """Queue jobs on Redis and run them in a real worker until the test ends."""
    if database.vendor == "sqlite":
        # The worker thread and the test would share SQLite's in-memory test database, whose
        # shared cache locks whole tables ("database table is locked") instead of waiting:
        # the job tests run in the suite's PostgreSQL pass (CI runs both).
        pytest.skip("jobs through a real worker are tested on PostgreSQL")
    require_redis()
    request.getfixturevalue("transactional_db")  # the worker's thread reads committed rows
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=TEST_REDIS_URL, task_always_eager=False)
    reset_connections()
    with app.connection_for_write() as connection:
        connection.default_channel.client.flushdb()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30,
                          loglevel="WARNING"):
            yield app
    finally:
        app.conf.update(saved)
        reset_connections()


def stop(process: subprocess.Popen):
    """A worker process started by a test, stopped (killed if it does not stop in 30 s)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
