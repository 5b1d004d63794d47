"""The note a clinician reads (format 2): a summary first, positives as rows, negatives grouped
one line per block, unasked items left out, labels from the data dictionary, free text full
width, ICD-10-CM codes with their descriptions."""

import dataclasses
import re

import pytest
from django.urls import reverse

from backpain.clinical import dictionary
from backpain.notes.content import note_document
from backpain.notes.grouping import grouped
from backpain.notes.pdf import render_note_pdf
from backpain.visits.models import DiagnosticStudy, Examination, History, Plan
from backpain.visits.services import visit_with_steps
from tests.notes.layout_boxes import body_boxes, page_content_box, pages_of
from tests.notes.test_pdf import pages_of as text_pages
from tests.notes.test_pdf import signature, squeezed

pytestmark = pytest.mark.django_db
PLAN_NOTES = ("Walk daily, building up to 30 minutes. Review the MRI at the next visit if the "
              "leg pain has not settled; return at once if bladder or bowel symptoms appear.")
IMPRESSION = "Mild L4-5 facet arthropathy; no nerve root compression."


@pytest.fixture
def visit(ready_visit):
    Examination.objects.filter(visit=ready_visit).update(
        gait="antalgic", paraspinal_tenderness=True, midline_tenderness=False,
        motor_l4_left=5, motor_l4_right=5, motor_l5_left=4, motor_l5_right=5,
        reflex_achilles_left=2, reflex_achilles_right=2, slr_left=False, slr_right=False,
        anal_tone="normal", temperature_c="36.8")
    Plan.objects.filter(visit=ready_visit).update(plan_notes=PLAN_NOTES)
    DiagnosticStudy.objects.create(visit=ready_visit, modality="mri", region="lumbar",
                                   status="resulted", impression=IMPRESSION)
    return visit_with_steps(ready_visit.pk)


@pytest.fixture
def document(visit):
    return note_document(visit)


@pytest.fixture
def text(document):
    return "\n".join(text_pages(render_note_pdf(document, [signature()], page_size="A4")))


def test_the_note_opens_with_a_summary_of_the_visit(document, text, visit):
    summary = document["summary"]
    age = visit.visit_date.year - visit.patient.date_of_birth.year
    assert re.match(rf"{age - 1}|{age}-year-old ", summary)
    assert visit.patient.get_sex_display().lower() in summary
    assert "Lumbar pain" in summary and "for 10 days (acute)" in summary
    assert "pattern suggested: axial mechanical pain" in summary
    # Abnormal findings only: not the normal anal tone, not a bare measurement.
    assert "Pertinent positives: gait: antalgic; paraspinal tenderness; L5 motor: left 4, " \
           "right 5." in summary
    assert "No red flag raised." in summary
    assert "Decision: confirmed axial mechanical pain; M54.59 Other low back pain; " \
           "disposition routine care; follow-up in 6 weeks." in summary
    flat = squeezed(text)
    assert flat.index("Summary") < flat.index("History")
    assert squeezed(summary) in flat


def test_negative_answers_are_grouped_one_line_per_block(text):
    flat = squeezed(text)
    assert squeezed("Red-flag screen negative: injury; weakness; numbness in the saddle area; "
                    "bladder problems; loss of bowel control; fever, chills or night sweats; "
                    "unexplained weight loss; history of cancer") in flat
    # Under its block's heading, the line says only "Negative".
    assert re.search(r"Locationandcourse.*Negative:doesthepainspread", flat)
    assert re.search(r"Palpationandmovement.*Normalornegative:spinous-processtenderness", flat)
    assert squeezed("Neurological and tension signs normal or negative: straight-leg raise "
                    "reproduces leg pain below the knee") in flat
    # "Normal" answers are grouped too, under the block's name when it has no positive.
    assert squeezed("Cauda equina examination normal or negative: anal tone") in flat
    # No row of its own for a negative answer.
    assert "Weakness?" not in text and "Loss of bowel control?" not in text


def test_roots_normal_on_both_sides_are_one_line_and_the_others_a_table(text):
    flat = squeezed(text)
    assert squeezed("Motor (MRC grade 0-5) normal on both sides: L4") in flat
    assert re.search(r"L5\s+Great toe extension\s+4\s+5", text)
    assert squeezed("Reflexes (0-4) normal on both sides: Achilles") in flat


def test_unasked_findings_are_left_out_and_no_machine_path_is_printed(text):
    findings = text.split("Red-flag screen negative")[1].split("Decision support")[0]
    assert "not asked" not in findings and "—" not in findings
    assert "Pregnant" not in text and "Osteoporosis" not in text
    for path in ("history.", "exam.", "plan.", "_left", "_right", "motor_l5", "slr_"):
        assert path not in text


def test_labels_come_from_the_data_dictionary(document):
    history = next(s for s in document["sections"] if s["slug"] == "history")
    labels = {row["label"] for block in history["blocks"] for row in block["rows"]}
    declared = {item.label for item in dictionary.section("history")}
    assert labels and labels <= declared
    assert set(history["screen_negatives"]) <= declared
    titles = {block["title"] for block in history["blocks"]}
    assert titles <= {item.group for item in dictionary.section("history")}


def test_free_text_runs_full_width_as_paragraphs(document, text):
    flat = squeezed(text)
    assert squeezed(PLAN_NOTES) in flat and squeezed(IMPRESSION) in flat
    widths = []
    for page in pages_of(document, [signature()], page_size="A4"):
        left, right = page_content_box(page._page_box)
        for box in body_boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is not None and "free-text" in (element.get("class") or "").split():
                widths.append((box.position_x, box.position_x + box.margin_width(), left,
                               right))
    assert len(widths) >= 2  # the plan notes and the study's report impression
    for start, end, left, right in widths:
        assert abs(start - left) < 0.5 and abs(end - right) < 0.5


def test_every_text_finding_of_a_step_is_a_paragraph_whatever_its_name(visit, monkeypatch):
    """A text-kind finding added to the dictionary later (a history narrative, an examination
    comment) appears as a paragraph without further work: the note reads the kind from the
    declaration, not from a list of names."""
    from backpain.notes import grouping

    record = visit.step_record("history")
    declared = grouping.declarations_of(History)
    # Suppose "How did it start?" were declared as free text.
    as_text = dataclasses.replace(declared["onset"], kind=dictionary.Kind.TEXT)
    monkeypatch.setattr(grouping, "declarations_of",
                        lambda model: {**declared, "onset": as_text})
    section = grouped(History, record, History.finding_field_names())
    assert section["texts"] == [{"label": "How did it start?", "value": "sudden"}]
    assert all(row["label"] != "How did it start?" for block in section["blocks"]
               for row in block["rows"])
    plan = grouped(Plan, visit.step_record("plan"), Plan.finding_field_names())
    assert plan["texts"] == [{"label": "Plan notes", "value": PLAN_NOTES}]


def test_icd_codes_are_printed_with_their_descriptions(text):
    assert "M54.59 Other low back pain" in text


def test_the_review_page_and_the_pdf_share_the_summary(physician_client, visit, document):
    page = physician_client.get(reverse("notes:review", kwargs={"pk": visit.pk}))
    assert document["summary"] in page.content.decode().replace("&#x27;", "'")
