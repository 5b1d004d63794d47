"""T-31 Bad input and limits: out-of-range numbers, impossible dates, a megabyte in a
2,000-character field, NUL bytes and right-to-left overrides, more than 1,000 fields, an
oversized body and an XML body. Each gets field messages or a 400, never a 500, and nothing
is saved half-way; Unicode names are kept exactly."""

import datetime
from html import escape

import pytest
from django.urls import reverse

from backpain.notes.models import Addendum
from backpain.patients.models import Patient
from backpain.visits.models import (
    DiagnosticStudy,
    History,
    Labs,
    Plan,
    Questionnaires,
    StepRevision,
    Visit,
)
from tests.conftest import client_for

from .helpers import add_addendum, current_version, step_url

MEGABYTE = "x" * (1024 * 1024)
# Read once, at collection: the future dates below are a week ahead, so that a run crossing
# midnight still sends a date in the future.
TODAY = datetime.date.today()


def client_of(user):
    """A browser as the server sees it: a 500 comes back as a status, not as an exception."""
    return client_for(user, raise_request_exception=False)


@pytest.fixture
def staff(intake):
    return client_of(intake)


@pytest.fixture
def doctor(physician):
    return client_of(physician)


def nothing_saved(visit, version):
    return (current_version(visit) == version
            and not StepRevision.objects.filter(visit=visit).exists())


def post(client, visit, slug, data):
    return client.post(step_url(visit, slug), {"version": current_version(visit), **data})


@pytest.mark.parametrize(("slug", "data", "field"), [
    ("history", {"pain_now": "11", "pain_worst": "8"}, "pain_now"),
    ("history", {"pain_now": "-1", "pain_worst": "8"}, "pain_now"),
    ("history", {"pain_now": "5.5"}, "pain_now"),
    ("history", {"pain_now": "1e3"}, "pain_now"),
    ("history", {"onset_date": (TODAY + datetime.timedelta(days=30)).isoformat()},
     "onset_date"),
    ("history", {"onset_date": "1900-02-30"}, "onset_date"),
    ("history", {"regions": ["lumbar", "<script>"]}, "regions"),
    ("questionnaires", {"odi_1": "101", "odi_2": "3"}, "odi_1"),
    ("questionnaires", {"odi_1": "6"}, "odi_1"),
    ("examination", {"gait": "normal", "temperature_c": "99"}, "temperature_c"),
    ("examination", {"gait": "normal", "motor_l5_left": "7"}, "motor_l5_left"),
    ("diagnostics", {"crp_mg_l": "NaN", "studies-TOTAL_FORMS": "0",
                     "studies-INITIAL_FORMS": "0"}, "crp_mg_l"),
    ("diagnostics", {"crp_mg_l": "Infinity", "studies-TOTAL_FORMS": "0",
                     "studies-INITIAL_FORMS": "0"}, "crp_mg_l"),
    ("assessment", {"diagnoses": ["M54.59"], "override_reason": MEGABYTE}, "override_reason"),
    ("plan", {"disposition": "routine", "plan_notes": MEGABYTE}, "plan_notes"),
    ("plan", {"disposition": "routine", "plan_notes": "before\x00after"}, "plan_notes"),
    ("plan", {"follow_up_weeks": "99999999999999999999"}, "follow_up_weeks"),
])
def test_a_bad_value_is_a_field_message_and_nothing_is_saved(doctor, visit, slug, data,
                                                             field):
    version = current_version(visit)
    response = post(doctor, visit, slug, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert nothing_saved(visit, version)
    assert not any(model.objects.filter(visit=visit).exists()
                   for model in (History, Questionnaires, Labs, Plan))


def test_a_bad_study_keeps_the_valid_labs_from_being_saved(doctor, visit):
    version = current_version(visit)
    response = post(doctor, visit, "diagnostics", {
        "crp_mg_l": "12", "studies-TOTAL_FORMS": "1", "studies-INITIAL_FORMS": "0",
        "studies-0-modality": "mri", "studies-0-region": "lumbar",
        "studies-0-status": "resulted", "studies-0-impression": MEGABYTE})
    assert response.status_code == 200
    assert nothing_saved(visit, version)
    assert not Labs.objects.exists() and not DiagnosticStudy.objects.exists()


@pytest.mark.parametrize("values", [
    {"date_of_birth": (TODAY + datetime.timedelta(days=7)).isoformat()},
    {"date_of_birth": "1800-01-01"},
    {"family_name": MEGABYTE},
    {"family_name": "Oka\x00for"},
    {"mrn": "RSC\x00-9"},
    {"mrn": "X" * 33},
    {"sex": "robot"},
    {"family_name": ""},
])
def test_bad_patient_details_are_field_messages(staff, values):
    data = {"mrn": "RSC-9", "family_name": "Okafor", "given_name": "Ngozi",
            "date_of_birth": "1980-01-01", "sex": "female", **values}
    response = staff.post(reverse("patients:register"), data)
    assert response.status_code == 200
    assert set(values) & set(response.context["form"].errors)
    assert not Patient.objects.filter(mrn__startswith="RSC").exclude(mrn="RSC-1").exists()


@pytest.mark.parametrize("name", ["Zoë Ødegård-Nuñez", "O'Brien", "Nguyễn Thị Minh Khai",
                                  "東京太郎", "Ἀριστοτέλης", "محمد", "Łukasz Żółć"])
def test_unicode_names_are_kept_exactly(staff, name):
    response = staff.post(reverse("patients:register"), {
        "mrn": "U-1", "family_name": name, "given_name": name, "date_of_birth": "1980-01-01",
        "sex": "other"})
    assert response.status_code == 302
    patient = Patient.objects.get(mrn="U-1")
    assert patient.family_name == name and patient.given_name == name
    detail = staff.get(reverse("patients:detail", kwargs={"pk": patient.pk})).content.decode()
    assert escape(name) in detail or escape(name.upper()) in detail


@pytest.mark.parametrize("name", ["\u202eevil\u202c", "abc\u202egpj.exe", "\u200f\u2066x\u2069"])
def test_right_to_left_overrides_are_kept_or_refused_never_a_500(staff, name):
    response = staff.post(reverse("patients:register"), {
        "mrn": "RTL-1", "family_name": name, "given_name": "Test", "date_of_birth": "1980-01-01",
        "sex": "other"})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert Patient.objects.get(mrn="RTL-1").family_name == name


@pytest.mark.parametrize("values", [
    {"visit_date": "1900-01-01"},
    {"visit_date": (TODAY + datetime.timedelta(days=7)).isoformat()},
    {"visit_date": "2024-13-01"},
    {"chief_complaint": MEGABYTE},
    {"chief_complaint": "pain\x00"},
    {"visit_type": "emergency"},
])
def test_bad_visit_details_are_field_messages(staff, patient, values):
    before = Visit.objects.count()
    response = staff.post(reverse("visits:open", kwargs={"patient_pk": patient.pk}), {
        "visit_date": TODAY.isoformat(), "visit_type": "new", **values})
    assert response.status_code == 200
    assert set(values) & set(response.context["form"].errors)
    assert Visit.objects.count() == before


@pytest.mark.parametrize("values", [{"text": MEGABYTE}, {"text": "a\x00b"},
                                    {"reason": "r" * 501}, {"reason": "a\x00b"}])
def test_bad_addenda_are_refused(physician, signed_visit, values):
    response = add_addendum(client_of(physician), signed_visit, username="physician", **values)
    assert response.status_code == 400
    assert not Addendum.objects.exists()


def test_more_than_a_thousand_fields_is_a_400(doctor, visit):
    version = current_version(visit)
    data = {f"extra_{n}": "1" for n in range(1001)}
    data.update({"version": str(version), "gait": "normal"})
    response = doctor.post(step_url(visit, "examination"), data)
    assert response.status_code == 400
    assert nothing_saved(visit, version)


def test_an_oversized_body_is_a_400(doctor, visit):
    version = current_version(visit)
    response = doctor.post(step_url(visit, "plan"), {"version": str(version),
                                                    "plan_notes": MEGABYTE * 3})
    assert response.status_code == 400
    assert nothing_saved(visit, version)


XML = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<history><pain_now>9</pain_now><version>{version}</version><x>&lol2;</x></history>"""


@pytest.mark.parametrize("content_type", ["application/xml", "text/xml",
                                          "application/json"])
def test_an_xml_or_json_body_is_not_parsed(doctor, staff, visit, content_type):
    version = current_version(visit)
    payload = XML.format(version=version) if "xml" in content_type else \
        f'{{"version": {version}, "pain_now": 9}}'
    response = doctor.post(step_url(visit, "history"), payload, content_type=content_type)
    assert response.status_code in (200, 400, 403)
    assert nothing_saved(visit, version)
    register = staff.post(reverse("patients:register"), payload, content_type=content_type)
    assert register.status_code in (200, 400, 403)
    assert Patient.objects.count() == 1
