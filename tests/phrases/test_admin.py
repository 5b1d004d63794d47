"""Phrase templates in the admin: an administrator defines their own clinic's, and never sees,
edits or deletes another clinic's; clinical staff do not reach the page."""

import pytest
from django.urls import reverse

from backpain.accounts.roles import Role
from backpain.phrases.models import PhraseTemplate
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:phrases_phrasetemplate_changelist"
ADD = "admin:phrases_phrasetemplate_add"


@pytest.fixture
def ours(clinic):
    return PhraseTemplate.objects.create(clinic=clinic, abbreviation="neuro",
                                         text="Normal neurological examination of the legs.")


@pytest.fixture
def theirs(other_clinic):
    return PhraseTemplate.objects.create(clinic=other_clinic, abbreviation="secret",
                                         text="Hilltop's own wording")


def change_url(phrase):
    return reverse("admin:phrases_phrasetemplate_change", args=[phrase.pk])


def test_an_administrator_adds_a_phrase_to_their_own_clinic(administrator_client, clinic,
                                                            other_clinic):
    page = administrator_client.get(reverse(ADD)).content.decode()
    assert 'name="abbreviation"' in page and 'name="text"' in page
    assert 'name="clinic"' not in page and "Hilltop" not in page  # nothing to choose
    response = administrator_client.post(reverse(ADD), {"abbreviation": "SLRneg",
                                                        "text": "Straight-leg raise negative."})
    assert response.status_code == 302
    phrase = PhraseTemplate.objects.get()
    assert (phrase.clinic, phrase.abbreviation) == (clinic, "slrneg")


def test_the_list_shows_only_the_own_clinics_phrases(administrator_client, ours, theirs):
    page = administrator_client.get(reverse(CHANGELIST)).content.decode()
    assert "neuro" in page
    assert "secret" not in page and "Hilltop" not in page


def test_another_clinics_phrase_cannot_be_read_changed_or_deleted(administrator_client,
                                                                 theirs):
    assert administrator_client.get(change_url(theirs)).status_code in (302, 404)
    response = administrator_client.post(change_url(theirs), {"abbreviation": "mine",
                                                              "text": "Taken over"})
    assert response.status_code in (302, 404)
    delete = reverse("admin:phrases_phrasetemplate_delete", args=[theirs.pk])
    assert administrator_client.post(delete, {"post": "yes"}).status_code in (302, 404)
    theirs.refresh_from_db()
    assert (theirs.abbreviation, theirs.text) == ("secret", "Hilltop's own wording")


def test_an_administrator_changes_and_deletes_their_own(administrator_client, ours):
    response = administrator_client.post(change_url(ours), {"abbreviation": "neuro",
                                                            "text": "Power 5/5 throughout."})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.text == "Power 5/5 throughout."
    delete = reverse("admin:phrases_phrasetemplate_delete", args=[ours.pk])
    assert administrator_client.post(delete, {"post": "yes"}).status_code == 302
    assert not PhraseTemplate.objects.exists()


def test_an_abbreviation_is_used_once_per_clinic_with_a_message_beside_it(
        administrator_client, ours, theirs):
    response = administrator_client.post(reverse(ADD), {"abbreviation": "Neuro",
                                                        "text": "Another text"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "already has a phrase “;;neuro”" in errors["abbreviation"][0]
    # Another clinic's abbreviation is free to use.
    response = administrator_client.post(reverse(ADD), {"abbreviation": "secret",
                                                        "text": "Ours"})
    assert response.status_code == 302
    assert PhraseTemplate.objects.filter(abbreviation="secret").count() == 2


def test_an_abbreviation_with_a_space_is_refused_beside_the_field(administrator_client):
    response = administrator_client.post(reverse(ADD), {"abbreviation": "neuro exam",
                                                        "text": "Normal."})
    assert response.status_code == 200
    assert "letters, digits" in response.context["adminform"].form.errors["abbreviation"][0]
    assert not PhraseTemplate.objects.exists()


def test_the_superuser_chooses_the_clinic(db, clinic, other_clinic, theirs):
    root = UserFactory(username="root", clinic=None, is_superuser=True, is_staff=True)
    client = client_for(root)
    assert "secret" in client.get(reverse(CHANGELIST)).content.decode()
    response = client.post(reverse(ADD), {"clinic": clinic.pk, "abbreviation": "secret",
                                          "text": "Riverside's"})
    assert response.status_code == 302
    assert PhraseTemplate.objects.get(clinic=clinic).text == "Riverside's"


@pytest.mark.parametrize("role", [Role.INTAKE, Role.PHYSICIAN])
def test_clinical_staff_do_not_reach_the_phrase_admin(users_by_role, role):
    response = client_for(users_by_role[role]).get(reverse(CHANGELIST))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
