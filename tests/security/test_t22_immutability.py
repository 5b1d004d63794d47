"""T-22 Immutability after signing: no page, direct POST, admin screen or delete changes a
signed note; only a separately signed addendum is appended, and the original text stays as
it was on screen, in the PDF and in the export."""

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from backpain.notes.models import Signature
from backpain.notes.services import verify_note
from backpain.visits.models import Plan, Visit, VisitStatus
from tests.factories import TEST_PASSWORD

from .helpers import add_addendum, body, export_download, pdf_text, post_step, sign, squeezed

ORIGINAL = "Walk daily; review in six weeks."
STEP_POSTS = {
    "history": {"pain_now": "9", "regions": ["cervical"]},
    "questionnaires": {"odi_1": "5"},
    "examination": {"gait": "ataxic"},
    "diagnostics": {"crp_mg_l": "99", "studies-TOTAL_FORMS": "1",
                    "studies-INITIAL_FORMS": "0", "studies-0-modality": "mri",
                    "studies-0-region": "lumbar", "studies-0-status": "ordered"},
    "assessment": {"diagnoses": ["M54.16"], "confirmed_patterns": ["radicular"],
                   "override_reason": "changed"},
    "plan": {"disposition": "urgent_same_day", "follow_up_weeks": "1", "plan_notes": "Rewritten."},
}


@pytest.fixture
def signed(physician_client, ready_visit):
    Plan.objects.filter(visit=ready_visit).update(plan_notes=ORIGINAL)
    assert sign(physician_client, ready_visit).status_code == 302
    visit = Visit.objects.get(pk=ready_visit.pk)
    return visit, Signature.objects.get(visit=visit).content_hash


def unchanged(visit, content_hash):
    visit = Visit.objects.get(pk=visit.pk)
    return (visit.is_signed and verify_note(visit).ok
            and Signature.objects.get(visit=visit, addendum=None).content_hash == content_hash
            and Plan.objects.get(visit=visit).plan_notes == ORIGINAL)


@pytest.mark.parametrize("slug", STEP_POSTS)
def test_a_direct_post_to_any_step_changes_nothing(physician_client, signed, slug):
    visit, content_hash = signed
    response = post_step(physician_client, visit, slug, STEP_POSTS[slug])
    # A valid form, refused only because the note is signed.
    assert response.status_code == 302
    assert response.url == reverse("visits:detail", kwargs={"pk": visit.pk})
    page = physician_client.get(response.url).content.decode()
    assert "This visit is signed: add an addendum to correct it." in page
    assert unchanged(visit, content_hash)


def test_intake_staff_cannot_change_it_either(intake_client, signed):
    visit, content_hash = signed
    post_step(intake_client, visit, "history", STEP_POSTS["history"])
    response = intake_client.post(reverse("visits:intake_complete", kwargs={"pk": visit.pk}))
    assert response.status_code == 302
    assert unchanged(visit, content_hash)


def test_signing_again_is_refused(physician_client, signed):
    visit, content_hash = signed
    response = sign(physician_client, visit, meaning="reviewed", password="correct horse "
                    "battery staple")
    assert response.status_code == 400 and "already been signed" in response.content.decode()
    assert unchanged(visit, content_hash) and Signature.objects.count() == 1


@pytest.mark.parametrize("path", ["/admin/visits/visit/", "/admin/visits/history/",
                                  "/admin/notes/signature/", "/admin/notes/noteversion/",
                                  "/admin/patients/patient/", "/admin/visits/visit/1/delete/"])
def test_the_admin_has_no_screen_for_clinical_records(administrator_client, signed, path):
    visit, content_hash = signed
    assert administrator_client.get(path).status_code in (302, 404)
    assert administrator_client.post(path, {"post": "yes"}).status_code in (302, 404)
    assert unchanged(visit, content_hash)


def test_there_is_no_delete_or_edit_url_for_a_visit(physician_client, signed):
    visit, content_hash = signed
    for path in (f"/visits/{visit.pk}/delete/", f"/visits/{visit.pk}/edit/",
                 f"/visits/{visit.pk}/note/edit/", f"/visits/{visit.pk}/note/unsign/"):
        assert physician_client.post(path).status_code == 404
    assert unchanged(visit, content_hash)


def test_only_an_addendum_is_added_and_the_original_is_kept(physician_client,
                                                            administrator_client, signed):
    visit, content_hash = signed
    assert add_addendum(physician_client, visit, text="Correction: review in 4 weeks.",
                        reason="Follow-up brought forward").status_code == 302
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.AMENDED
    assert unchanged(visit, content_hash)

    review = physician_client.get(reverse("notes:review", kwargs={"pk": visit.pk}))
    text = review.content.decode()
    assert ORIGINAL in text and "Correction: review in 4 weeks." in text
    first = body(physician_client.get(reverse("notes:download",
                                              kwargs={"pk": visit.pk, "number": 1})))
    second = body(physician_client.get(reverse("notes:download",
                                               kwargs={"pk": visit.pk, "number": 2})))
    assert squeezed(ORIGINAL) in squeezed(pdf_text(first))
    assert "Correction" not in pdf_text(first)  # version 1 stays as it was signed
    assert squeezed(ORIGINAL) in squeezed(pdf_text(second))
    assert squeezed("Correction: review in 4 weeks.") in squeezed(pdf_text(second))

    export = export_download(administrator_client, "exports:csv",
                                       {"status": "signed", "password": TEST_PASSWORD})
    rows = list(csv.DictReader(io.StringIO(body(export).decode("utf-8-sig"))))
    assert [row["plan.plan_notes"] for row in rows] == [ORIGINAL]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
@pytest.mark.parametrize("table", ["visits_plan", "notes_noteversion", "patients_patient"])
def test_truncate_cannot_remove_a_signed_note(committed_signed_visit, table):
    visit = committed_signed_visit
    with pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"), \
            transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table} CASCADE")
    assert Plan.objects.filter(visit=visit).exists() and verify_note(visit).ok
