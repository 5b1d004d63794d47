"""Signed note PDFs in an S3-compatible object store (issue 17, item 3): the storages that
backpain/settings.py builds with STORAGE_BACKEND=s3, against moto's S3 server on loopback. A
signed note's PDF lands in the bucket, the app serves it byte for byte after re-hashing what the
bucket holds, and nothing in the bucket opens without the app's credentials (no
public ACL, no pre-signed links: files are served only by views that check access,
docs/security.md)."""

import hashlib
import io
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.urls import reverse

from backpain.accounts.roles import Role
from backpain.notes.models import NoteVersion
from tests.conftest import client_for, make_ready_to_sign
from tests.factories import TEST_PASSWORD, ClinicFactory, PatientFactory, UserFactory, VisitFactory

from .s3_server import s3_server, shipped_storages

VERIFIED = "Verified: the note matches what was signed."
REFUSED = "the stored file is missing or is not the file that was stored at signing"


@pytest.fixture(scope="module")
def s3():
    with s3_server() as server:
        yield server


def new_bucket(s3) -> str:
    name = f"backpain-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(name)
    return name


@pytest.fixture
def bucket(s3, settings):
    """A bucket of the test's own, in which the app keeps its files (the shipped settings)."""
    name = new_bucket(s3)
    shipped = shipped_storages(s3.environment(name))
    settings.STORAGES = {**settings.STORAGES,
                         "default": shipped["default"], "exports": shipped["exports"]}
    return name


@pytest.fixture
def physician_and_visit(roles):
    """Committed rows (a transactional test): whatever signing does once its transaction has
    committed (storing the PDF) happens before the response, as it does in production."""
    clinic = ClinicFactory(name="Riverside Spine Clinic")
    physician = UserFactory(clinic=clinic, username="physician", role=Role.PHYSICIAN,
                            printed_name="Jane Doe", credentials="MD")
    patient = PatientFactory(clinic=clinic, family_name="Okafor", given_name="Chinedu")
    visit = VisitFactory(patient=patient, created_by=physician, assigned_physician=physician)
    return client_for(physician), make_ready_to_sign(visit, physician)


def signed_version(client, visit) -> NoteVersion:
    response = client.post(reverse("notes:sign", kwargs={"pk": visit.pk}),
                           {"username": "physician", "password": TEST_PASSWORD,
                            "meaning": "authored"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return NoteVersion.objects.get(visit=visit, number=1)


def review_page(client, visit) -> str:
    response = client.get(reverse("notes:review", kwargs={"pk": visit.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_signed_notes_pdf_is_stored_in_the_bucket_and_served_by_the_app(
        s3, bucket, physician_and_visit):
    client, visit = physician_and_visit
    version = signed_version(client, visit)

    assert s3.keys(bucket) == [version.pdf.name]
    assert version.pdf.name.startswith("notes/")
    stored = s3.content(bucket, version.pdf.name)
    response = client.get(reverse("notes:download", kwargs={"pk": visit.pk, "number": 1}))
    assert response.status_code == 200
    downloaded = b"".join(response.streaming_content)
    assert downloaded.startswith(b"%PDF-")
    assert downloaded == stored
    assert hashlib.sha256(downloaded).hexdigest() == version.pdf_sha256
    assert VERIFIED in review_page(client, visit)


def test_nothing_in_the_bucket_opens_without_the_apps_credentials(
        s3, bucket, physician_and_visit):
    client, visit = physician_and_visit
    version = signed_version(client, visit)

    # The storage's own link to the file (unsigned: pre-signed links are off) is refused:
    # the object is private, so only the app, with its key, reads the PDF and serves it.
    url = default_storage.url(version.pdf.name)
    assert url.startswith(f"{s3.endpoint}/{bucket}/")
    assert s3.anonymous_status(url) == 403
    assert s3.endpoint not in review_page(client, visit)


def test_a_pdf_altered_or_removed_in_the_bucket_is_refused_with_words_not_served(
        s3, bucket, physician_and_visit):
    """A download re-hashes what the bucket holds: a forged or vanished object is never
    served, the physician reads why, and `verify_notes` names the visit."""
    client, visit = physician_and_visit
    version = signed_version(client, visit)
    url = reverse("notes:download", kwargs={"pk": visit.pk, "number": 1})

    s3.client().put_object(Bucket=bucket, Key=version.pdf.name, Body=b"%PDF-1.7 forged")
    response = client.get(url)
    assert response.status_code == 409
    assert REFUSED in response.content.decode()
    assert verify_notes_fails_for(visit)

    s3.client().delete_object(Bucket=bucket, Key=version.pdf.name)
    response = client.get(url)
    assert response.status_code == 409
    assert REFUSED in response.content.decode()


def verify_notes_fails_for(visit) -> bool:
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("verify_notes", stdout=out, stderr=out)
    return exit_status.value.code == 1 and f"visit {visit.pk}" in out.getvalue()


def test_export_files_go_to_a_bucket_of_their_own_when_one_is_named(s3, settings):
    notes, exports = new_bucket(s3), new_bucket(s3)
    shipped = shipped_storages(s3.environment(notes, EXPORTS_S3_BUCKET=exports))
    settings.STORAGES = {**settings.STORAGES,
                         "default": shipped["default"], "exports": shipped["exports"]}

    name = storages["exports"].save("exports/visits.csv", ContentFile(b"visit_id\r\n1\r\n"))
    assert s3.keys(exports) == [name]
    assert s3.keys(notes) == []
    assert s3.content(exports, name) == b"visit_id\r\n1\r\n"
