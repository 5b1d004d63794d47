"""FHIR: each visit's Bundle holds its EpisodeOfCare, which its Encounter references, and an
Observation per outcome score, coded with LOINC where LOINC has the concept."""

import datetime

import pytest
from fhir.resources.R4B.bundle import Bundle

from backpain.episodes.models import Episode
from backpain.exports import fhir_codes as codes
from backpain.exports.selectors import ExportFilters
from backpain.visits.models import History, Questionnaires, Visit
from tests.factories import VisitFactory

from .builders import sign
from .helpers import bundles, export_bytes

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 1, 5)


def visit_on(patient, physician, days, visit_type="follow_up", **answers):
    visit = VisitFactory(patient=patient, assigned_physician=physician, visit_type=visit_type,
                         visit_date=START + datetime.timedelta(days=days))
    Questionnaires.objects.create(visit=visit, **answers)
    History.objects.create(visit=visit, work_status="off_work")
    sign(visit, physician)
    return Visit.objects.get(pk=visit.pk)


ALL_SCORES = {**{f"odi_{n}": 2 for n in range(1, 11)}, **{f"ndi_{n}": 1 for n in range(1, 11)},
              **{f"startback_{n}": 1 for n in range(1, 9)}, "startback_9": 3,
              "axial_pain": 6, "limb_pain": 4, "walking_minutes": 20, "usual_tasks": "some",
              "global_change": "slightly_improved", "satisfaction": "somewhat_satisfied"}


def exported(clinic):
    return bundles(export_bytes("fhir", clinic, ExportFilters(status="any")))


def of_type(bundle, kind):
    return [entry["resource"] for entry in bundle["entry"]
            if entry["resource"]["resourceType"] == kind]


def by_local_code(bundle):
    """Finding code -> its Observation, or its component within a panel Observation."""
    found = {}
    for observation in of_type(bundle, "Observation"):
        for element in observation.get("component", []) if ".panel" in \
                observation["code"]["coding"][0]["code"] else [observation]:
            for coding in element["code"]["coding"]:
                if coding["system"] == codes.FINDINGS:
                    found[coding["code"]] = element
    return found


def loinc(observation):
    return [c["code"] for c in observation["code"]["coding"] if c["system"] == codes.LOINC]


def test_the_encounter_references_its_episode_of_care(clinic, patient, physician):
    visit = visit_on(patient, physician, 0, visit_type="new", axial_pain=7)
    (bundle,) = exported(clinic)
    Bundle.model_validate(bundle)
    (episode,) = of_type(bundle, "EpisodeOfCare")
    (encounter,) = of_type(bundle, "Encounter")
    (fhir_patient,) = of_type(bundle, "Patient")
    assert encounter["episodeOfCare"] == [{"reference": f"urn:uuid:{episode['id']}"}]
    assert episode["patient"] == {"reference": f"urn:uuid:{fhir_patient['id']}"}
    assert episode["status"] == "active"
    assert episode["period"] == {"start": START.isoformat()}
    assert episode["type"] == [{"text": visit.episode.condition}]
    assert episode["identifier"] == [{"system": codes.episode_system(clinic.pk),
                                      "value": str(visit.episode_id)}]


def test_a_closed_episode_is_finished_with_its_end(clinic, patient, physician):
    visit = visit_on(patient, physician, 0, visit_type="new", axial_pain=7)
    Episode.objects.filter(pk=visit.episode_id).update(status="closed",
                                                       closed_on=datetime.date(2026, 6, 1))
    (bundle,) = exported(clinic)
    Bundle.model_validate(bundle)
    (episode,) = of_type(bundle, "EpisodeOfCare")
    assert episode["status"] == "finished"
    assert episode["period"] == {"start": START.isoformat(), "end": "2026-06-01"}


def test_visits_of_one_episode_share_one_episode_of_care(clinic, patient, physician):
    first = visit_on(patient, physician, 0, visit_type="new", axial_pain=7)
    visit_on(patient, physician, 91, axial_pain=4)
    other = visit_on(patient, physician, 500, visit_type="new", axial_pain=5)
    assert other.episode_id != first.episode_id
    ids = [of_type(bundle, "EpisodeOfCare")[0]["id"] for bundle in exported(clinic)]
    assert ids[0] == ids[1] != ids[2]


def test_an_observation_per_score_coded_with_loinc_where_it_exists(clinic, patient, physician):
    visit_on(patient, physician, 0, visit_type="new", **ALL_SCORES)
    (bundle,) = exported(clinic)
    Bundle.model_validate(bundle)
    found = by_local_code(bundle)
    assert loinc(found["engine.scores.odi"]) == ["97909-6"]
    assert found["engine.scores.odi"]["valueQuantity"]["value"] == 40.0  # 20 of 50
    assert loinc(found["engine.scores.startback"]) == ["91351-7"]
    assert found["engine.scores.startback"]["valueInteger"] == 9
    assert loinc(found["engine.scores.ndi"]) == []  # no LOINC code: the clinic's code only
    assert found["engine.scores.ndi"]["valueQuantity"]["value"] == 10
    for path, value, site in (("questionnaires.axial_pain", 6, "Back or neck"),
                              ("questionnaires.limb_pain", 4, "Leg or arm")):
        assert loinc(found[path]) == ["72514-3"]
        assert found[path]["valueInteger"] == value
        assert found[path]["bodySite"] == {"text": site}
    walking = found["questionnaires.walking_minutes"]
    assert loinc(walking) == [] and walking["valueQuantity"]["value"] == 20
    assert walking["valueQuantity"]["code"] == "min"
    for path, value in (("questionnaires.usual_tasks", "some"),
                        ("questionnaires.global_change", "slightly_improved"),
                        ("questionnaires.satisfaction", "somewhat_satisfied"),
                        ("history.work_status", "off_work")):
        assert found[path]["valueCodeableConcept"]["coding"][0]["code"] == value
