"""The FHIR export: every NDJSON line a valid R4 Bundle, exact codes, nothing dropped."""

import base64
import hashlib
from collections import Counter, defaultdict

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from backpain.exports import fhir_codes as codes
from backpain.exports.selectors import ExportFilters
from backpain.visits.models import DiagnosticStudy

from .builders import PDF_BYTES, add_version_2, fully_filled_visit, simple_visit
from .completeness import plain, recorded_findings
from .helpers import bundles, export_bytes, values_at

pytestmark = pytest.mark.django_db


def resources(bundle, resource_type=None):
    return [entry["resource"] for entry in bundle["entry"]
            if resource_type in (None, entry["resource"]["resourceType"])]


def local_code(concept, system=codes.FINDINGS):
    return next(c["code"] for c in concept["coding"] if c["system"] == system)


def value_of(element):
    for key in ("valueBoolean", "valueInteger", "valueDateTime", "valueString"):
        if key in element:
            return element[key]
    if "valueQuantity" in element:
        return element["valueQuantity"]["value"]
    if "valueCodeableConcept" in element:
        return element["valueCodeableConcept"]["coding"][0]["code"]
    raise AssertionError(f"no value in {element}")


def findings_by_code(bundle) -> dict:
    """Finding code -> the elements (Observations, or components of a panel) that carry it."""
    found = defaultdict(list)
    for observation in resources(bundle, "Observation"):
        code = local_code(observation["code"])
        if ".panel" in code:
            for component in observation["component"]:
                found[local_code(component["code"])].append(component)
        else:
            found[code].append(observation)
    return found


def exported_findings(bundle) -> dict:
    """Column name -> every value the Bundle carries for it, read as a receiver would: a
    panel's findings are its components, each with its own code and value."""
    found = defaultdict(list)
    for resource in resources(bundle):
        kind = resource["resourceType"]
        if kind == "Observation":
            code = local_code(resource["code"])
            if code == "diagnostics.studies":
                found["diagnostics.studies.date"].append(resource.get("effectiveDateTime"))
                found["diagnostics.studies.impression"].append(resource.get("valueString"))
                for component in resource["component"]:
                    found[local_code(component["code"])].append(value_of(component))
            elif ".panel" in code:
                for component in resource["component"]:
                    found[local_code(component["code"])].append(value_of(component))
            else:
                found[code].append(value_of(resource))
        elif kind == "QuestionnaireResponse":
            for item in resource["item"]:
                found[f"questionnaires.{item['linkId']}"].append(
                    item["answer"][0]["valueInteger"])
        elif kind == "Condition":
            found["assessment.diagnoses"].append(local_code(resource["code"], codes.ICD10CM))
        elif kind == "CarePlan":
            for activity in resource.get("activity", []):
                detail = activity["detail"]
                name, _, value = local_code(detail["code"], codes.PLAN).partition(".")
                if name == "follow_up_weeks":
                    found["plan.follow_up_weeks"].append(int(detail["scheduledString"].split()[0]))
                else:
                    found[f"plan.{name}"].append(value)
            found["plan.plan_notes"] += [note["text"] for note in resource.get("note", [])]
        elif kind == "Patient":
            found["patient.sex"].append(resource["gender"])
        elif kind == "Encounter":
            found["visit.visit_date"].append(resource["period"]["start"])
            found["visit.visit_type"].append(local_code(resource["type"][0], codes.VISIT_TYPE))
    return found


def test_every_line_is_a_valid_r4_bundle(clinic, physician, intake):
    fully_filled_visit(clinic, physician, intake)
    simple_visit(clinic, physician, red_flag=True)
    simple_visit(clinic, physician, signed=False)
    data = export_bytes("fhir", clinic, ExportFilters(status="any"))
    lines = data.decode().split("\n")
    assert lines[-1] == "" and len(lines) == 4
    for bundle in bundles(data):
        parsed = Bundle.model_validate(bundle)
        assert parsed.type == "collection"
        # Every reference resolves inside the Bundle.
        full_urls = {entry["fullUrl"] for entry in bundle["entry"]}
        references = [value for resource in resources(bundle)
                      for value in values_at(resource, "reference")]
        assert references and set(references) <= full_urls


def test_every_finding_is_in_the_bundle(clinic, physician, intake):
    """Completeness: each field of docs/findings.md, filled with a distinctive value, is
    exported."""
    visit = fully_filled_visit(clinic, physician, intake)
    [bundle] = bundles(export_bytes("fhir", clinic))
    found = exported_findings(bundle)
    for column, value in recorded_findings(visit).items():
        if isinstance(value, list):
            assert sorted(found[column]) == sorted(value), column
        else:
            assert found[column] == [value], column
    for study in DiagnosticStudy.objects.filter(visit=visit):
        for name in DiagnosticStudy.finding_field_names():
            value = plain(getattr(study, name))
            for item in value if isinstance(value, list) else [value]:
                assert item in found[f"diagnostics.studies.{name}"], name


def test_exact_codes(clinic, physician, intake):
    fully_filled_visit(clinic, physician, intake)
    [bundle] = bundles(export_bytes("fhir", clinic))
    conditions = resources(bundle, "Condition")
    assert sorted(c["code"]["coding"][0]["code"] for c in conditions) == ["G83.4", "M54.16"]
    assert {c["code"]["coding"][0]["system"] for c in conditions} == {
        "http://hl7.org/fhir/sid/icd-10-cm"}
    assert {c["verificationStatus"]["coding"][0]["code"] for c in conditions} == {"confirmed"}
    [pain] = findings_by_code(bundle)["history.pain_now"]
    assert {"system": "http://loinc.org", "code": "72514-3"}.items() <= \
        pain["code"]["coding"][1].items()
    odi = next(o for o in resources(bundle, "Observation")
               if local_code(o["code"]) == "engine.scores.odi")
    assert odi["code"]["coding"][1]["code"] == "97909-6"
    assert odi["valueQuantity"]["code"] == "%"
    flags = {local_code(r["prediction"][0]["outcome"], codes.DECISION_SUPPORT): r
             for r in resources(bundle, "RiskAssessment")}
    ces = flags["cauda_equina_syndrome"]
    assert ces["prediction"][0]["outcome"]["coding"][1] == {
        "system": "http://snomed.info/sct", "code": "192970008",
        "display": "Cauda equina syndrome (disorder)"}
    assert ces["prediction"][0]["qualitativeRisk"]["coding"][0]["code"] == "emergency"
    assert ces["basis"], "the flag points at the findings that raised it"
    counts = Counter(r["resourceType"] for r in resources(bundle))
    assert counts["Patient"] == counts["Encounter"] == counts["CarePlan"] == 1
    assert counts["QuestionnaireResponse"] == 3
    assert counts["DocumentReference"] == 1


def test_findings_are_grouped_into_panels(clinic, physician, intake):
    """One Observation per block of a step (history, exam, labs, assessment, the engine), not
    one per finding; the outcome ratings, scores and studies stay Observations of their own."""
    fully_filled_visit(clinic, physician, intake)
    [bundle] = bundles(export_bytes("fhir", clinic))
    observations = resources(bundle, "Observation")
    panels = {local_code(o["code"]): o for o in observations if ".panel" in local_code(o["code"])}
    assert {"history.panel.bladder-bowel-and-sexual-function-cauda-equina-screen",
            "exam.panel.neurological-examination-by-root",
            "diagnostics.labs.panel.laboratory-results", "assessment.panel",
            "engine.panel"} <= set(panels)
    assert all("value" not in key for panel in panels.values() for key in panel)
    by_root = panels["exam.panel.neurological-examination-by-root"]
    assert by_root["category"][0]["coding"][0]["code"] == "exam"
    l5 = next(c for c in by_root["component"] if local_code(c["code"]) == "exam.motor.L5.left")
    assert l5["code"]["coding"][0]["display"] == "L5 motor (great toe extension), left"
    assert isinstance(l5["valueInteger"], int)
    assert panels["engine.panel"]["method"]["text"].startswith("Decision-support engine")
    assert len(observations) < 40  # 191 when every finding was an Observation
    # A red flag's basis points at the panels holding the findings that raised it.
    ces = next(r for r in resources(bundle, "RiskAssessment")
               if r["prediction"][0]["outcome"]["coding"][0]["code"] == "cauda_equina_syndrome")
    ids = {f"urn:uuid:{o['id']}" for o in panels.values()}
    assert ces["basis"] and {basis["reference"] for basis in ces["basis"]} <= ids


def test_document_reference_carries_the_signed_pdf(clinic, physician):
    visit = simple_visit(clinic, physician)
    [bundle] = bundles(export_bytes("fhir", clinic))
    [document] = resources(bundle, "DocumentReference")
    attachment = document["content"][0]["attachment"]
    assert attachment["contentType"] == "application/pdf"
    assert attachment["url"] == reverse("notes:download", kwargs={"pk": visit.pk, "number": 1})
    assert attachment["size"] == len(PDF_BYTES)
    assert attachment["hash"] == base64.b64encode(
        hashlib.sha1(PDF_BYTES, usedforsecurity=False).digest()).decode()
    assert document["identifier"][0]["value"] == hashlib.sha256(PDF_BYTES).hexdigest()
    assert document["docStatus"] == "final"
    assert document["authenticator"]["display"] == "Jane Doe, MD"
    assert document["description"] == (f"Signed visit note, version 1: Authored and signed by "
                                       f"Jane Doe, MD, {attachment['creation']}")


def test_the_pdfs_size_and_sha1_are_read_from_the_version_not_from_storage(clinic, physician):
    visit = simple_visit(clinic, physician)
    version = visit.note_versions.get()
    version.fill_digests(len(PDF_BYTES),
                         hashlib.sha1(PDF_BYTES, usedforsecurity=False).hexdigest())
    version.pdf.storage.delete(version.pdf.name)  # an export that read the file would fail
    [bundle] = bundles(export_bytes("fhir", clinic))
    [document] = resources(bundle, "DocumentReference")
    attachment = document["content"][0]["attachment"]
    assert attachment["size"] == len(PDF_BYTES)
    assert attachment["hash"] == base64.b64encode(
        hashlib.sha1(PDF_BYTES, usedforsecurity=False).digest()).decode()


def test_a_pdf_still_being_prepared_is_not_referenced_the_stored_one_is(clinic, physician):
    visit = simple_visit(clinic, physician)
    add_version_2(visit, physician)  # no PDF yet
    [bundle] = bundles(export_bytes("fhir", clinic))
    [document] = resources(bundle, "DocumentReference")
    assert document["content"][0]["attachment"]["url"] == reverse(
        "notes:download", kwargs={"pk": visit.pk, "number": 1})
    assert document["identifier"][0]["value"] == hashlib.sha256(PDF_BYTES).hexdigest()


def test_patient_identified_by_the_clinics_mrn(clinic, physician):
    visit = simple_visit(clinic, physician)
    [bundle] = bundles(export_bytes("fhir", clinic))
    [patient] = resources(bundle, "Patient")
    assert patient["identifier"] == [{"system": codes.mrn_system(clinic.pk),
                                      "value": visit.patient.mrn}]
    assert patient["birthDate"] == visit.patient.date_of_birth.isoformat()


def test_unsigned_visit_is_preliminary_and_has_no_document(clinic, physician):
    simple_visit(clinic, physician, signed=False, red_flag=True)
    [bundle] = bundles(export_bytes("fhir", clinic, ExportFilters(status="unsigned")))
    assert resources(bundle, "Encounter")[0]["status"] == "in-progress"
    assert {o["status"] for o in resources(bundle, "Observation")
            if local_code(o["code"]) != "diagnostics.studies"} == {"preliminary"}
    assert not resources(bundle, "DocumentReference")
    [flag] = resources(bundle, "RiskAssessment")
    assert flag["method"]["text"].endswith("as assessed when the findings were saved")
    Bundle.model_validate(bundle)


def test_ids_are_stable_between_exports(clinic, physician):
    simple_visit(clinic, physician)
    first = bundles(export_bytes("fhir", clinic))[0]
    second = bundles(export_bytes("fhir", clinic))[0]
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]
