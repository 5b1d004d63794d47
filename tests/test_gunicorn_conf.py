"""gunicorn's production settings: workers are not restarted under load (issue 17: at 2,000
requests they restarted six times in four minutes), nor all at once."""

import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def test_workers_serve_a_busy_day_before_they_are_replaced(monkeypatch):
    for name in ("GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_REQUESTS_JITTER"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(str(CONF))
    assert conf["max_requests"] >= 20_000
    # Spread enough that the workers of one server do not all start cold together.
    assert conf["max_requests_jitter"] >= conf["max_requests"] // 20


def test_the_limit_can_be_set_for_a_deployment(monkeypatch):
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "50000")
    assert runpy.run_path(str(CONF))["max_requests"] == 50_000


def test_a_loaded_worker_keeps_the_app_out_of_full_garbage_collections(monkeypatch):
    import gc

    monkeypatch.delenv("GUNICORN_GC_THRESHOLD", raising=False)
    conf = runpy.run_path(str(CONF))
    thresholds = gc.get_threshold()
    gc.unfreeze()  # as a worker starts: nothing frozen
    try:
        conf["post_worker_init"](worker=None)
        # What was loaded is frozen: a full collection no longer walks it.
        assert gc.get_freeze_count() > 10_000
        # A page no longer starts one or two collections (Python's default is 700 objects).
        assert gc.get_threshold()[0] >= 10_000
        assert gc.get_threshold()[1:] == thresholds[1:]
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_the_collector_threshold_can_be_set_for_a_deployment(monkeypatch):
    monkeypatch.setenv("GUNICORN_GC_THRESHOLD", "700")
    assert runpy.run_path(str(CONF))["gc_threshold"] == 700
