"""The frame every page shares (templates/base.html): a hidden idle-session warning that no
display utility can show, and a navigation that collapses on a phone."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

APP_CSS = Path(settings.BASE_DIR) / "static" / "css" / "app.css"


def element(html, element_id):
    match = re.search(rf'<[a-z]+[^>]*\bid="{element_id}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def test_the_session_warning_is_hidden_when_the_page_loads(intake_client):
    html = intake_client.get(reverse("home")).content.decode()
    warning = element(html, "session-warning")
    assert re.search(r"\shidden(\s|>|=)", warning)
    assert 'role="alert"' in warning
    # Bootstrap's d-flex is `display: flex !important` and would show it despite `hidden`, unless
    # the app's stylesheet (loaded after Bootstrap's) gives `hidden` the last word.
    if "d-flex" in warning:
        css = APP_CSS.read_text()
        assert re.search(r"(^|\})\s*\[hidden\]\s*\{\s*display:\s*none\s*!important", css, re.M)
        assert html.index("bootstrap.min.css") < html.index("css/app.css")


def test_no_session_warning_for_a_signed_out_visitor(client):
    assert 'id="session-warning"' not in client.get(reverse("login")).content.decode()


def test_the_navigation_collapses_behind_a_labelled_toggler(physician_client):
    html = physician_client.get(reverse("home")).content.decode()
    toggler = element(html, "main-navigation")
    assert "collapse navbar-collapse" in toggler
    assert 'data-bs-target="#main-navigation"' in html
    assert 'aria-controls="main-navigation"' in html
    assert 'aria-label="Show or hide the menu"' in html
    # Bootstrap's own script (vendored through XStatic), never a CDN; deferred like the app's.
    assert re.search(r'<script src="/static/bootstrap/js/bootstrap.bundle.min.js" defer>', html)
