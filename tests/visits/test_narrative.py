"""Room for reasoning: the history narrative, the examination comment and the impression are
typed on their steps, kept as typed, printed in the signed note, and exported in the CSV and
FHIR exports (each declared once in the data dictionary; the engine never reads them)."""

import json

import pytest

from backpain.clinical import dictionary
from backpain.clinical.engine import assess_document
from backpain.exports.selectors import ExportFilters
from backpain.notes.models import NoteVersion, Signature
from backpain.visits.models import Assessment, Examination, History, Plan
from backpain.visits.services import visit_with_steps
from tests.exports.helpers import bundles, csv_rows, export_bytes
from tests.security.helpers import pdf_text, post_step, sign, squeezed, step_url

pytestmark = pytest.mark.django_db

NARRATIVE = ("Lifting a crate on Monday, felt a pop; pain \"like a toothache\" since.\n"
             "Worse sitting at work, better walking the dog.")
COMMENT = "Guarded forward flexion; tender over L4-5 facets, worse on the left."
IMPRESSION = "Probable facet-mediated axial pain; no red flags. Reassess in 6 weeks."
ANY_STATUS = ExportFilters(status="any")  # unsigned visits too
TEXTS = {"history.narrative": NARRATIVE, "exam.comment": COMMENT,
         "assessment.impression": IMPRESSION}


def test_the_three_texts_are_declared_once_as_optional_bounded_text():
    for path in TEXTS:
        item = dictionary.declaration(path)
        assert item.kind is dictionary.Kind.TEXT
        assert item.max_length == 4000 and not item.required
    assert dictionary.label_of("history.narrative") == "History narrative"
    assert dictionary.label_of("exam.comment") == "Examination comment"
    assert dictionary.label_of("assessment.impression") == "Impression"


def type_the_texts(physician_client, visit):
    """The physician types the three texts on their steps, as the pages post them."""
    history = physician_client.get(step_url(visit, "history")).content.decode()
    assert 'name="narrative"' in history and 'maxlength="4000"' in history
    response = post_step(physician_client, visit, "history",
                         {"regions": ["lumbar"], "onset": "sudden", "pain_now": "5",
                          "narrative": NARRATIVE})
    assert response.status_code == 302, response.content.decode()[-3000:]
    response = post_step(physician_client, visit, "examination",
                         {"gait": "normal", "comment": COMMENT})
    assert response.status_code == 302
    assessment = physician_client.get(step_url(visit, "assessment")).content.decode()
    assert 'name="impression"' in assessment
    response = post_step(physician_client, visit, "assessment",
                         {"confirmed_patterns": ["axial_mechanical"],
                          "override_reason": "Typical mechanical pain", "diagnoses": ["M54.59"],
                          "impression": IMPRESSION})
    assert response.status_code == 302, response.content.decode()[-3000:]


def test_each_text_is_saved_as_typed_and_shown_again_on_its_step(physician_client, visit):
    type_the_texts(physician_client, visit)
    assert History.objects.get(visit=visit).narrative.replace("\r\n", "\n") == NARRATIVE
    assert Examination.objects.get(visit=visit).comment == COMMENT
    assert Assessment.objects.get(visit=visit).impression == IMPRESSION
    page = physician_client.get(step_url(visit, "examination")).content.decode()
    assert "Guarded forward flexion; tender over L4-5 facets" in page
    page = physician_client.get(step_url(visit, "assessment")).content.decode()
    assert "Probable facet-mediated axial pain" in page


def test_a_text_one_past_its_limit_is_refused_beside_the_field_and_nothing_saved(
        physician_client, visit):
    response = post_step(physician_client, visit, "examination",
                         {"gait": "normal", "comment": "x" * 4001})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["comment"]] == [
        "max_length"]
    assert "at most 4000 characters" in response.content.decode()
    assert not Examination.objects.filter(visit=visit).exists()


def test_the_signed_note_holds_the_texts_in_its_content_and_its_pdf(physician_client, visit,
                                                                    physician):
    type_the_texts(physician_client, visit)
    Plan.objects.create(visit=visit, disposition="routine", follow_up_weeks=6)
    response = sign(physician_client, visit)
    assert response.status_code == 302, response.content.decode()[-3000:]
    content = Signature.objects.get(visit=visit).content
    # Free text is a paragraph of its section, never a row of a table.
    rows = {section["slug"]: {text["label"]: text["value"] for text in section["texts"]}
            for section in content["sections"]}
    assert rows["history"]["History narrative"].replace("\r\n", "\n") == NARRATIVE
    assert rows["examination"]["Examination comment"] == COMMENT
    assert rows["assessment"]["Impression"] == IMPRESSION
    pdf = NoteVersion.objects.get(visit=visit).pdf.read()
    text = squeezed(pdf_text(pdf))
    for words in ("History narrative", "Examination comment", "Impression",
                  "better walking the dog", COMMENT, IMPRESSION):
        assert squeezed(words) in text, words


def test_the_csv_and_fhir_exports_carry_the_texts(physician_client, visit, clinic):
    type_the_texts(physician_client, visit)
    row = csv_rows(export_bytes("csv", clinic, ANY_STATUS))[0]
    assert row["history.narrative"].replace("\r\n", "\n") == NARRATIVE
    assert row["exam.comment"] == COMMENT
    assert row["assessment.impression"] == IMPRESSION
    # Each text is a component of its step's panel Observation, with its code and label.
    components = {component["code"]["coding"][0]["code"]: component
                  for entry in bundles(export_bytes("fhir", clinic, ANY_STATUS))[0]["entry"]
                  if entry["resource"]["resourceType"] == "Observation"
                  for component in entry["resource"].get("component", [])}
    for path, typed in TEXTS.items():
        component = components[path]
        assert component["valueString"].replace("\r\n", "\n") == typed
        assert component["code"]["coding"][0]["display"] == dictionary.label_of(path)


def test_an_empty_text_is_left_out_of_the_note_and_the_fhir_export(physician_client, visit,
                                                                    clinic):
    response = post_step(physician_client, visit, "examination", {"gait": "normal",
                                                                  "comment": ""})
    assert response.status_code == 302
    bundle = json.dumps(bundles(export_bytes("fhir", clinic, ANY_STATUS))[0])
    assert '"code": "exam.comment"' not in bundle and '"code": "exam.gait"' in bundle


def test_the_engine_reads_the_same_assessment_with_or_without_the_texts(physician_client,
                                                                         visit):
    type_the_texts(physician_client, visit)
    findings = visit_with_steps(visit.pk).to_findings()
    assert findings["history"]["narrative"] and findings["exam"]["comment"]
    without = json.loads(json.dumps(findings))
    without["history"]["narrative"] = None
    without["exam"]["comment"] = None
    assert assess_document(findings) == assess_document(without)
