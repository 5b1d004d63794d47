"""A Celery worker started as the README starts it runs below the app servers' CPU priority
(WORKER_NICENESS, backpain/celery.py), so that on a shared machine a long export or a batch of
PDFs does not slow the pages down (docs/operations.md "Background jobs")."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.celery_worker import TEST_REDIS_URL, require_redis, stop

PROJECT = Path(__file__).resolve().parents[2]


def worker_priorities(tmp_path, **env) -> list[int]:
    """The niceness of a worker's main process and of its pool's process, once it is ready."""
    require_redis()
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")}
    environment.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                        "CELERY_BROKER_URL": TEST_REDIS_URL, **env})
    log_path = tmp_path / "worker.log"
    celery = Path(sys.executable).parent / "celery"
    with log_path.open("wb") as log:
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter's celery and app
            [str(celery), "-A", "backpain", "worker", "--pool=prefork", "--concurrency=1",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--queues", f"priority-test-{os.getpid()}", "-n", f"priority-{os.getpid()}@%h"],
            cwd=PROJECT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while b" ready." not in log_path.read_bytes():
            assert worker.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
        assert len(children) == 1, children
        return [os.getpriority(os.PRIO_PROCESS, worker.pid),
                os.getpriority(os.PRIO_PROCESS, int(children[0]))]
    finally:
        stop(worker)


@pytest.mark.parametrize(("setting", "niceness"), [(None, 10), ("0", 0)])
def test_a_worker_yields_the_cpu_to_the_app_servers(tmp_path, setting, niceness):
    """By default 10 below the app servers' priority; WORKER_NICENESS=0 keeps theirs."""
    env = {} if setting is None else {"WORKER_NICENESS": setting}
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    assert worker_priorities(tmp_path, **env) == [max(ours, niceness)] * 2
