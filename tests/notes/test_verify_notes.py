"""`manage.py verify_notes`: every signed note checked against its hashes, its stored PDFs and
their PAdES signatures; one line per failing note, a summary, exit status 1 on any failure."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from backpain.notes.models import NoteVersion
from backpain.notes.pades import create_certificate
from backpain.visits.models import Visit
from tests.conftest import make_ready_to_sign
from tests.factories import TEST_PASSWORD, VisitFactory


def verify(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_notes", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def sign(client, visit):
    response = client.post(reverse("notes:sign", kwargs={"pk": visit.pk}),
                           {"username": "physician", "password": TEST_PASSWORD,
                            "meaning": "authored"})
    assert response.status_code == 302
    return Visit.objects.get(pk=visit.pk)


@pytest.fixture
def signed_visit(physician_client, ready_visit):
    visit = sign(physician_client, ready_visit)
    response = physician_client.post(
        reverse("notes:addendum", kwargs={"pk": visit.pk}),
        {"text": "MRI result reviewed.", "reason": "Result arrived after signing",
         "password": TEST_PASSWORD})
    assert response.status_code == 302
    return visit


@pytest.fixture
def second_visit(physician_client, patient, intake, physician):
    visit = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician)
    return sign(physician_client, make_ready_to_sign(visit, physician))


def rewrite(version, change):
    path = version.pdf.path
    with open(path, "rb") as stored:
        pdf = stored.read()
    with open(path, "wb") as stored:
        stored.write(change(pdf))


def flip_byte(pdf: bytes, position: int) -> bytes:
    return pdf[:position] + bytes([pdf[position] ^ 0x01]) + pdf[position + 1:]


def test_valid_notes_with_an_addendum_verify(signed_visit, second_visit):
    assert NoteVersion.objects.filter(visit=signed_visit).count() == 2
    status, output = verify()
    assert status == 0, output
    assert "2 signed note(s) checked: 2 verified, 0 failed" in output
    assert "FAILED" not in output


def test_a_tampered_pdf_byte_fails_naming_the_visit_only(signed_visit, second_visit):
    version = NoteVersion.objects.get(visit=signed_visit, number=2)
    rewrite(version, lambda pdf: flip_byte(pdf, pdf.index(b"/Type /Page")))
    status, output = verify()
    assert status == 1
    failed = [line for line in output.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1
    assert failed[0].startswith(f"FAILED visit {signed_visit.pk}:")
    assert "version 2 does not match its recorded SHA-256" in failed[0]
    assert "1 failed" in output


def test_an_altered_pades_signature_fails(signed_visit):
    version = NoteVersion.objects.get(visit=signed_visit, number=1)
    rewrite(version, lambda pdf: flip_byte(pdf, pdf.index(b"/Contents <") + 200))
    status, output = verify()
    assert status == 1
    assert f"FAILED visit {signed_visit.pk}:" in output
    assert "PAdES signature of the PDF of version 1" in output


def test_a_pdf_signed_by_another_certificate_fails(settings, physician_client, ready_visit,
                                                   tmp_path, clinic_signing_certificate):
    other_key, other_cert = tmp_path / "other-key.pem", tmp_path / "other-cert.pem"
    create_certificate(clinic_name="Riverside Spine Clinic", key_path=other_key,
                       cert_path=other_cert)
    settings.NOTE_SIGNING_KEY, settings.NOTE_SIGNING_CERT = other_key, other_cert
    visit = sign(physician_client, ready_visit)
    settings.NOTE_SIGNING_KEY, settings.NOTE_SIGNING_CERT = clinic_signing_certificate
    status, output = verify("--visit", str(visit.pk))
    assert status == 1
    assert "signed by a certificate other than the clinic's" in output
    assert "SHA-256" not in output  # the file is the one stored: only its signer is wrong


def test_notes_signed_before_a_certificate_renewal_verify_when_the_old_one_is_trusted(
        settings, physician_client, ready_visit, tmp_path, clinic_signing_certificate):
    visit = sign(physician_client, ready_visit)  # signed with the clinic's first certificate
    new_key, new_cert = tmp_path / "renewed-key.pem", tmp_path / "renewed-cert.pem"
    create_certificate(clinic_name="Riverside Spine Clinic", key_path=new_key,
                       cert_path=new_cert)
    first_cert = clinic_signing_certificate[1]
    settings.NOTE_SIGNING_KEY, settings.NOTE_SIGNING_CERT = new_key, new_cert
    status, output = verify("--visit", str(visit.pk))
    assert status == 1 and "signed by a certificate other than the clinic's" in output
    settings.NOTE_SIGNING_TRUSTED_CERTS = [str(first_cert)]
    assert verify("--visit", str(visit.pk))[0] == 0


def test_an_unsigned_pdf_fails_unless_allowed(settings, physician_client, ready_visit,
                                              tmp_path, clinic_signing_certificate):
    settings.NOTE_SIGNING_KEY = tmp_path / "missing.pem"
    sign(physician_client, ready_visit)
    settings.NOTE_SIGNING_KEY = clinic_signing_certificate[0]
    status, output = verify()
    assert status == 1 and "carries no PAdES signature" in output
    assert verify("--allow-unsigned")[0] == 0


def test_a_pdf_missing_from_storage_fails(signed_visit):
    NoteVersion.objects.get(visit=signed_visit, number=1).pdf.storage.delete(
        NoteVersion.objects.get(visit=signed_visit, number=1).pdf.name)
    status, output = verify()
    assert status == 1
    assert "The PDF of version 1 is missing from storage." in output


def test_one_visit_only(signed_visit, second_visit):
    rewrite(NoteVersion.objects.get(visit=signed_visit, number=1), lambda pdf: pdf + b"%")
    assert verify("--visit", str(second_visit.pk))[0] == 0
    assert verify("--visit", str(signed_visit.pk))[0] == 1


def test_a_visit_without_a_signed_note_is_refused(visit):
    with pytest.raises(CommandError, match=f"Visit {visit.pk} has no signed note"):
        verify("--visit", str(visit.pk))


def test_without_the_clinic_certificate_nothing_is_claimed(settings, signed_visit, tmp_path):
    settings.NOTE_SIGNING_CERT = tmp_path / "not-restored.pem"
    with pytest.raises(CommandError, match="NOTE_SIGNING_CERT"):
        verify()


def test_a_pdf_not_stored_yet_is_pending_unless_strict(monkeypatch, physician_client,
                                                       ready_visit):
    # The PDF is a background job only once signing commits before it (notes/tasks.py).
    tasks = pytest.importorskip("backpain.notes.tasks")

    def broker_down(*args, **kwargs):
        raise ConnectionError("the broker is down")

    monkeypatch.setattr(tasks.store_note_pdf, "delay", broker_down)
    visit = sign(physician_client, ready_visit)
    assert NoteVersion.objects.get(visit=visit).pdf == ""
    status, output = verify()
    assert status == 0
    assert f"PENDING visit {visit.pk}: the PDF of version(s) 1 is being prepared." in output
    status, output = verify("--strict")
    assert status == 1 and f"FAILED visit {visit.pk}:" in output
