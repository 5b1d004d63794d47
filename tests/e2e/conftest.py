"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
# Chromium's background services would try to reach the network, which a clinic (and CI)
# may not have; these flags keep the browser to the page under test.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    # Per module, not per session: Playwright's sync API keeps an event loop running in this
    # thread while the browser is open, and the signing code after the browser tests (pyHanko
    # runs asyncio.run) must not find one.
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    # The live server runs in a thread beside Playwright's event loop.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 1000}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    # A loaded 2-core CI machine may take longer than Playwright's 5 s for a save and its
    # redirect; the assertions wait as long as the actions do.
    expect.set_options(timeout=15_000)
    # The Content Security Policy must never have to block anything of the app's own.
    blocked = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert not blocked, blocked


def sign_in(page, username, password):
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


BLOCKING = ("serious", "critical")  # axe-core impacts that fail a page


def assert_accessible(page):
    results = Axe().run(page)
    blocking = [(v["id"], v["impact"], [(n["target"], n["failureSummary"][-120:])
                                        for n in v["nodes"]][:4])
                for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{page.url}: {blocking}"
