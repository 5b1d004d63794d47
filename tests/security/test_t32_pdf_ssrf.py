"""T-32 PDF injection and SSRF: markup that would make WeasyPrint fetch a URL (loopback, the
cloud metadata address, file: URLs, attachments) typed into every field that reaches the
note is printed as literal text; a loopback listener is never contacted; the PDF embeds no
file; signing finishes within a time budget. Goes through the real sign and addendum pages."""

import subprocess
import time

import pytest
from django.urls import reverse

from backpain.patients.models import Patient
from backpain.visits.models import Assessment, DiagnosticStudy, Plan, Visit

from .helpers import add_addendum, body, pdf_text, sign, squeezed

BUDGET_SECONDS = 60


def payloads(port):
    here = f"http://127.0.0.1:{port}"
    return {
        "loopback": f'<img src="{here}/admin/">',
        "metadata": '<img src="http://169.254.169.254/latest/meta-data/">',
        "attachment": '<link rel="attachment" href="file:///etc/passwd">',
        "import": "<style>@import url(file:///etc/passwd)</style>",
        "urandom": '<img src="file:///dev/urandom">',
        "stylesheet": f'<link rel="stylesheet" href="{here}/x.css">',
        "background": f'<p style="background:url({here}/bg.png)">x</p>',
        "object": f'<object data="{here}/o"></object>',
    }


def embedded_files(pdf, tmp_path):
    path = tmp_path / "note.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdfdetach", "-list", str(path)], capture_output=True,
                             text=True, check=True).stdout
    return listing.strip() or "0 embedded files"


def test_markup_in_every_field_is_printed_never_fetched(physician_client, ready_visit,
                                                        listener, tmp_path):
    port = listener.getsockname()[1]
    marks = payloads(port)
    everything = " ".join(marks.values())
    Patient.objects.filter(pk=ready_visit.patient_id).update(
        family_name=marks["loopback"][:100], given_name=marks["urandom"])
    Visit.objects.filter(pk=ready_visit.pk).update(chief_complaint=everything[:500])
    Plan.objects.filter(visit=ready_visit).update(plan_notes=everything)
    Assessment.objects.filter(visit=ready_visit).update(override_reason=everything)
    DiagnosticStudy.objects.create(visit=ready_visit, modality="mri", region="lumbar",
                                   status="resulted", impression=everything)

    started = time.monotonic()
    assert sign(physician_client, ready_visit).status_code == 302
    assert add_addendum(physician_client, ready_visit, text=everything,
                        reason=marks["metadata"]).status_code == 302
    assert time.monotonic() - started < BUDGET_SECONDS

    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody knocked
    for number in (1, 2):
        pdf = body(physician_client.get(reverse("notes:download", kwargs={
            "pk": ready_visit.pk, "number": number})))
        text = pdf_text(pdf)
        flat = squeezed(text)
        for name in ("metadata", "attachment", "import", "stylesheet", "background"):
            assert squeezed(marks[name]) in flat, (number, name)
        assert "root:x:0:0" not in text
        assert embedded_files(pdf, tmp_path) == "0 embedded files"
        assert b"/EmbeddedFile" not in pdf and b"/URI" not in pdf


def test_the_installed_weasyprint_has_the_fetcher_fixes():
    from importlib.metadata import version

    major = int(version("weasyprint").split(".")[0])
    assert major >= 70  # redirects (<68), stylesheets/xmp channels (<70) were fetcher bypasses
