"""T-21 Sequencing (21 CFR 11.10(f)): a note is signed only when its required sections are
complete, and the refusal names each missing one; intake staff cannot reach or post the
physician's steps. The steps themselves are documentation sections that may be filled in
any order (the app's design), so there is no "step 4 before step 2" redirect to test."""

from django.urls import reverse

from backpain.notes.models import Signature
from backpain.visits.models import Assessment, Examination, Plan, Visit

from .helpers import post_step, sign, step_url


def test_signing_without_assessment_and_plan_lists_what_is_missing(physician_client,
                                                                   ready_visit):
    Assessment.objects.filter(visit=ready_visit).delete()
    Plan.objects.filter(visit=ready_visit).delete()
    response = sign(physician_client, ready_visit)
    assert response.status_code == 400
    text = response.content.decode()
    assert "The note cannot be signed yet" in text
    for missing in ("Assessment: Diagnoses (ICD-10-CM) is missing",
                    "Plan: Disposition is missing", "Plan: Follow-up in (weeks) is missing"):
        assert missing in text, missing
    assert not Signature.objects.exists()
    assert not Visit.objects.get(pk=ready_visit.pk).is_signed


def test_an_empty_visit_cannot_be_signed(physician_client, visit):
    response = sign(physician_client, visit)
    assert response.status_code == 400
    assert "History: " in response.content.decode() and not Signature.objects.exists()


def test_the_review_page_lists_the_missing_sections_with_links(physician_client, visit):
    page = physician_client.get(reverse("notes:review", kwargs={"pk": visit.pk}))
    text = page.content.decode()
    assert "Still needed before signing" in text
    assert step_url(visit, "plan") in text and step_url(visit, "assessment") in text


def test_intake_staff_cannot_open_or_post_a_physician_step(intake_client, visit):
    for slug in ("examination", "diagnostics", "assessment", "plan"):
        assert intake_client.get(step_url(visit, slug)).status_code == 403
        response = post_step(intake_client, visit, slug, {"gait": "normal",
                                                          "disposition": "routine"})
        assert response.status_code == 403
    assert not Examination.objects.exists() and not Plan.objects.exists()
    assert Visit.objects.get(pk=visit.pk).version == visit.version


def test_an_unknown_step_is_not_found(physician_client, visit):
    assert physician_client.get(step_url(visit, "signature")).status_code == 404
    assert post_step(physician_client, visit, "signature", {}).status_code == 404
