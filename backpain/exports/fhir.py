"""FHIR R4 export: one `collection` Bundle per visit, written as NDJSON (one Bundle a line).

A Bundle holds the Patient, the EpisodeOfCare the visit belongs to, the Encounter (which
references it), a panel Observation per block of a step (the dictionary's groups: each
recorded finding a component with its code and value; the engine's reading one more panel),
an Observation per outcome rating, per study and per score, a Condition per
diagnosis, a QuestionnaireResponse per outcome measure, a RiskAssessment per red flag, the
CarePlan and a DocumentReference to the signed PDF. Resources are plain JSON built here; the
tests validate every Bundle against the R4B models of fhir.resources (R4B is R4 for these
resources), and `manage.py export_visits --validate` does so before writing. Building plain
dicts and writing them with orjson keeps the export within 10x a COPY of its rows
(bench/exports_speed.md); panels rather than one Observation per finding keep it small.

Resource ids are UUIDs derived from the visit and the finding, so exporting the same visit
twice yields the same ids and a receiver can update instead of duplicating.
"""

import base64
import hashlib
import uuid
from datetime import UTC
from functools import lru_cache
from typing import Any

import orjson
from django.urls import reverse
from django.utils.translation import get_language

from backpain.clinical import icd10cm
from backpain.clinical.codes import label_for
from backpain.notes.models import SignatureMeaning
from backpain.visits.models import DiagnosticStudy, Plan, VisitType
from backpain.visits.models.questionnaires import NDI_SECTIONS, ODI_SECTIONS

from . import fhir_codes as c
from .fhir_values import (
    OUTCOME_FINDINGS,
    PANELS,
    Panel,
    coding,
    concept,
    finding_code,
    finding_value,
    panel_component,
    per_language,
)
from .rows import QUESTIONNAIRES, record_values
from .selectors import ExportRecord

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, c.BASE)
NAMESPACE_BYTES = NAMESPACE.bytes
ENGINE_METHOD = {"signing": "Decision-support engine, as shown on the signed note",
                 "saved": "Decision-support engine, as assessed when the findings were saved"}
QUESTIONNAIRE_TITLES = {"odi": "Oswestry Disability Index v2.1a", "ndi": "Neck Disability Index",
                        "startback": "Keele STarT Back Screening Tool"}
ITEM_TITLES = {"odi": ODI_SECTIONS, "ndi": NDI_SECTIONS}


def labelled_fields(model, names) -> dict[str, tuple[str, dict]]:
    """name -> (label, value -> label) of a step's coded findings, read once from the model."""
    fields = {}
    for name in names:
        field: Any = model._meta.get_field(name)  # a generated finding column
        vocabulary = getattr(field, "vocabulary", None)
        choices = vocabulary.choices if vocabulary is not None else field.choices or []
        fields[name] = (str(field.verbose_name), {value: str(label) for value, label in choices})
    return fields


@per_language
def study_fields(language) -> dict[str, tuple[dict, dict]]:
    """A study's coded findings: name -> (code, value -> label); its date and impression are
    the Observation's effective date and value."""
    return {name: (concept(c.FINDINGS, f"diagnostics.studies.{name}", label), labels)
            for name, (label, labels) in labelled_fields(DiagnosticStudy, [
                name for name in DiagnosticStudy.finding_field_names()
                if name not in ("date", "impression")]).items()}


@per_language
def plan_fields(language) -> dict[str, tuple[str, dict]]:
    """The plan's coded findings; notes and follow-up are the CarePlan's note and scheduled
    activity."""
    return labelled_fields(Plan, [name for name in Plan.finding_field_names()
                                  if name not in ("plan_notes", "follow_up_weeks")])


# The variant bits of an RFC 4122 UUID (10xx) over the first hex digit of the 9th byte.
VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def stable_id(name: str) -> str:
    """str(uuid.uuid5(NAMESPACE, name)), formatted straight from the SHA-1 digest: a Bundle
    holds dozens of ids, and building UUID objects for them cost more than the hashing."""
    d = hashlib.sha1(NAMESPACE_BYTES + name.encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{d[:8]}-{d[8:12]}-5{d[13:16]}-{VARIANT[d[16]]}{d[17:20]}-{d[20:32]}"


# Shared by every Observation of a category (the JSON writer only reads them).
CATEGORY_CONCEPTS = {category: [concept(c.OBSERVATION_CATEGORY, code, display)]
                     for category, (code, display) in c.CATEGORIES.items()}


@lru_cache(maxsize=4096)
def value_concept(code, display) -> dict:
    return concept(c.VALUES, code, display)


@lru_cache(maxsize=1)
def download_pattern() -> str:
    """The download URL of a note version as a format string: reversed once, with markers no
    visit or version number can be confused with, rather than resolved per visit."""
    url = reverse("notes:download", kwargs={"pk": 9_001_001_009, "number": 9_002_002_009})
    return url.replace("9001001009", "{pk}").replace("9002002009", "{number}")


def download_url(visit_pk, number) -> str:
    return download_pattern().format(pk=visit_pk, number=number)


@per_language
def choice_text(language, choices, value) -> str:
    """The label of a value of a TextChoices class in the active language (what the
    get_FOO_display of a model gives, without its work per call)."""
    return str(dict(choices.choices).get(value, value))


def reference(resource) -> dict:
    return {"reference": f"urn:uuid:{resource['id']}"}


def instant(moment) -> str:
    return moment.astimezone(UTC).isoformat()


class BundleBuilder:
    """The resources of one visit's Bundle."""

    def __init__(self, record: ExportRecord, clinic_id):
        self.record, self.visit, self.clinic_id = record, record.visit, clinic_id
        self.values = record_values(record)
        self.language = get_language()  # a key of the label caches (fhir_values.per_language)
        self.signed = self.visit.is_signed
        self.visit_day = self.visit.visit_date.isoformat()
        self.id_prefix = f"visit/{self.visit.pk}/"
        self.status = "final" if self.signed else "preliminary"
        self.resources: list[dict] = []
        self.observation_ids: dict[str, str] = {}  # finding path (or study) -> resource id

    def resource_id(self, *parts) -> str:
        return stable_id("/".join(map(str, parts)))

    def local_id(self, *parts) -> str:
        """resource_id("visit", pk, *parts)."""
        return stable_id(self.id_prefix + "/".join(map(str, parts)))

    def add(self, resource) -> dict:
        self.resources.append(resource)
        return resource

    def build(self, timestamp) -> dict:
        self.patient = self.add(self.patient_resource())
        self.subject = reference(self.patient)  # shared by the resources: JSON only reads them
        self.episode = self.add(self.episode_resource())
        self.encounter = self.add(self.encounter_resource())
        self.in_encounter = reference(self.encounter)
        for panel in PANELS:
            self.add_panel(panel)
        for path in OUTCOME_FINDINGS:
            self.add_observation(path, self.values.get(path), category="history")
        for index, study in enumerate(self.record.studies):
            self.add(self.study_observation(index, study))
        for name, items in QUESTIONNAIRES:
            if response := self.questionnaire_response(name, items):
                self.add(response)
        for name in ("odi", "ndi", "startback"):
            if score := self.score_observation(name):
                self.add(score)
        for code in self.values.get("assessment.diagnoses") or []:
            self.add(self.condition(code))
        for flag in self.record.decision_support.get("red_flags") or []:
            self.add(self.risk_assessment(flag))
        if plan := self.care_plan():
            self.add(plan)
        # A DocumentReference names a stored file by its hash: a PDF still being prepared is
        # referenced by the next export (the previous version, if any, stands meanwhile).
        if (version := self.record.latest_stored_version) is not None:
            self.add(self.document_reference(version))
        return {
            "resourceType": "Bundle",
            "id": self.local_id("bundle"),
            "identifier": {"system": c.visit_system(self.clinic_id), "value": str(self.visit.pk)},
            "type": "collection",
            "timestamp": instant(timestamp),
            "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in self.resources],
        }

    # Patient and encounter -------------------------------------------------------------

    def patient_resource(self) -> dict:
        patient = self.visit.patient
        return {
            "resourceType": "Patient",
            "id": self.resource_id("patient", patient.pk),
            "identifier": [{"system": c.mrn_system(self.clinic_id), "value": patient.mrn}],
            "name": [{"family": patient.family_name, "given": [patient.given_name]}],
            "gender": patient.sex,
            "birthDate": patient.date_of_birth.isoformat(),
        }

    def episode_resource(self) -> dict:
        """The episode of care the visit belongs to: the same resource (same id) in the Bundle
        of each of its visits, so a receiver updates one EpisodeOfCare."""
        episode = self.visit.episode
        period = {"start": episode.start_date.isoformat()}
        if episode.closed_on:
            period["end"] = episode.closed_on.isoformat()
        return {
            "resourceType": "EpisodeOfCare",
            "id": self.resource_id("episode", episode.pk),
            "identifier": [{"system": c.episode_system(self.clinic_id),
                            "value": str(episode.pk)}],
            "status": "active" if episode.is_open else "finished",
            # The condition as the clinic wrote it: free text, not a coded diagnosis.
            "type": [{"text": episode.condition}],
            "patient": self.subject,
            "period": period,
        }

    def encounter_resource(self) -> dict:
        visit = self.visit
        encounter = {
            "resourceType": "Encounter",
            "id": self.local_id("encounter"),
            "identifier": [{"system": c.visit_system(self.clinic_id), "value": str(visit.pk)}],
            "status": "finished" if self.signed else "in-progress",
            "class": coding(c.ACT_CODE, "AMB", "ambulatory"),
            "type": [concept(c.VISIT_TYPE, visit.visit_type,
                             choice_text(self.language, VisitType, visit.visit_type))],
            "subject": self.subject,
            "episodeOfCare": [reference(self.episode)],
            "period": {"start": visit.visit_date.isoformat(), "end": visit.visit_date.isoformat()},
        }
        if physician := self.values.get("visit.assigned_physician"):
            encounter["participant"] = [{"individual": {"display": physician}}]
        if visit.chief_complaint:
            encounter["reasonCode"] = [{"text": visit.chief_complaint}]
        return encounter

    # Observations ----------------------------------------------------------------------

    def observation(self, key, code, category=None) -> dict:
        observation = {
            "resourceType": "Observation",
            "id": self.local_id("observation", key),
            "status": self.status,
            "code": code,
            "subject": self.subject,
            "encounter": self.in_encounter,
            "effectiveDateTime": self.visit_day,
        }
        if category in CATEGORY_CONCEPTS:
            observation["category"] = CATEGORY_CONCEPTS[category]
        return observation

    def add_panel(self, panel: Panel):
        """One Observation for a block of findings, each recorded finding a component (a list
        of values, one component per value); a block with nothing recorded is left out."""
        components = []
        values, language = self.values, self.language
        for path in panel.paths:
            value = values.get(path)
            if value is None or value == [] or value == "":
                continue
            if isinstance(value, list):
                components += [panel_component(language, path, item) for item in value]
            else:
                components.append(panel_component(language, path, value))
        if not components:
            return
        observation = self.observation(panel.code, concept(c.FINDINGS, panel.code, panel.label),
                                       panel.category)
        if panel.engine:
            observation["method"] = {"text": ENGINE_METHOD[self.record.engine_as_of]}
        observation["component"] = components
        for path in panel.paths:
            self.observation_ids[path] = observation["id"]
        self.add(observation)

    def add_observation(self, path, value, category=None):
        if value is None or value == "":
            return
        observation = self.observation(path, finding_code(self.language, path), category)
        if path in c.BODY_SITES:
            observation["bodySite"] = {"text": c.BODY_SITES[path]}
        observation.update(finding_value(self.language, path, value))
        self.observation_ids[path] = observation["id"]
        self.add(observation)

    def study_observation(self, index, study) -> dict:
        category = "diagnostics" if study.modality == "labs" else "imaging"
        code = concept(c.FINDINGS, "diagnostics.studies", "Diagnostic study")
        observation = self.observation(f"study-{study.pk}", code, category)
        observation["status"] = "final" if study.status == "resulted" else "registered"
        if study.date:
            observation["effectiveDateTime"] = study.date.isoformat()
        components = []
        for name, (code, labels) in study_fields(self.language).items():
            value = getattr(study, name)
            if value in (None, "", []):
                continue
            for item in value if isinstance(value, list) else [value]:
                components.append({"code": code, "valueCodeableConcept": value_concept(
                    item, labels.get(item, item))})
        observation["component"] = components
        if study.impression:
            observation["valueString"] = study.impression
        self.observation_ids[f"diagnostics.studies[{index}]"] = observation["id"]
        return observation

    def score_observation(self, name) -> dict | None:
        score = (self.record.decision_support.get("scores") or {}).get(name)
        if not score:
            return None
        path = f"engine.scores.{name}"
        code = concept(c.FINDINGS, path, f"{QUESTIONNAIRE_TITLES[name]} score",
                       c.FINDING_CODINGS.get(path, ()))
        observation = self.observation(path, code, "history")
        observation["method"] = {"text": ENGINE_METHOD[self.record.engine_as_of]}
        if name == "odi":
            observation["valueQuantity"] = {"value": score["percent"], "unit": "%",
                                            "system": c.UCUM, "code": "%"}
        elif name == "ndi":
            observation["valueQuantity"] = {"value": score["score"]}
        else:
            observation["valueInteger"] = score["total"]
        components: list[dict[str, Any]] = []
        for part, value in score.items():
            part_code = concept(c.FINDINGS, f"{path}.{part}", part.capitalize())
            if isinstance(value, str):
                components.append({"code": part_code, "valueCodeableConcept": concept(
                    c.DECISION_SUPPORT, value, value.replace("_", " ").capitalize())})
            elif isinstance(value, int):
                components.append({"code": part_code, "valueInteger": value})
            else:
                components.append({"code": part_code, "valueQuantity": {"value": value}})
        observation["component"] = components
        if response_id := self.observation_ids.get(f"questionnaires.{name}"):
            observation["derivedFrom"] = [{"reference": f"urn:uuid:{response_id}"}]
        return observation

    # Questionnaires, diagnoses, red flags, plan, note -----------------------------------

    def questionnaire_response(self, name, count) -> dict | None:
        titles = ITEM_TITLES.get(name)
        items = []
        for number in range(1, count + 1):
            answer = self.values.get(f"questionnaires.{name}.{number}")
            if answer is not None:
                text = titles[number - 1] if titles else f"Item {number}"
                items.append({"linkId": f"{name}.{number}", "text": text,
                              "answer": [{"valueInteger": answer}]})
        if not items:
            return None
        response: dict[str, Any] = {
            "resourceType": "QuestionnaireResponse",
            "id": self.local_id("questionnaire", name),
            "questionnaire": f"{c.QUESTIONNAIRE}/{name}",
            "status": "completed",
            "subject": self.subject,
            "encounter": self.in_encounter,
            "authored": self.visit_day,
            "item": items,
        }
        self.observation_ids[f"questionnaires.{name}"] = response["id"]
        return response

    def condition(self, code) -> dict:
        signature = self.record.note_signature
        condition = {
            "resourceType": "Condition",
            "id": self.local_id("condition", code),
            "clinicalStatus": concept(c.CONDITION_CLINICAL, "active", "Active"),
            "verificationStatus": concept(c.CONDITION_VERIFICATION,
                                          "confirmed" if self.signed else "provisional"),
            "category": [concept(c.CONDITION_CATEGORY, "encounter-diagnosis",
                                 "Encounter Diagnosis")],
            "code": concept(c.ICD10CM, code, icd10cm.text_of(code)),
            "subject": self.subject,
            "encounter": self.in_encounter,
        }
        if signature is not None:
            condition["recordedDate"] = instant(signature.signed_at)
            condition["asserter"] = {"display": self.values["note.signed_by"]}
        return condition

    def risk_assessment(self, flag) -> dict:
        outcome = concept(c.DECISION_SUPPORT, flag["code"], label_for(flag["code"]),
                          c.DECISION_SUPPORT_CODINGS.get(flag["code"], ()))
        basis = []
        for item in flag["evidence"]:
            path = item.split("=", 1)[0]
            key = path.split("]", 1)[0] + "]" if path.startswith("diagnostics.studies[") else path
            if (found := self.observation_ids.get(key)) and found not in basis:
                basis.append(found)
        assessment: dict[str, Any] = {
            "resourceType": "RiskAssessment",
            "id": self.local_id("red-flag", flag["code"]),
            "status": self.status,
            "code": concept(c.DECISION_SUPPORT, "red_flag", "Red flag for serious pathology"),
            "method": {"text": ENGINE_METHOD[self.record.engine_as_of]},
            "subject": self.subject,
            "encounter": self.in_encounter,
            "occurrenceDateTime": self.visit_day,
            "prediction": [{
                "outcome": outcome,
                "qualitativeRisk": concept(c.URGENCY, flag["urgency"], label_for(flag["urgency"])),
                "rationale": flag["rationale"],
            }],
            "note": [{"text": f"Citation: {flag['citation']}"}],
        }
        if flag.get("time_frame"):
            assessment["note"].append({"text": f"Time frame: {label_for(flag['time_frame'])}"})
        if flag["evidence"]:
            assessment["note"].insert(0, {"text": f"Evidence: {'; '.join(flag['evidence'])}"})
        if basis:
            assessment["basis"] = [{"reference": f"urn:uuid:{found}"} for found in basis]
        return assessment

    def care_plan(self) -> dict | None:
        if self.record.steps.get("plan") is None:
            return None
        activities = []
        for name, (verbose_name, labels) in plan_fields(self.language).items():
            value = self.values.get(f"plan.{name}")
            if value is None:
                continue
            for item in value if isinstance(value, list) else [value]:
                display = f"{verbose_name}: {labels.get(item, item)}"
                activities.append({"detail": {"code": concept(c.PLAN, f"{name}.{item}", display),
                                              "status": "not-started"}})
        weeks = self.values.get("plan.follow_up_weeks")
        if weeks is not None:
            activities.append({"detail": {
                "code": concept(c.PLAN, "follow_up_weeks", "Follow-up"),
                "status": "scheduled",
                "scheduledString": f"{weeks} weeks",
                "description": f"Follow-up in {weeks} weeks",
            }})
        care_plan: dict[str, Any] = {
            "resourceType": "CarePlan",
            "id": self.local_id("plan"),
            "status": "active" if self.signed else "draft",
            "intent": "plan",
            "title": "Management plan",
            "subject": self.subject,
            "encounter": self.in_encounter,
        }
        if activities:
            care_plan["activity"] = activities
        if notes := self.values.get("plan.plan_notes"):
            care_plan["note"] = [{"text": notes}]
        return care_plan

    def document_reference(self, version) -> dict:
        signer = self.values["note.version_signed_by"]
        meaning = choice_text(self.language, SignatureMeaning, version.signature.meaning)
        attachment = {
            "contentType": "application/pdf",
            "url": download_url(self.visit.pk, version.number),
            "title": version.download_name,
            "creation": instant(version.signature.signed_at),
        }
        attachment.update(pdf_size_and_sha1(version))
        return {
            "resourceType": "DocumentReference",
            "id": self.local_id("note", version.number),
            "identifier": [{"system": c.PDF_SHA256, "value": version.pdf_sha256}],
            "status": "current",
            "docStatus": "amended" if version.number > 1 else "final",
            "type": concept(c.DOCUMENT_TYPE, "visit-note", "Signed back-pain visit note"),
            "subject": self.subject,
            "date": instant(version.created_at),
            "author": [{"display": signer}],
            "authenticator": {"display": signer},
            # The meaning of the signature belongs with the name and time (21 CFR 11.50);
            # R4 has no element for it on a DocumentReference, so it is said in words.
            "description": (f"Signed visit note, version {version.number}: {meaning} by "
                            f"{signer}, {attachment['creation']}"),
            "content": [{"attachment": attachment}],
            "context": {"encounter": [self.in_encounter],
                        "period": {"start": self.visit_day}},
        }


def pdf_size_and_sha1(version) -> dict:
    """FHIR's attachment hash is base64 SHA-1; the SHA-256 bound at signing is the identifier.
    Both recorded with the stored PDF (notes 0005): the file is read only for a PDF stored
    before they were and not yet filled in by `manage.py fill_pdf_digests`."""
    if version.pdf_sha1:
        return {"size": version.pdf_size,
                "hash": base64.b64encode(bytes.fromhex(version.pdf_sha1)).decode()}
    digest, size = hashlib.sha1(usedforsecurity=False), 0
    try:
        with version.pdf.open("rb") as pdf:
            for chunk in pdf.chunks():
                digest.update(chunk)
                size += len(chunk)
    except (OSError, ValueError):
        return {}  # a missing file still gets its reference; the ZIP manifest reports it
    return {"size": size, "hash": base64.b64encode(digest.digest()).decode()}


def visit_bundle(record: ExportRecord, clinic_id, timestamp) -> dict:
    return BundleBuilder(record, clinic_id).build(timestamp)


def visits_ndjson(records, clinic_id, timestamp):
    """FHIR Bulk Data style NDJSON: one Bundle per line, as UTF-8 chunks. orjson writes the
    same compact JSON as `json.dumps(..., ensure_ascii=False, separators=(",", ":"))` in a
    fraction of the time: with the standard library, writing the JSON was three quarters of
    an export's time (bench/exports_speed.md)."""
    for record in records:
        yield orjson.dumps(visit_bundle(record, clinic_id, timestamp),
                           option=orjson.OPT_APPEND_NEWLINE)
