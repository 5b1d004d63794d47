"""T-29 Stored XSS: script payloads typed into every free-text field (patient names and MRN,
chief complaint, study impression, override reason, plan notes, addendum text and reason, a
draft, a conflicting save, a failed sign-in's username, the signer's printed name and the
clinic's name) come back as inert text on every page that shows them (lists, detail, steps,
review, home, audit page, admin), in the signed PDFs, and in the CSV and FHIR exports."""

import csv
import datetime
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from backpain.accounts.models import Clinic, User
from backpain.patients.models import Patient
from backpain.visits.models import StepDraft, Visit
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD
from tests.kept_filters import audit_page

from .helpers import (
    active_content,
    add_addendum,
    body,
    export_download,
    login,
    narratives,
    pdf_text,
    post_step,
    sign,
    squeezed,
    step_url,
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
SVG = "<svg onload=alert(1)>"
ALL = f"{SCRIPT} {IMG} {JS_URL} {SVG}"
RAW = [SCRIPT, "<img src=x onerror", SVG, "onerror=alert(1)>"]
FIELDS = {
    "family_name": f"{SCRIPT}{IMG}",
    "given_name": f"{SVG}{JS_URL}",
    "mrn": IMG,
    "chief_complaint": f"Back pain {ALL}",
    "impression": f"Impression {ALL}",
    "override_reason": f"Override {ALL}",
    "plan_notes": f"Plan {ALL}",
    "addendum_text": f"Addendum {ALL}",
    "addendum_reason": f"Reason {SCRIPT}{IMG}",
    "draft_notes": f"Draft {ALL}",
    "conflict_notes": f"Conflict {ALL}",
    "login_username": f"{SCRIPT}{IMG}",
    "printed_name": f"Jane {SCRIPT}",
    "credentials": f"MD {SVG}",
    "clinic_name": f"Riverside {IMG}",
}
ADMIN_OWN = {"<svg>"}  # the admin's own icons


@pytest.fixture
def world(clinic, intake, physician, colleague, administrator):
    """Every payload stored through the app's own forms, a note signed and amended."""
    Clinic.objects.filter(pk=clinic.pk).update(name=FIELDS["clinic_name"])
    User.objects.filter(pk=physician.pk).update(printed_name=FIELDS["printed_name"],
                                                credentials=FIELDS["credentials"])
    staff, doctor = client_for(intake), client_for(physician)
    login(Client(), FIELDS["login_username"], "wrong password")

    response = staff.post(reverse("patients:register"), {
        "mrn": FIELDS["mrn"], "family_name": FIELDS["family_name"],
        "given_name": FIELDS["given_name"], "date_of_birth": "1970-05-17", "sex": "female"})
    assert response.status_code == 302, response.context["form"].errors
    patient = Patient.objects.get(mrn=FIELDS["mrn"])
    visits = []
    for _ in range(2):
        opened = {"visit_date": datetime.date.today().isoformat(), "visit_type": "new",
                  "chief_complaint": FIELDS["chief_complaint"], "assigned_physician": physician.pk}
        if visits:  # the second the same day is asked about first: the question lists the first
            response = staff.post(reverse("visits:open", kwargs={"patient_pk": patient.pk}),
                                  opened)
            assert "Open another visit anyway" in response.content.decode()
            assert_inert(response.content.decode(), "same-day question")
            opened["open_another"] = "1"
        response = staff.post(reverse("visits:open", kwargs={"patient_pk": patient.pk}), opened)
        assert response.status_code == 302, response.context["form"].errors
        visits.append(Visit.objects.filter(patient=patient).order_by("-pk").first())
    visit, second = visits

    steps = [
        (staff, "history", {"regions": ["lumbar"], "onset": "sudden", "pain_now": "5",
                            "radiation": ["none"], "bladder_dysfunction": "none",
                            "saddle_numbness": "false", "weakness": "false",
                            "bowel_incontinence": "false", "trauma": "none",
                            "cancer_history": "false", "unexplained_weight_loss": "false",
                            "fever": "false", "aggravating": ["flexion"]}),
        (doctor, "examination", {"gait": "normal"}),
        (doctor, "diagnostics", {"studies-TOTAL_FORMS": "1", "studies-INITIAL_FORMS": "0",
                                 "studies-0-modality": "mri", "studies-0-region": "lumbar",
                                 "studies-0-status": "resulted",
                                 "studies-0-impression": FIELDS["impression"]}),
        (doctor, "assessment", {"confirmed_patterns": ["radicular"], "diagnoses": ["M54.59"],
                                "override_reason": FIELDS["override_reason"]}),
        (doctor, "plan", {"disposition": "routine", "follow_up_weeks": "6",
                          "plan_notes": FIELDS["plan_notes"]}),
    ]
    for client, slug, data in steps:
        response = post_step(client, visit, slug, data)
        assert response.status_code == 302, (slug, response.context["form"].errors)
    assert sign(doctor, visit).status_code == 302
    assert add_addendum(doctor, visit, text=FIELDS["addendum_text"],
                        reason=FIELDS["addendum_reason"]).status_code == 302

    # The second visit holds an unsaved draft and is the scene of a conflicting save.
    StepDraft.objects.create(visit=second, step="plan", user=physician, data={
        "plan_notes": [FIELDS["draft_notes"]], "version": [str(second.version)]})
    loaded = Visit.objects.get(pk=second.pk).version
    colleague_client = client_for(colleague)
    assert post_step(colleague_client, second, "plan",
                     {"plan_notes": FIELDS["conflict_notes"]}, version=loaded
                     ).status_code == 302
    conflict = post_step(doctor, second, "plan", {"plan_notes": FIELDS["plan_notes"]},
                         version=loaded)
    assert conflict.status_code == 409
    return {"patient": patient, "visit": visit, "second": second, "staff": staff,
            "doctor": doctor, "conflict": conflict,
            "admin": client_for(administrator)}


def assert_inert(html, where, allowed=()):
    found = active_content(html, allowed)
    assert not found, (where, found)
    for raw in RAW:
        assert raw not in html, (where, raw)


def clinical_pages(world):
    patient, visit, second = world["patient"], world["visit"], world["second"]
    pages = [reverse("home"), reverse("patients:list"),
             reverse("patients:list") + "?q=" + FIELDS["family_name"][:40],
             reverse("patients:detail", kwargs={"pk": patient.pk}),
             reverse("patients:edit", kwargs={"pk": patient.pk}),
             reverse("visits:open", kwargs={"patient_pk": patient.pk})]
    for shown in (visit, second):
        pages += [reverse("visits:detail", kwargs={"pk": shown.pk}),
                  *[step_url(shown, slug) for slug in ("history", "questionnaires",
                                                        "examination", "diagnostics",
                                                        "assessment", "plan")]]
    return pages


@pytest.mark.parametrize("who", ["staff", "doctor"])
def test_clinical_pages_show_the_payloads_as_text(world, who):
    client = world[who]
    seen = ""
    for url in clinical_pages(world):
        response = client.get(url)
        if response.status_code == 403:  # intake staff and the physician's steps
            continue
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_inert(html, url)
        seen += html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in seen  # the payloads were really shown
    assert "onerror=alert(1)&gt;" in seen


def test_the_review_draft_and_conflict_pages_show_them_as_text(world):
    doctor = world["doctor"]
    review = doctor.get(reverse("notes:review", kwargs={"pk": world["visit"].pk}))
    html = review.content.decode()
    assert_inert(html, "review")
    for name in ("addendum_text", "override_reason", "impression", "plan_notes"):
        assert FIELDS[name].split(" ")[0] in html
    assert "Addendum &lt;script&gt;" in html and "MD &lt;svg onload=alert(1)&gt;" in html

    conflict = world["conflict"].content.decode()
    assert_inert(conflict, "conflict page")
    assert "Conflict &lt;script&gt;" in conflict

    # The physician's own draft, offered again on the second visit's plan step.
    StepDraft.objects.filter(visit=world["second"], user__username="physician").update(
        data={"plan_notes": [FIELDS["draft_notes"]],
              "version": [str(Visit.objects.get(pk=world["second"].pk).version)]})
    draft = doctor.get(step_url(world["second"], "plan"))
    assert draft.context["restored_draft"]
    assert_inert(draft.content.decode(), "draft")
    assert "Draft &lt;script&gt;" in draft.content.decode()


def test_audit_page_and_admin_show_them_as_text(world):
    admin = world["admin"]
    audit_page(admin, {"username": FIELDS["login_username"]})  # the filter is kept, and shown
    pages = [reverse("audit:events"),
             reverse("admin:index"), reverse("admin:accounts_user_changelist"),
             reverse("admin:accounts_user_change",
                     args=[User.objects.get(username="physician").pk]),
             reverse("admin:audit_auditevent_changelist"),
             reverse("admin:accounts_clinic_changelist"),
             reverse("admin:axes_accessattempt_changelist")]
    seen = ""
    for url in pages:
        response = admin.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_inert(html, url, allowed=ADMIN_OWN if url.startswith("/admin/") else ())
        seen += html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in seen


def test_the_signed_pdfs_print_them_as_text(world):
    for number in (1, 2):
        pdf = body(world["doctor"].get(reverse("notes:download",
                                               kwargs={"pk": world["visit"].pk,
                                                       "number": number})))
        text = squeezed(pdf_text(pdf))
        for name in ("chief_complaint", "impression", "override_reason", "plan_notes",
                     "mrn", "printed_name"):
            assert squeezed(FIELDS[name]) in text, (number, name)
        assert squeezed(FIELDS["family_name"]).upper() in text.upper()
        assert b"/JavaScript" not in pdf and b"/JS " not in pdf and b"/Launch" not in pdf
    assert squeezed(FIELDS["addendum_text"]) in text  # version 2


def test_the_csv_holds_them_as_plain_cells(world):
    response = export_download(world["admin"], "exports:csv",
                                   {"status": "any", "password": TEST_PASSWORD})
    rows = list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert len(rows) == 2
    for row in rows:
        assert row["patient.family_name"] == FIELDS["family_name"]
        assert row["patient.mrn"] == FIELDS["mrn"]
        assert row["visit.chief_complaint"] == FIELDS["chief_complaint"]
    signed = next(row for row in rows if row["visit.id"] == str(world["visit"].pk))
    assert signed["plan.plan_notes"] == FIELDS["plan_notes"]
    assert signed["assessment.override_reason"] == FIELDS["override_reason"]


def test_fhir_holds_them_as_data_and_no_narrative_carries_markup(world):
    response = export_download(world["admin"], "exports:fhir",
                                   {"status": "any", "password": TEST_PASSWORD})
    bundles = [json.loads(line) for line in body(response).decode().splitlines()]
    assert len(bundles) == 2
    for bundle in bundles:
        patient = next(entry["resource"] for entry in bundle["entry"]
                       if entry["resource"]["resourceType"] == "Patient")
        assert patient["name"][0]["family"] == FIELDS["family_name"]
        for div in narratives(bundle):
            assert_inert(div, "FHIR narrative")


@pytest.mark.parametrize("html", [
    f"<p>{SCRIPT}</p>", '<input value=""><img src=x onerror=alert(1)>">', f"<div>{SVG}</div>",
    '<a href="javascript:alert(1)">x</a>', '<a href=" JaVaScRiPt:alert(1)">x</a>',
    "<iframe srcdoc='x'></iframe>", '<body onload="alert(1)">',
])
def test_the_scanner_finds_what_a_browser_would_run(html):
    # The check above is only as good as this scanner: it must see each of these.
    assert active_content(html)
