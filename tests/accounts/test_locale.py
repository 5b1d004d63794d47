"""Each clinic chooses its locale: the language and the date formats of its staff's pages."""

import datetime

import pytest
from django.conf import settings
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import translation

from backpain.accounts.models import Clinic
from tests.factories import PatientFactory, VisitFactory

BORN = datetime.date(1951, 11, 2)
VISITED = datetime.date(2026, 1, 9)


@pytest.fixture(autouse=True)
def default_language_afterwards():
    """A request leaves its clinic's language active in the thread, as it leaves the clinic's
    time zone: other tests start from the default again."""
    yield
    translation.deactivate()


@pytest.fixture
def languages_of_rendering():
    """The language active while each template of a request is rendered."""
    seen = []

    def record(sender, **kwargs):
        seen.append(translation.get_language())

    template_rendered.connect(record)
    yield seen
    template_rendered.disconnect(record)


def in_locale(clinic, locale):
    clinic.locale = locale
    clinic.save(update_fields=["locale"])
    return clinic


def test_translation_is_on_and_only_english_locales_are_offered():
    assert settings.USE_I18N is True
    assert [code for code, _ in settings.LANGUAGES] == ["en-gb", "en-us"]
    assert settings.LANGUAGE_CODE in dict(settings.LANGUAGES)
    assert settings.LOCALE_PATHS == [settings.BASE_DIR / "locale"]


def test_a_new_clinic_takes_the_default_locale(db, settings):
    assert Clinic.objects.create(name="Default").locale == settings.LANGUAGE_CODE
    settings.LANGUAGE_CODE = "en-us"
    assert Clinic.objects.create(name="American").locale == "en-us"


@pytest.mark.parametrize("locale", ["en-gb", "en-us"])
def test_a_request_runs_in_the_language_of_the_users_clinic(
        intake_client, clinic, languages_of_rendering, locale):
    in_locale(clinic, locale)
    response = intake_client.get(reverse("patients:list"))
    assert response.status_code == 200
    assert languages_of_rendering and set(languages_of_rendering) == {locale}
    language_of_request = response.wsgi_request.LANGUAGE_CODE
    assert language_of_request == locale
    assert response["Content-Language"] == locale
    assert f'<html lang="{locale}">' in response.content.decode()


def test_pages_without_a_clinic_take_the_default_language(client, clinic, languages_of_rendering):
    in_locale(clinic, "en-us" if settings.LANGUAGE_CODE != "en-us" else "en-gb")
    response = client.get(reverse("login"))
    assert set(languages_of_rendering) == {settings.LANGUAGE_CODE}
    assert response["Content-Language"] == settings.LANGUAGE_CODE


def test_a_locale_no_longer_offered_falls_back_to_the_default(
        intake_client, clinic, languages_of_rendering):
    Clinic.objects.filter(pk=clinic.pk).update(locale="fr")
    intake_client.get(reverse("patients:list"))
    assert set(languages_of_rendering) == {settings.LANGUAGE_CODE}


@pytest.mark.parametrize(("locale", "born_short", "born_long", "visit_long", "visit_short"), [
    ("en-gb", "02/11/1951", "2 Nov 1951", "9 Jan 2026", "09/01/2026"),  # day, month, year
    ("en-us", "11/02/1951", "Nov. 2, 1951", "Jan. 9, 2026", "01/09/2026"),  # month first
])
def test_each_clinic_writes_dates_in_its_own_locale(intake_client, clinic, intake, locale,
                                                     born_short, born_long, visit_long,
                                                     visit_short):
    in_locale(clinic, locale)
    patient = PatientFactory(clinic=clinic, date_of_birth=BORN)
    visit = VisitFactory(patient=patient, created_by=intake, visit_date=VISITED)
    listed = intake_client.get(reverse("patients:list")).content.decode()
    assert f"<td>{born_short}</td>" in listed
    page = intake_client.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert f"Born {born_long}" in page
    assert f"New patient visit on {visit_long}" in page
    assert f"<td>{visit_short}</td>" in intake_client.get(
        reverse("patients:detail", args=[patient.pk])).content.decode()


@pytest.mark.parametrize("locale", ["en-gb", "en-us"])
def test_date_inputs_stay_iso_whatever_the_locale(intake_client, clinic, locale):
    """A browser's date picker reads and posts YYYY-MM-DD only: a machine reads that value."""
    in_locale(clinic, locale)
    patient = PatientFactory(clinic=clinic, date_of_birth=BORN)
    edit = intake_client.get(reverse("patients:edit", args=[patient.pk])).content.decode()
    assert 'value="1951-11-02"' in edit
    response = intake_client.post(reverse("patients:edit", args=[patient.pk]), {
        "mrn": patient.mrn, "family_name": patient.family_name,
        "given_name": patient.given_name, "date_of_birth": "1951-11-03", "sex": patient.sex})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.date_of_birth == datetime.date(1951, 11, 3)


def test_the_signed_note_keeps_its_own_date_format(clinic, intake, physician):
    """The note's words follow the clinic's locale; its dates are always 2 Nov 1951."""
    from backpain.notes.content import note_document
    from backpain.notes.pdf import note_context

    in_locale(clinic, "en-us")
    patient = PatientFactory(clinic=clinic, date_of_birth=BORN)
    visit = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                         visit_date=VISITED)
    with translation.override("en-gb"):
        document = note_document(visit)
    context = note_context(document, [], "A4")
    assert (context["patient"]["dob"], context["visit"]["date"]) == ("2 Nov 1951", "9 Jan 2026")
    with translation.override("en-us"):
        assert note_document(visit) == document
