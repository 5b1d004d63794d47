"""T-49 The production path: the README's "Running it for real" section, line by line, in a
temporary directory on a fresh database (SQLite, or a new PostgreSQL database when the suite runs
on PostgreSQL): the signing certificate, `check --deploy --fail-level WARNING`, `migrate`,
`collectstatic` with WhiteNoise's compressed manifest storage, `createsuperuser`, and gunicorn
with `gunicorn.conf.py`. Then, through gunicorn as the TLS proxy forwards to it: the sign-in
page, a static file by its hashed name, a physician signing a note and downloading its PDF,
PAdES-signed by the certificate of the first step. No step may fail and nothing may answer 500.
"""

import re

import pytest

from backpain.notes.pades import check_pdf_signature
from tests.factories import TEST_PASSWORD
from tests.production_path import Browser, readme_lines

from .helpers import pdf_text

HOST = "backpain.clinic.example"


@pytest.fixture
def browser(deployment):
    return Browser(deployment.port, HOST)


def test_the_readme_section_runs_every_step_in_an_order_that_works(deployment):
    commands = [line.split("#")[0].split() for line in deployment.ran]
    steps = [words[2] for words in commands if words[:2] == [".venv/bin/python", "manage.py"]]
    assert steps == ["create_signing_certificate", "check", "migrate", "collectstatic",
                     "createsuperuser"]
    assert deployment.ran[-1].startswith(".venv/bin/gunicorn -c gunicorn.conf.py")
    assert deployment.ran == readme_lines()
    assert (deployment.folder / "static" / "staticfiles.json").is_file()


def test_the_sign_in_page_and_its_static_files_are_served(browser):
    response, page = browser.get("/login/")
    assert response.status == 200, page[-2000:]
    assert response.getheader("Strict-Transport-Security", "").startswith("max-age=31536000")
    html = page.decode()
    stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', html)
    assert any(re.search(r"/static/css/app\.[0-9a-f]{12}\.css$", url) for url in stylesheets), \
        stylesheets
    for url in stylesheets + re.findall(r'src="(/static/[^"]+\.js)"', html):
        response, content = browser.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status == 200, url
        assert "immutable" in response.getheader("Cache-Control", ""), url
        assert content


def test_plain_http_is_sent_to_https(browser):
    response, _ = browser.get("/login/", proxied=False)
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/login/"


def test_a_traversal_under_static_is_a_404(browser):
    for path in ("/static/../manage.py", "/static/..%2fmanage.py", "/static/css/../../README.md"):
        response, _ = browser.get(path)
        assert response.status == 404, path


def test_a_physician_signs_a_note_and_downloads_its_signed_pdf(deployment, browser):
    made = deployment.clinic
    browser.sign_in(made["physician"], TEST_PASSWORD)
    review = f"/visits/{made['visit']}/note/"
    response, page = browser.get(review)
    assert response.status == 200 and b"Sign the note" in page

    response, page = browser.post(f"{review}sign/", {"username": made["physician"],
                                                     "password": TEST_PASSWORD,
                                                     "meaning": "authored"})
    assert response.status == 302, page.decode()[-2000:]
    response, pdf = browser.get(f"{review}v1.pdf")
    assert response.status == 200 and response.getheader("Content-Type") == "application/pdf"
    assert pdf.startswith(b"%PDF-")
    assert "OKAFOR, Chinedu" in pdf_text(pdf)
    check = check_pdf_signature(
        pdf, trust_cert_paths=[str(deployment.overrides()["NOTE_SIGNING_CERT"])])
    assert (check.signed, check.intact, check.trusted) == (True, True, True)
    assert "Riverside Spine Clinic" in check.signer
