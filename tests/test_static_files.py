"""Static files in development: `runserver` serves them through WhiteNoise, as production does,
and a path that climbs out of the static folders is a 404, never a 500 (T-49)."""

import os
import socket
import subprocess
import sys
import time

import pytest

from tests.production_path import NOT_INHERITED, PROJECT, Browser, free_port

TRAVERSALS = [
    "/static/../signing/clinic-key.pem",
    "/static/../manage.py",
    "/static/%2e%2e/manage.py",
    "/static/..%2fmanage.py",
    "/static/css/../../backpain/settings.py",
    "/static/css/..%5c..%5cmanage.py",
    "/static//etc/passwd",
    "/static/bootstrap/../../README.md",
]


@pytest.fixture(scope="module")
def development_server(tmp_path_factory):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('dev') / 'db.sqlite3'}"
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload",
                               f"127.0.0.1:{port}"], cwd=PROJECT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None and time.monotonic() < deadline
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield Browser(port, f"127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("path", TRAVERSALS)
def test_a_traversal_is_a_404(development_server, path):
    response, _ = development_server.get(path, proxied=False)
    assert response.status == 404, path


def test_the_pages_static_files_are_served(development_server):
    for path in ("/static/css/app.css", "/static/bootstrap/css/bootstrap.min.css",
                 "/static/bootstrap/js/bootstrap.bundle.min.js", "/static/admin/css/base.css"):
        response, content = development_server.get(path, proxied=False)
        assert response.status == 200 and content, path
