"""T-33 The PDF fetcher: asked through WeasyPrint's own fetch path for a file: URL, loopback,
the metadata address, a public site, a host that redirects to loopback, or anything but a
bundled asset, it stops the rendering (FatalURLFetchingError) and touches no network, proxy
settings included; a bundled asset is served."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from weasyprint.urls import FatalURLFetchingError, fetch

from backpain.notes.pdf import ASSET_SCHEME
from backpain.notes.pdf_render import NoteAssetFetcher


class Redirect(BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        Redirect.hits.append(self.path)
        self.send_response(302)
        self.send_header("Location", f"http://127.0.0.1:{self.server.target}/secret")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def redirecting_host(listener):
    Redirect.hits = []
    server = HTTPServer(("127.0.0.1", 0), Redirect)
    server.target = listener.getsockname()[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def refused(url):
    with pytest.raises(FatalURLFetchingError), fetch(NoteAssetFetcher(), url):
        pass


@pytest.mark.parametrize("url", [
    "file:///etc/hosts", "file:///etc/passwd", "http://localhost/", "http://127.0.0.1:8000/admin/",
    "http://169.254.169.254/latest/meta-data/", "https://example.com/", "ftp://example.com/x",
    "data:text/plain,hello", "noteasset:/../../etc/passwd",
    "noteasset:/css/../../backpain/settings.py", "noteasset:/fonts/missing.ttf",
])
def test_everything_but_a_bundled_asset_stops_the_rendering(url, listener):
    refused(url)
    with pytest.raises(BlockingIOError):
        listener.accept()


def test_a_redirect_to_loopback_is_never_followed(redirecting_host, listener):
    refused(f"{redirecting_host}/note.css")
    assert Redirect.hits == []  # not even the first request
    with pytest.raises(BlockingIOError):
        listener.accept()


def test_proxy_settings_are_not_used(monkeypatch, listener):
    proxy = f"http://127.0.0.1:{listener.getsockname()[1]}"
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.setenv(name, proxy)
    refused("http://example.com/style.css")
    with pytest.raises(BlockingIOError):
        listener.accept()


def test_a_bundled_asset_is_served():
    with fetch(NoteAssetFetcher(), f"{ASSET_SCHEME}:/css/note.css") as resource:
        assert b"@font-face" in resource.read()


def test_the_fetcher_is_configured_closed():
    fetcher = NoteAssetFetcher()
    assert fetcher._allowed_protocols == {ASSET_SCHEME}
    assert fetcher._fail_on_errors is True
    assert not any(type(h).__name__ == "HTTPRedirectHandler" for h in fetcher.handlers)
