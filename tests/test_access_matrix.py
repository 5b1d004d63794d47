"""Every URL of the app, requested anonymously and as each role, against one written matrix."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from backpain.accounts.roles import Role
from backpain.episodes.models import Treatment
from tests.conftest import client_for

INTAKE, PHYSICIAN, ADMIN = Role.INTAKE, Role.PHYSICIAN, Role.ADMINISTRATOR

# URL name (with "#variant" when one URL is listed with several arguments) -> (roles that
# get the page, how to build its arguments[, the allowed roles' status]). Everyone else signed
# in gets 403; anonymous users are sent to the login page. Public pages are listed apart.
ACCESS_MATRIX = {
    "home": ({INTAKE, PHYSICIAN, ADMIN}, lambda objs: {}),
    # Each user changes their own password (tests/accounts/test_passwords.py).
    "password_change": ({INTAKE, PHYSICIAN, ADMIN}, lambda objs: {}),
    "password_change_done": ({INTAKE, PHYSICIAN, ADMIN}, lambda objs: {}),
    "patients:list": ({INTAKE, PHYSICIAN}, lambda objs: {}),
    "patients:register": ({INTAKE, PHYSICIAN}, lambda objs: {}),
    "patients:detail": ({INTAKE, PHYSICIAN}, lambda objs: {"pk": objs["patient"].pk}),
    "patients:edit": ({INTAKE, PHYSICIAN}, lambda objs: {"pk": objs["patient"].pk}),
    "visits:open": ({INTAKE, PHYSICIAN}, lambda objs: {"patient_pk": objs["patient"].pk}),
    "visits:book": ({INTAKE, PHYSICIAN}, lambda objs: {"patient_pk": objs["patient"].pk}),
    "visits:detail": ({INTAKE, PHYSICIAN}, lambda objs: {"pk": objs["visit"].pk}),
    # Starting a booked visit is a POST of a button; a GET is refused as a method.
    "visits:start": ({INTAKE, PHYSICIAN}, lambda objs: {"pk": objs["visit"].pk}, 405),
    "episodes:edit": ({INTAKE, PHYSICIAN}, lambda objs: {"pk": objs["visit"].episode_id}),
    "episodes:close": ({INTAKE, PHYSICIAN}, lambda objs: {"pk": objs["visit"].episode_id}, 405),
    "episodes:reopen": ({INTAKE, PHYSICIAN}, lambda objs: {"pk": objs["visit"].episode_id}, 405),
    # Physicians add treatments to the course; intake staff too record the response.
    "episodes:treatment_add": ({PHYSICIAN}, lambda objs: {"pk": objs["visit"].episode_id}),
    "episodes:treatment_response": ({INTAKE, PHYSICIAN},
                                    lambda objs: {"pk": objs["treatment"].pk}),
    **{
        f"visits:step#{slug}": (editors, lambda objs, slug=slug: {"pk": objs["visit"].pk,
                                                                  "slug": slug})
        for slug, editors in [("history", {INTAKE, PHYSICIAN}),
                              ("questionnaires", {INTAKE, PHYSICIAN}),
                              ("examination", {PHYSICIAN}), ("diagnostics", {PHYSICIAN}),
                              ("assessment", {PHYSICIAN}), ("plan", {PHYSICIAN})]
    },
    # A step's autosave (JSON): only a POST keeps a draft, a GET is refused as a method.
    **{
        f"visits:step_draft#{slug}": (editors, lambda objs, slug=slug: {"pk": objs["visit"].pk,
                                                                        "slug": slug}, 405)
        for slug, editors in [("history", {INTAKE, PHYSICIAN}), ("plan", {PHYSICIAN})]
    },
    # A form target: GET shows nothing of its own and sends the user to the visit.
    "visits:intake_complete": ({INTAKE, PHYSICIAN}, lambda objs: {"pk": objs["visit"].pk}, 302),
    # The assessment step's code search (JSON).
    "visits:icd10cm_search": ({PHYSICIAN}, lambda objs: {}),
    "visits:follow_ups": ({INTAKE, PHYSICIAN}, lambda objs: {"state": "due"}),
    "notes:review": ({PHYSICIAN}, lambda objs: {"pk": objs["visit"].pk}),
    # Signing is a POST of the review page's form; a GET is refused as a method.
    "notes:sign": ({PHYSICIAN}, lambda objs: {"pk": objs["visit"].pk}, 405),
    # An unsigned note takes no addendum: the physician is sent back to the review page.
    "notes:addendum": ({PHYSICIAN}, lambda objs: {"pk": objs["visit"].pk}, 302),
    # The draft PDF of an unsigned note: permission as for the visit's page.
    "notes:draft": ({INTAKE, PHYSICIAN}, lambda objs: {"pk": objs["visit"].pk}),
    "notes:download": ({PHYSICIAN, ADMIN}, lambda objs: {"pk": objs["visit"].pk, "number": 1}),
    # Whether the note's PDFs are stored yet (JSON), for the review page's wait.
    "notes:pdf_status": ({PHYSICIAN}, lambda objs: {"pk": objs["visit"].pk}),
    "exports:page": ({ADMIN}, lambda objs: {}),
    # Downloads are POSTs of the export page's form (each writes an audit event).
    "exports:csv": ({ADMIN}, lambda objs: {}, 405),
    "exports:fhir": ({ADMIN}, lambda objs: {}, 405),
    "exports:pdf_zip": ({ADMIN}, lambda objs: {}, 405),
    "exports:outcomes_csv": ({ADMIN}, lambda objs: {}, 405),
    # An export job's page, progress and file: only the administrator who asked for it (the
    # `administrator` fixture); another administrator gets 404 (tests/exports/test_views.py).
    "exports:job": ({ADMIN}, lambda objs: {"public_id": objs["export_job"].public_id}),
    "exports:job_status": ({ADMIN}, lambda objs: {"public_id": objs["export_job"].public_id}),
    "exports:job_download": ({ADMIN},
                             lambda objs: {"public_id": objs["export_job"].public_id}),
    "audit:events": ({ADMIN}, lambda objs: {}),
    "audit:events_csv": ({ADMIN}, lambda objs: {}, 405),
    # Public (in PUBLIC below) and listed here only for its arguments, which the URL sweep
    # takes from this table: signed in or not, a link that matches no account shows the
    # "this link does not work" page.
    "password_reset_confirm": ({INTAKE, PHYSICIAN, ADMIN},
                               lambda objs: {"uidb64": "MA", "token": "no-such-token"}),
}
# A forgotten password is reset from an emailed link, without a session.
PUBLIC = {"login", "logout", "password_reset", "password_reset_done", "password_reset_confirm",
          "password_reset_complete"}
# The session clock's JSON endpoints answer 401 (not a login page) when signed out; they
# are tested in tests/accounts/test_sessions.py.
SESSION_ENDPOINTS = {"session_status", "session_keepalive"}
# Django admin has its own login and permission screens, tested in tests/accounts/test_admin.py.
SEPARATELY_TESTED_NAMESPACES = {"admin"}


def named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in SEPARATELY_TESTED_NAMESPACES:
                continue
            yield from named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_is_in_the_matrix():
    listed = {key.split("#")[0] for key in ACCESS_MATRIX} | PUBLIC | SESSION_ENDPOINTS
    unlisted = set(named_urls()) - listed
    assert not unlisted, f"add these URLs to ACCESS_MATRIX: {sorted(unlisted)}"


@pytest.fixture
def objects(patient, visit, physician, administrator):
    stored_note(visit, physician)
    treatment = Treatment.objects.create(episode=visit.episode, kind="physiotherapy",
                                         start_date=visit.visit_date)
    return {"patient": patient, "visit": visit, "treatment": treatment,
            "export_job": stored_export_job(administrator)}


def stored_note(visit, physician):
    """A stored PDF for the download URL, without rendering one (the signing tests do)."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from backpain.notes.content import content_hash, note_document
    from backpain.notes.models import NoteVersion, Signature

    document = note_document(visit)
    signature = Signature.objects.create(
        visit=visit, signer=physician, printed_name="Jane Doe", meaning="authored",
        signed_at=timezone.now(), content_hash=content_hash(document), content=document)
    pdf = b"%PDF-1.7 test"
    version = NoteVersion(visit=visit, number=1, signature=signature,
                          pdf_sha256=hashlib.sha256(pdf).hexdigest())
    version.pdf.save(version.download_name, ContentFile(pdf), save=False)
    version.save()


def stored_export_job(administrator):
    """A finished export job of the administrator, with its file, for the job URLs."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from backpain.exports.models import ExportJob, ExportJobState

    job = ExportJob(clinic_id=administrator.clinic_id, requested_by=administrator,
                    export_format="csv", download_name="backpain-visits.csv",
                    state=ExportJobState.DONE,
                    expires_at=timezone.now() + datetime.timedelta(hours=1))
    job.file.save("ignored.csv", ContentFile(b"visit.id\r\n"), save=False)
    job.save()
    return job


@pytest.mark.parametrize("name", sorted(key for key in ACCESS_MATRIX
                                         if key.split("#")[0] not in PUBLIC))
def test_anonymous_is_sent_to_login(client, objects, name):
    url = reverse(name.split("#")[0], kwargs=ACCESS_MATRIX[name][1](objects))
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", sorted(ACCESS_MATRIX))
def test_role_access(users_by_role, objects, role, name):
    allowed, kwargs, *ok = ACCESS_MATRIX[name]
    url = reverse(name.split("#")[0], kwargs=kwargs(objects))
    response = client_for(users_by_role[role]).get(url)
    assert response.status_code == ((ok[0] if ok else 200) if role in allowed else 403)


def test_login_page_is_public(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in" in response.content


@pytest.mark.parametrize("name", sorted(PUBLIC - {"logout"}))
def test_public_pages_answer_without_a_session(client, objects, name):
    kwargs = ACCESS_MATRIX[name][1](objects) if name in ACCESS_MATRIX else {}
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_user_without_clinic_sees_no_patient_pages(db):
    from tests.factories import UserFactory

    orphan = UserFactory(clinic=None, role=Role.PHYSICIAN)
    assert client_for(orphan).get(reverse("patients:list")).status_code == 403
