"""T-26 IDOR write: a step form of visit V1 carrying the id of a child row of visit V2 (a
diagnostic study, of this clinic or another) is refused, and V2 is left as it was."""

import pytest
from django.urls import reverse

from backpain.visits.models import DiagnosticStudy, History, Visit
from tests.factories import VisitFactory

from .helpers import current_version, post_step


@pytest.fixture
def v2_same_clinic(patient, intake, physician):
    return VisitFactory(patient=patient, created_by=intake, assigned_physician=physician)


def study_of(visit, impression):
    return DiagnosticStudy.objects.create(visit=visit, modality="mri", region="lumbar",
                                          status="resulted", impression=impression)


def formset(study_id, **fields):
    return {"studies-TOTAL_FORMS": "1", "studies-INITIAL_FORMS": "1",
            "studies-0-id": str(study_id), "studies-0-modality": "xray",
            "studies-0-region": "cervical", "studies-0-status": "ordered",
            "studies-0-impression": "overwritten through visit 1", **fields}


@pytest.mark.parametrize("target", ["v2_same_clinic", "other_visit"])
@pytest.mark.parametrize("extra", [{}, {"studies-0-DELETE": "on"}])
def test_another_visits_study_cannot_be_changed_or_removed(request, physician_client, visit,
                                                           target, extra):
    v2 = request.getfixturevalue(target)
    theirs = study_of(v2, "V2's own report")
    version_v1, version_v2 = current_version(visit), current_version(v2)
    response = post_step(physician_client, visit, "diagnostics",
                         formset(theirs.pk, **{"studies-0-visit": str(v2.pk), **extra}))
    if extra:
        # A removal of a row that is not V1's is skipped (Django validates no form that is
        # marked for deletion); the rest of V1's step may save.
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 200  # the form, with the error on the study
        assert response.context["formset"].errors
        assert current_version(visit) == version_v1
    theirs.refresh_from_db()
    assert (theirs.visit_id, theirs.modality, theirs.impression) == (v2.pk, "mri",
                                                                     "V2's own report")
    assert not DiagnosticStudy.objects.filter(visit=visit).exists()
    assert current_version(v2) == version_v2


def test_a_study_id_is_only_valid_on_its_own_visit(physician_client, visit):
    mine = study_of(visit, "mine")
    response = post_step(physician_client, visit, "diagnostics", formset(mine.pk))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.impression == "overwritten through visit 1"


def test_a_step_of_another_clinics_visit_cannot_be_posted(physician_client, other_visit):
    response = post_step(physician_client, other_visit, "history", {"pain_now": "9"})
    assert response.status_code == 404
    assert not History.objects.filter(visit=other_visit).exists()
    response = physician_client.post(reverse("visits:intake_complete",
                                             kwargs={"pk": other_visit.pk}))
    assert response.status_code == 404
    assert Visit.objects.get(pk=other_visit.pk).intake_completed_at is None


def test_a_visit_cannot_be_opened_for_another_clinics_patient(physician_client, other_patient):
    url = reverse("visits:open", kwargs={"patient_pk": other_patient.pk})
    response = physician_client.post(url, {"visit_date": "2024-01-02", "visit_type": "new"})
    assert response.status_code == 404
    assert not Visit.objects.filter(patient=other_patient).exists()
