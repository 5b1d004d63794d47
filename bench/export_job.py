"""The pages while an export runs as a background job (issue 17: "a 100k-visit export runs as a
job with progress while pages stay fast"), measured by `make bench` after the other figures.

gunicorn (production profile) and one Celery worker share the machine's Redis
(`BENCH_REDIS_URL`, database 13 by default). Signed-in physicians ask for a step page and the
floor, interleaved, first with nothing else running, then while an administrator's CSV export
of every signed visit, started through the export page, is written by the worker; the
administrator's page polls the job's status as the progress bar does. Without Redis the figure
is left out (a note says why).
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.http_load import Client, run_clients, timing_figures

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
CLIENTS = 4
ROUNDS_BEFORE = 40
# The pages asked for, in turn, by each client (physicians): a step page and the floor.
STEP = "history"
POLL_SECONDS = 1.0
LONGEST = 30 * 60  # a job not done by then is reported as such


def start_worker(env: dict) -> subprocess.Popen:
    celery = str(Path(sys.executable).with_name("celery"))
    return subprocess.Popen(  # noqa: S603 - our own interpreter's celery and app
        [celery, "-A", "backpain", "worker", "--concurrency", "1", "--loglevel", "WARNING",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=Path(__file__).resolve().parent.parent, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)


def page_round(clients, step_path, into: dict) -> None:
    """One request for the step page, then one for the floor, from every client at once."""
    for name, path in (("step", step_path), ("floor", "/bench/floor/")):
        timings, failed = run_clients(clients, lambda client, i, n, path=path:
                                      client.get(path(i) if callable(path) else path), 1)
        into[name].extend(timings)
        into["failed"] += failed


def start_export(admin: Client, password: str) -> str:
    """The administrator starts the CSV export of every signed visit on the export page;
    answers the job's path (the page the browser is sent to)."""
    fields = [(name, value) for name, value in admin.form("/exports/") if name != "password"]
    admin.post("/exports/visits.csv", [*fields, ("password", password)], expect=303)
    return admin.last_location


def measure_during_export(size: int, t: dict, start_gunicorn, environment, signed_in,
                          progress=print) -> dict | None:
    """{"before": {...}, "during": {...}, "job": {...}} or None without Redis.
    `start_gunicorn(size, extra)` -> (server, port); `environment(size, extra)` -> the
    server's environment, which the worker is given too."""
    from backpain.core.health import redis_answers

    if not redis_answers(REDIS_URL):
        progress(f"  no Redis at {REDIS_URL}: pages during an export job not measured")
        return None

    extra = {"REDIS_URL": REDIS_URL}
    server, port = start_gunicorn(size, extra)
    worker = start_worker(environment(size, extra))
    try:
        clients = signed_in(port, t, "physician", CLIENTS)
        admin = Client(port)
        admin.sign_in(t["admins"][0], t["password"])

        def step_path(i):
            return f"/visits/{t['open'][i % len(t['open'])]}/steps/{STEP}/"

        before: dict = {"step": [], "floor": [], "failed": 0}
        page_round(clients, step_path, {"step": [], "floor": [], "failed": 0})  # warm
        for _ in range(ROUNDS_BEFORE):
            page_round(clients, step_path, before)
        job_path = start_export(admin, t["password"])
        started = time.monotonic()
        during: dict = {"step": [], "floor": [], "failed": 0}
        seen: list[tuple[float, int, int, str]] = []
        status: dict = {}
        last_poll = 0.0
        while time.monotonic() - started < LONGEST:
            page_round(clients, step_path, during)
            if time.monotonic() - last_poll >= POLL_SECONDS:
                last_poll = time.monotonic()
                _code, body, _seconds = admin.request("GET", f"{job_path}status/")
                status = json.loads(body)
                seen.append((round(last_poll - started, 1), status["done"], status["total"],
                             status["state"]))
                if status["state"] in ("done", "failed"):
                    break
        seconds = time.monotonic() - started
        rows = status.get("total", 0)
        job = {"state": status.get("state"), "rows": rows, "seconds": seconds,
               "rows_per_second": rows / seconds if seconds else None,
               "progress_seen": sorted({done for _at, done, _total, _state in seen}),
               "polls": len(seen)}
        forget_result(job_path)
        result = {"clients": CLIENTS, "page": f"{STEP} GET",
                  "before": {name: timing_figures(before[name]) for name in ("step", "floor")},
                  "during": {name: timing_figures(during[name]) for name in ("step", "floor")},
                  "failed": before["failed"] + during["failed"], "job": job}
        progress(f"  export job: {job['state']}, {rows} rows in {seconds:.1f} s, "
                 f"{len(job['progress_seen'])} progress values seen; {STEP} GET p95 "
                 f"{result['before']['step']['p95'] * 1000:.1f} ms before, "
                 f"{result['during']['step']['p95'] * 1000:.1f} ms during")
        for client in [*clients, admin]:
            client.close()
        return result
    finally:
        worker.terminate()
        server.terminate()
        worker.wait(60)
        server.wait(30)


def forget_result(job_path: str) -> None:
    """The job's file (a whole clinic's CSV) is deleted: each run would leave one behind."""
    from backpain.exports.models import ExportJob

    public_id = job_path.rstrip("/").rsplit("/", 1)[-1]
    job = ExportJob.objects.filter(public_id=public_id).first()
    if job is not None and job.file:
        job.file.delete(save=True)
