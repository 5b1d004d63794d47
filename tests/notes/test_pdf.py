"""The PDF visit note: what a reader finds on every page, and what WeasyPrint may never load."""

import copy
import hashlib
import json
import re
import subprocess
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from weasyprint.urls import URLFetcher

from backpain.notes import pdf, pdf_render
from backpain.notes.pdf import NotePdfError, moment, note_context, render_note_pdf
from backpain.notes.pdf_render import html_to_pdf, note_url_fetcher

# Notes as signed in format 1 (one row per answer, before the grouped layout of format 2,
# tested in test_grouped_note.py): a note signed then must keep printing as it was signed.
SAMPLES = json.loads((Path(__file__).parent / "sample_note.json").read_text(encoding="utf-8"))
NOTE_HASH = hashlib.sha256(b"the canonical note").hexdigest()
SIGNED_AT = datetime(2026, 11, 25, 14, 32, 7, tzinfo=UTC)
BUNDLED = {
    "noteasset:/css/note.css",
    "noteasset:/fonts/DejaVuSans.ttf",
    "noteasset:/fonts/DejaVuSans-Bold.ttf",
    "noteasset:/fonts/DejaVuSans-Oblique.ttf",
    "noteasset:/fonts/DejaVuSansMono.ttf",
}
ADDENDA = 14


def addendum_hash(number):
    return hashlib.sha256(f"addendum {number}".encode()).hexdigest()


def signature(kind="note", number=None, content_hash=NOTE_HASH, signed_at=SIGNED_AT,
              timezone="Europe/London"):
    return {"kind": kind, "addendum_number": number, "printed_name": "Jane Doe",
            "credentials": "MD", "meaning": "Authored and signed", "signed_at": signed_at,
            "timezone": timezone, "content_hash": content_hash}


def section(document, slug):
    return next(s for s in document["sections"] if s["slug"] == slug)


def full_document(addenda=0):
    """RSC-100101 with every part of the note filled in: exam grids, a study, a flag of each
    urgency, unasked screening questions, root levels, an override, a plan and addenda."""
    document = copy.deepcopy(SAMPLES["RSC-100101"])
    section(document, "examination").update(
        copy.deepcopy(section(SAMPLES["RSC-100109"], "examination")))
    section(document, "plan").update(copy.deepcopy(section(SAMPLES["RSC-100109"], "plan")))
    section(document, "diagnostics").update({
        "rows": [{"label": "CRP (mg/L)", "value": "4.2"}],
        "studies": [[{"label": "Study", "value": "MRI"},
                     {"label": "Region", "value": "Lumbar"},
                     {"label": "Status", "value": "Reported"},
                     {"label": "Report impression",
                      "value": "L5-S1 left paracentral disc extrusion contacting the S1 root."}]],
    })
    ds = document["decision_support"]
    ds["red_flags"] = [
        SAMPLES["RSC-100105"]["decision_support"]["red_flags"][0],
        {"code": "malignancy", "urgency": "urgent", "time_frame": "within_1_week",
         "imaging": "urgent_mri", "imaging_region": "thoracic spine",
         "evidence": ["history.cancer_history=true"],
         "rationale": "A history of cancer warrants screening for spinal malignancy.",
         "citation": "Downie et al., BMJ 2013"},
        SAMPLES["RSC-100104"]["decision_support"]["red_flags"][0],
    ]
    ds["screening_gaps"] = SAMPLES["RSC-100112"]["decision_support"]["screening_gaps"][:2]
    ds["patterns"][0]["levels"] = ["L5", "S1"]
    ds["scores"]["ndi"] = {"score": 12.0, "percent": 24.0, "band": "mild"}
    document["conclusion"].update({
        "confirmed_patterns": ["Radicular pain", "Axial mechanical pain"],
        "override_reason": "Mechanical back pain also present on examination.",
        "diagnoses": ["M54.16 Radiculopathy, lumbar region"],
        "acknowledged_red_flags": ["Cauda equina syndrome", "Malignancy",
                                   "Inflammatory spondyloarthritis"],
    })
    document["addenda"] = [
        {"number": n, "reason": "Late entry",
         "text": f"Addendum {n} text. Telephone review: leg pain easing, no new bladder or "
                 "bowel symptoms, safety-net advice repeated.\nSecond line of the addendum.",
         "author": "Jane Doe, MD", "created_at": f"2026-11-{26 + n % 3}T09:15:00+00:00"}
        for n in range(1, addenda + 1)
    ]
    return document


def full_signatures(addenda=0):
    return [signature(), *(signature("addendum", n, addendum_hash(n))
                           for n in range(1, addenda + 1))]


def run(*command, data=b""):
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode()


def pages_of(pdf_bytes):
    text = run("pdftotext", "-layout", "-", "-", data=pdf_bytes)
    return text.rstrip("\f").split("\f")


def page_size_of(pdf_bytes):
    info = run("pdfinfo", "-", data=pdf_bytes)
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
    return float(width), float(height)


def squeezed(text):
    """The text without whitespace: long values may wrap anywhere in the layout."""
    return "".join(text.split())


def heading_line(lines, heading):
    return next(i for i, line in enumerate(lines) if line.strip() == heading)


@pytest.fixture(scope="module")
def full_note():
    pdf_bytes = render_note_pdf(full_document(ADDENDA), full_signatures(ADDENDA), page_size="A4")
    return pdf_bytes, pages_of(pdf_bytes)


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks for, with what happened to it, from a fresh thread's renderer
    (the stylesheet and fonts not loaded yet). WeasyPrint's own fetcher (the one that reads
    files and the network) is replaced by an alarm."""
    calls = []
    serve = pdf_render.note_url_fetcher

    def spy(url, timeout=10, ssl_context=None):
        try:
            response = serve(url)
        except ValueError:
            calls.append((url, "refused"))
            raise
        calls.append((url, "served"))
        return response

    def builtin_fetch(self, url, headers=None):
        calls.append((url, "weasyprint's own fetcher"))
        raise AssertionError(f"WeasyPrint's own fetcher was asked for {url}")

    monkeypatch.setattr(pdf_render, "note_url_fetcher", spy)
    monkeypatch.setattr(URLFetcher, "fetch", builtin_fetch)
    monkeypatch.setattr(pdf_render, "_renderer", threading.local())
    return calls


def assert_never_contacted(server):
    with pytest.raises(BlockingIOError):
        server.accept()


# What a reader finds

@pytest.mark.parametrize("mrn", sorted(SAMPLES))
def test_each_sample_note_renders_with_its_patient_and_signature(mrn):
    document = SAMPLES[mrn]
    pages = pages_of(render_note_pdf(document, [signature()], page_size="A4"))
    text = "\n".join(pages)
    patient = document["patient"]
    assert f"{patient['family_name'].upper()}, {patient['given_name']}" in text
    assert f"MRN {patient['mrn']}" in text
    assert document["visit"]["chief_complaint"] in text
    assert document["clinic"]["name"] in pages[0]
    assert document["clinic"]["address"] in pages[0]
    assert document["clinic"]["phone"] in pages[0]
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert "Decision support, not a diagnosis" in text
    assert NOTE_HASH in squeezed(text)
    assert len(pages) <= 3


def test_patient_identification_and_page_number_on_every_page(full_note):
    _, pages = full_note
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        header = page.strip().splitlines()[0]
        assert "OKAFOR, Chinedu" in header
        assert "MRN RSC-100101" in header
        assert "DOB 14 Mar 1978" in header
        assert "Visit 25 Nov 2026" in header
        assert f"Page {number} of {len(pages)}" in page


def test_sections_follow_the_clinical_order(full_note):
    _, pages = full_note
    lines = "\n".join(pages).splitlines()
    order = ["Patient and visit", "History", "Questionnaires", "Examination", "Diagnostics",
             "Decision support", "Physician's assessment", "Plan", "Signature", "Addendum 1",
             "Addendum signature", "Addendum 2"]
    positions = [heading_line(lines, heading) for heading in order]
    assert positions == sorted(positions)


def test_red_flags_show_urgency_evidence_rationale_and_source(full_note):
    _, pages = full_note
    text = "\n".join(pages)
    assert re.search(r"EMERGENCY\s+Cauda equina syndrome", text)
    assert re.search(r"URGENT\s+Malignancy", text)
    # What each flag asks for and how soon (rules version 2).
    assert squeezed("Malignancy (Urgent MRI of the thoracic spine, within a week)") \
        in squeezed(text)
    assert re.search(r"REVIEW\s+Inflammatory spondyloarthritis", text)
    # Most urgent first, whatever the engine's order.
    assert text.index("Cauda equina syndrome") < text.index("URGENT") < text.index("REVIEW")
    flat = squeezed(text)
    assert squeezed("consider same-day emergency assessment and MRI") in flat
    # Evidence in words, never as a machine path (issue 13, item 4).
    assert squeezed("Numbness in the saddle area (perineum, buttocks, inner thighs)?: Yes") \
        in flat
    assert "history." not in flat and "exam." not in flat
    assert squeezed("Source: NICE NG59 (2016, rev. 2020) 1.1.1") in flat


def test_urgency_colours_come_from_the_urgency():
    html = render_to_string("notes/note.html",
                            note_context(full_document(), [signature()], "A4"))
    for urgency in ("emergency", "urgent", "review"):
        assert f'class="block flag urgency-{urgency}"' in html


def test_decision_support_details(full_note):
    _, pages = full_note
    text = "\n".join(pages)
    flat = squeezed(text)
    assert squeezed("Bladder problems: not asked") in flat
    assert squeezed("screens for Cauda equina syndrome") in flat
    assert squeezed("Radicular pain, root levels L5, S1") in flat
    assert squeezed("56 days: Subacute (6 to 12 weeks)") in flat
    assert "Intervertebral disc" in text
    assert squeezed("MRI only if a candidate for surgery or injection") in flat
    assert squeezed("Source: ACR LBP (2021) variants 2 and 4") in flat
    assert squeezed("ODI: 42.0% (severe)") in flat
    assert squeezed("NDI: 12.0/50, 24.0% (mild)") in flat
    assert squeezed("STarT Back: 4/9, psychosocial 1/5, medium risk") in flat


def test_recorded_steps_are_printed(full_note):
    _, pages = full_note
    text = "\n".join(pages)
    flat = squeezed(text)
    assert "Motor (MRC grade 0-5)" in text
    assert re.search(r"L5\s+Great toe extension\s+5\s+5", text)
    assert "Study 1" in text
    assert squeezed("L5-S1 left paracentral disc extrusion contacting the S1 root.") in flat
    assert squeezed("Home exercise programme") in flat


def test_physician_assessment_shows_the_override_reason_when_it_differs(full_note):
    _, pages = full_note
    flat = squeezed("\n".join(pages))
    assert squeezed("Pain patterns confirmed Radicular pain; Axial mechanical pain") in flat
    assert squeezed("Engine suggested Radicular pain") in flat
    assert squeezed("Mechanical back pain also present on examination.") in flat
    assert squeezed("M54.16 Radiculopathy, lumbar region") in flat
    assert squeezed("Red flags reviewed Cauda equina syndrome; Malignancy") in flat


def test_no_override_line_when_the_physician_agrees():
    pages = pages_of(render_note_pdf(SAMPLES["RSC-100109"], [signature()], page_size="A4"))
    text = "\n".join(pages)
    assert "Axial mechanical pain" in text
    assert "Reason for differing" not in text


def test_signature_blocks_follow_the_plan_and_each_addendum(full_note):
    _, pages = full_note
    text = "\n".join(pages)
    flat = squeezed(text)
    assert squeezed("Signed by Jane Doe, MD") in flat
    assert squeezed("Meaning Authored and signed") in flat
    assert squeezed("25 Nov 2026 14:32:07 GMT (Europe/London, UTC+00:00)") in flat
    note_hash_at = flat.index(NOTE_HASH)
    assert flat.index("Plan") < note_hash_at < flat.index("Addendum1text")
    for number in range(1, ADDENDA):
        text_at = flat.index(f"Addendum{number}text")
        assert text_at < flat.index(addendum_hash(number)) < flat.index(
            f"Addendum{number + 1}text")
    assert "Second line of the addendum." in text


def test_an_unsigned_addendum_is_marked():
    pages = pages_of(render_note_pdf(full_document(addenda=1), [signature()], page_size="A4"))
    assert "This addendum has not been signed." in "\n".join(pages)


def test_signature_time_is_shown_in_the_clinic_zone_with_its_name():
    summer = datetime(2026, 7, 1, 18, 0, tzinfo=UTC)
    assert moment(summer, "Europe/London") == "1 Jul 2026 19:00:00 BST (Europe/London, UTC+01:00)"
    assert (moment(summer, "America/New_York")
            == "1 Jul 2026 14:00:00 EDT (America/New_York, UTC-04:00)")
    assert moment("2026-11-26T09:15:00+00:00", "Europe/London").startswith(
        "26 Nov 2026 09:15:00 GMT")


def test_a_signature_time_without_a_zone_is_refused():
    naive = signature(signed_at=datetime(2026, 11, 25, 14, 32))
    with pytest.raises(ValueError, match="timezone-aware"):
        render_note_pdf(SAMPLES["RSC-100101"], [naive], page_size="A4")


def test_an_unknown_note_format_is_refused():
    document = {**SAMPLES["RSC-100101"], "format": "backpain-note/99"}
    with pytest.raises(ValueError, match="format"):
        render_note_pdf(document, [signature()], page_size="A4")


# Page size

def test_a4_and_letter(full_note):
    a4_bytes, _ = full_note
    assert page_size_of(a4_bytes) == pytest.approx((595.28, 841.89), abs=0.01)
    letter = render_note_pdf(SAMPLES["RSC-100112"], [signature()], page_size="Letter")
    assert page_size_of(letter) == pytest.approx((612, 792), abs=0.01)


def test_page_size_defaults_to_the_setting(settings):
    settings.NOTE_PAGE_SIZE = "Letter"
    letter = render_note_pdf(SAMPLES["RSC-100112"], [signature()])
    assert page_size_of(letter) == pytest.approx((612, 792), abs=0.01)


@pytest.mark.parametrize("page_size", ["A5", "letter", "a4", "", "Legal"])
def test_other_page_sizes_are_refused(page_size):
    with pytest.raises(ValueError, match="page size"):
        render_note_pdf(SAMPLES["RSC-100112"], [signature()], page_size=page_size)


def test_a_bad_page_size_setting_is_refused(settings):
    settings.NOTE_PAGE_SIZE = "Tabloid"
    with pytest.raises(ValueError, match="page size"):
        render_note_pdf(SAMPLES["RSC-100112"], [signature()])


# Fonts

def test_only_the_bundled_dejavu_fonts_are_embedded(full_note):
    pdf_bytes, _ = full_note
    listing = run("pdffonts", "-", data=pdf_bytes).splitlines()
    fonts = [line.split() for line in listing[2:] if line.strip()]
    assert fonts
    names = {font[0].partition("+")[2] for font in fonts}
    assert names == {"DejaVuSansNote", "DejaVuSansNote-Bold", "DejaVuSansNote-Italic",
                     "DejaVuSansMonoNote"}
    for font in fonts:
        assert "DejaVuSans" in font[0]
        assert font[-5:-3] == ["yes", "yes"]  # embedded, subset


# Escaping and the fetcher

PAYLOAD = "<img src=x onerror=alert(1)>"


def test_patient_text_is_escaped_in_the_html():
    document = copy.deepcopy(SAMPLES["RSC-100101"])
    document["visit"]["chief_complaint"] = PAYLOAD
    html = render_to_string("notes/note.html", note_context(document, [signature()], "A4"))
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert PAYLOAD not in html


def test_injected_markup_in_patient_text_is_printed_and_nothing_is_fetched(
        fetched, listener, tmp_path):
    port = listener.getsockname()[1]
    remote = f"http://127.0.0.1:{port}"
    document = full_document(addenda=1)
    document["visit"]["chief_complaint"] = PAYLOAD
    document["addenda"][0]["reason"] = f'<img src="{remote}/reason.png">'
    document["conclusion"]["override_reason"] = (
        f"<style>@import url({remote}/import.css);</style>")
    section(document, "plan")["rows"][0]["value"] = (
        '<link rel="attachment" href="file:///etc/passwd">')
    document["addenda"][0]["text"] = (
        '<img src="file:///etc/passwd"><img src="data:image/png;base64,iVBORw0KGgo=">')
    pdf_bytes = render_note_pdf(document, full_signatures(1), page_size="A4")

    text = "\n".join(pages_of(pdf_bytes))
    assert PAYLOAD in text
    flat = squeezed(text)
    assert squeezed(f'<img src="{remote}/reason.png">') in flat
    assert squeezed(f"<style>@import url({remote}/import.css);</style>") in flat
    assert squeezed('<link rel="attachment" href="file:///etc/passwd">') in flat
    assert "root:x:0:0" not in text
    assert {url for url, _ in fetched} == BUNDLED
    assert {outcome for _, outcome in fetched} == {"served"}
    assert_never_contacted(listener)
    assert "0 embedded files" in run_pdfdetach(pdf_bytes, tmp_path)


def run_pdfdetach(pdf_bytes, tmp_path):
    path = tmp_path / "note.pdf"
    path.write_bytes(pdf_bytes)
    return run("pdfdetach", "-list", str(path)).strip() or "0 embedded files"


@pytest.mark.parametrize("markup", [
    '<img src="{remote}/image.png">',
    '<link rel="stylesheet" href="{remote}/style.css">',
    "<style>@import url({remote}/import.css);</style>",
    '<div style="background: url({remote}/bg.png)">x</div>',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<img src="file:///etc/passwd">',
    '<img src="data:image/svg+xml,<svg xmlns=%22http://www.w3.org/2000/svg%22/>">',
    '<img src="/etc/passwd">',
    '<img src="../../../etc/passwd">',
    '<img src="noteasset:/css/../../backpain/settings.py">',
])
def test_injected_html_is_never_fetched_and_stops_the_rendering(markup, fetched, listener):
    remote = f"http://127.0.0.1:{listener.getsockname()[1]}"
    html = f"<html><body><p>Note</p>{markup.format(remote=remote)}</body></html>"
    with pytest.raises(NotePdfError, match="refused"):
        html_to_pdf(html)
    injected = [outcome for url, outcome in fetched if url not in BUNDLED]
    assert injected, "the injected resource never reached the fetcher"
    assert set(injected) == {"refused"}
    assert_never_contacted(listener)


def test_a_normal_note_fetches_only_its_bundled_assets_once(fetched):
    render_note_pdf(SAMPLES["RSC-100104"], [signature()], page_size="A4")
    assert {url for url, _ in fetched} == BUNDLED
    assert {outcome for _, outcome in fetched} == {"served"}
    # The stylesheet and fonts are kept for the next note (parsed once per thread).
    render_note_pdf(SAMPLES["RSC-100109"], [signature()], page_size="A4")
    assert sorted(url for url, _ in fetched) == sorted(BUNDLED)


def test_each_thread_loads_its_own_stylesheet_and_fonts():
    """WeasyPrint's font configuration is not shared between threads (a worker pool may
    render in several)."""
    here = pdf_render.note_stylesheet()
    there = []
    thread = threading.Thread(target=lambda: there.append(pdf_render.note_stylesheet()))
    thread.start()
    thread.join()
    assert pdf_render.note_stylesheet() is here
    assert there[0][1] is not here[1]


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x",
    "https://example.org/note.css",
    "ftp://example.org/font.ttf",
    "file:///etc/passwd",
    "file:///work/main/backpain/notes/assets/css/note.css",
    "data:text/css,body{color:red}",
    "data:image/png;base64,iVBORw0KGgo=",
    "data:,",
    "javascript:alert(1)",
    "/etc/passwd",
    "../assets/css/note.css",
    "css/note.css",
    "noteasset:/css/../../backpain/settings.py",
    "noteasset:/css/..%2F..%2Fbackpain%2Fsettings.py",
    "noteasset:/fonts/../css/note.css",
    "noteasset:/css/",
    "noteasset:/css/missing.css",
    "noteasset:/css/app.css/",
    "noteasset:/css/note.css?x=1",
    "noteasset:/css/note.css#top",
    "noteasset:/js/app.js",
    "noteasset:/fonts/DEJAVU-LICENSE.txt",
    "noteasset:/css/DejaVuSans.ttf",
    "noteasset://127.0.0.1/css/note.css",
    "noteasset:/static/css/note.css",
    "NOTEASSET:/css/note.css",
])
def test_the_fetcher_refuses_everything_but_bundled_assets(url, monkeypatch):
    def alarm(*args, **kwargs):
        raise AssertionError("read a file")

    monkeypatch.setattr(Path, "read_bytes", alarm)
    with pytest.raises(ValueError, match="refused"):
        note_url_fetcher(url)


def test_the_fetcher_serves_the_bundled_stylesheet_and_fonts():
    css = note_url_fetcher("noteasset:/css/note.css")
    assert css.content_type == "text/css"
    assert b"@font-face" in css.read()
    font = note_url_fetcher("noteasset:/fonts/DejaVuSans.ttf", timeout=1, ssl_context=None)
    assert font.content_type == "font/ttf"
    assert font.read(4) == b"\x00\x01\x00\x00"


def test_the_fetcher_refuses_a_symlink_out_of_its_folder(monkeypatch, tmp_path):
    folder = tmp_path / "css"
    folder.mkdir()
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    (folder / "linked.css").symlink_to(secret)
    monkeypatch.setitem(pdf.ASSET_FOLDERS, "css", (folder, {".css": "text/css"}))
    with pytest.raises(ValueError, match="refused"):
        note_url_fetcher("noteasset:/css/linked.css")


def test_the_user_agent_stylesheet_leaves_out_only_pseudo_elements_the_note_never_draws():
    """WeasyPrint's default stylesheet, less the footnote and note rules and with ::marker on
    list items only (each rule for every element cost a computed style per element)."""
    from weasyprint.html import UA

    ours, theirs = pdf_render.user_agent_css().splitlines(), UA.splitlines()
    assert set(theirs) - set(ours) == {line for line in theirs if line.startswith(
        ("::marker", "::footnote-", "::note-"))}
    assert set(ours) - set(theirs) == {"li" + line for line in theirs
                                       if line.startswith("::marker")}
