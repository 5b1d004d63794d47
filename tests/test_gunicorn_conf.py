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
