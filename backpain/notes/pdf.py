"""The signed visit note as a PDF: the note template rendered by WeasyPrint, offline.

WeasyPrint is a browser running on the server: by default it reads file: URLs, follows
http(s) links and embeds what it fetches. The note therefore loads nothing but the project's
own stylesheet and fonts, addressed by a private scheme (pdf_render.note_url_fetcher); every
other URL stops the rendering, because a signed note must be printed complete or not at all. Patient
text reaches the HTML only through Django's autoescaping, which is the real control against
injected tags; the fetcher is the second line (docs/security.md: threat model, checks T-32
and T-33).
"""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string

from backpain.clinical.codes import flag_action, label_for
from backpain.clinical.dictionary import label_of
from backpain.clinical.result import URGENCY_ORDER, evidence_in_words
from backpain.visits.decision_support import imaging_in_words
from backpain.visits.trend_charts import trend_context

from .content import FORMAT_1, FORMATS
from .dates import day
from .layout import laid_out_section

TEMPLATE = "notes/note.html"
# Our own scheme: urljoin() cannot resolve relative URLs against it, so every asset in the
# template and stylesheet is written in full, and a stray relative URL is refused. Letters
# only: Django's manifest storage leaves a url() alone when it starts with `[a-z]+:`, so
# collectstatic in production keeps note.css as it is (a hyphen would make it a path).
ASSET_SCHEME = "noteasset"
ASSET_BASE = f"{ASSET_SCHEME}:/"
# The note's own stylesheet and fonts: printed into PDFs, never served to browsers, so they
# live beside this module rather than among the static files (collectstatic would compress
# two megabytes of fonts no page loads).
ASSETS_DIR = Path(__file__).resolve().parent / "assets"
# Folder in the URL -> (folder on disk, the file types served from it).
ASSET_FOLDERS = {
    "css": (ASSETS_DIR / "css", {".css": "text/css"}),
    "fonts": (ASSETS_DIR / "fonts", {".ttf": "font/ttf"}),
}
STYLESHEET_URL = f"{ASSET_BASE}css/note.css"
ASSET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)+")
# The setting's values -> CSS page sizes.
PAGE_SIZES = {"A4": "A4", "Letter": "letter"}
# Clinical order of the recorded steps; a step the note does not know yet goes after them.
SECTIONS_BEFORE_DECISION_SUPPORT = ("history", "questionnaires", "examination", "diagnostics")
SECTIONS_AFTER_DECISION_SUPPORT = ("assessment", "plan")
TWO_UP_AFTER = 8  # rows


class NotePdfError(RuntimeError):
    """The PDF could not be made complete (a refused or missing resource)."""


def render_note_pdf(document: dict, signatures: list[dict], *,
                    page_size: str | None = None, draft: bool = False) -> bytes:
    """The PDF of a canonical note (notes.content.note_document) and its signatures; a
    draft is watermarked on every page and is never the signed PDF."""
    # WeasyPrint (some 45 MB) is loaded by the first render, not by every process that
    # imports the URLconf: web workers whose notes are rendered by the job worker never load it.
    from .pdf_render import html_to_pdf

    return html_to_pdf(note_html(document, signatures, page_size=page_size, draft=draft))


def note_html(document: dict, signatures: list[dict], *, page_size: str | None = None,
              draft: bool = False) -> str:
    if document.get("format") not in FORMATS:
        raise ValueError(f"unknown note format: {document.get('format')!r}")
    context = note_context(document, signatures, page_size_of(page_size))
    return render_to_string(TEMPLATE, {**context, "draft": draft})


def page_size_of(page_size) -> str:
    if page_size is None:
        page_size = getattr(settings, "NOTE_PAGE_SIZE", "A4")
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}: {page_size!r}")
    return PAGE_SIZES[page_size]


def note_context(document, signatures, css_page_size) -> dict:
    patient, visit = document["patient"], document["visit"]
    zone_name = clinic_zone_name(signatures)
    grouped = document.get("format", FORMAT_1) != FORMAT_1
    sections = {section["slug"]: laid_out_section(section) if grouped else with_pairs(section)
                for section in document["sections"]}
    known = SECTIONS_BEFORE_DECISION_SUPPORT + SECTIONS_AFTER_DECISION_SUPPORT
    before = [sections[slug] for slug in SECTIONS_BEFORE_DECISION_SUPPORT if slug in sections]
    before += [sections[s["slug"]] for s in document["sections"] if s["slug"] not in known]
    note_signatures = [signature_block(s) for s in signatures if s["kind"] == "note"]
    addenda = [{**addendum, "created": moment(addendum["created_at"], zone_name),
                "signatures": [signature_block(s) for s in signatures
                               if s["kind"] == "addendum"
                               and s.get("addendum_number") == addendum["number"]]}
               for addendum in document.get("addenda", [])]
    numbers = {addendum["number"] for addendum in addenda}
    return {
        "page_size": css_page_size,
        # Format 2 prints the summary and the grouped findings; format 1 as it was signed.
        "grouped": grouped,
        "summary": document.get("summary", ""),
        # Format 3 carries the outcome trends as signed; earlier formats have none.
        "trends": trend_context(document.get("outcomes") or {}),
        # Format 4 carries what changed since the last signed visit, as signed.
        "changes": changes_context(document.get("changes") or {}),
        "clinic": document["clinic"],
        "patient": {**patient, "display_name": display_name(patient),
                    "dob": day(patient["date_of_birth"])},
        "visit": {**visit, "date": day(visit["visit_date"])},
        "sections_before": before,
        "assessment_section": sections.get("assessment"),
        "plan_section": sections.get("plan"),
        "ds": decision_support(document.get("decision_support") or {}),
        "conclusion": conclusion(document.get("conclusion") or {}),
        "note_signatures": note_signatures,
        "addenda": addenda,
        # Signed addenda missing from the document are still shown, never hidden.
        "other_signatures": [signature_block(s) for s in signatures
                             if s["kind"] != "note" and s.get("addendum_number") not in numbers],
    }


def changes_context(changes) -> dict | None:
    if not changes.get("rows"):
        return None
    return {"since": day(changes["since"]), "rows": changes["rows"]}


def with_pairs(section) -> dict:
    """A long list of short answers is printed two to a line, to keep the note short."""
    rows = section.get("rows", [])
    if len(rows) <= TWO_UP_AFTER:
        return {**section, "pairs": None}
    return {**section, "pairs": [rows[i:i + 2] for i in range(0, len(rows), 2)]}


def display_name(patient) -> str:
    return f"{patient['family_name'].upper()}, {patient['given_name']}"


def clinic_zone_name(signatures) -> str:
    zones = [s["timezone"] for s in signatures if s.get("timezone")]
    return zones[0] if zones else settings.TIME_ZONE


def moment(value, zone_name) -> str:
    """An aware datetime (or its ISO text) in the clinic's zone, with the zone named."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"a signed note's times must be timezone-aware: {value!r}")
    zone = ZoneInfo(zone_name)
    local = value.astimezone(zone)
    offset = local.strftime("%z")
    return (f"{day(local.date().isoformat())} {local:%H:%M:%S} {local.tzname()} "
            f"({zone.key}, UTC{offset[:3]}:{offset[3:]})")


def signature_block(signature) -> dict:
    return {
        "kind": signature["kind"],
        "addendum_number": signature.get("addendum_number"),
        "signer": ", ".join(part for part in (signature["printed_name"],
                                              signature.get("credentials")) if part),
        "meaning": signature["meaning"],
        "signed_at": moment(signature["signed_at"], signature["timezone"]),
        "content_hash": signature["content_hash"],
    }


def decision_support(ds) -> dict:
    flags = sorted(ds.get("red_flags", []),
                   key=lambda f: (URGENCY_ORDER.index(f["urgency"])
                                  if f["urgency"] in URGENCY_ORDER else len(URGENCY_ORDER)))
    duration = ds.get("duration") or {}
    location = ds.get("location") or {}
    imaging = ds.get("imaging")
    return {
        "red_flags": [{**in_words(flag), "label": label_for(flag["code"]),
                       "urgency_label": label_for(flag["urgency"]),
                       "action_label": flag_action(flag)} for flag in flags],
        "screening_gaps": [{"question": gap.get("question") or question_of(gap["field"]),
                            "field": gap["field"],
                            "screens_for": label_for(gap["screens_for"])}
                           for gap in ds.get("screening_gaps", [])],
        "location": ", ".join(label_for(region) for region in location.get("regions", [])),
        "extent": location.get("extent") and label_for(location["extent"]),
        "duration_days": duration.get("days"),
        "duration_category": duration.get("category") and label_for(duration["category"]),
        "patterns": [{**in_words(p), "label": label_for(p["code"])}
                     for p in ds.get("patterns", [])],
        "generators": [{**in_words(g), "label": label_for(g["code"])}
                       for g in ds.get("generators", [])],
        "imaging": imaging_in_words(imaging),
        "suggested_tests": ds.get("suggested_tests", []),
        "rules_version": ds.get("rules_version", "1"),
        "scores": scores(ds.get("scores") or {}),
        "diagnosis_suggestions": [label_for(code)
                                  for code in ds.get("diagnosis_suggestions", [])],
    }


def in_words(item) -> dict:
    """An output item with its evidence in words; a note signed before the engine gave them
    has them made from its paths."""
    if "evidence_words" in item:
        return item
    return {**item, "evidence_words": [evidence_in_words(e) for e in item.get("evidence", [])]}


def question_of(path) -> str:
    try:
        return label_of(path)
    except KeyError:
        return label_for(path.rpartition(".")[2])


def scores(values) -> dict:
    """Scores as computed, with their bands in words (bed_bound -> bed bound)."""
    return {name: {**score, "band": str(score["band"]).replace("_", " ")}
            if isinstance(score, dict) and "band" in score else score
            for name, score in values.items()}


def conclusion(record) -> dict:
    confirmed = record.get("confirmed_patterns", [])
    engine = record.get("engine_patterns", [])
    return {
        **record,
        "confirmed_patterns": confirmed,
        "engine_patterns": engine,
        "differs": sorted(confirmed) != sorted(engine),
    }
