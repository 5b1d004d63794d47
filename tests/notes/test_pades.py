"""The PDF carries a PAdES signature by the clinic's certificate, which validates until the
file is changed."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from backpain.notes.models import NoteVersion
from backpain.notes.pades import check_pdf_signature
from tests.factories import TEST_PASSWORD


@pytest.fixture
def stored_pdf(physician_client, ready_visit):
    physician_client.post(reverse("notes:sign", kwargs={"pk": ready_visit.pk}),
                          {"username": "physician", "password": TEST_PASSWORD,
                           "meaning": "authored"})
    with NoteVersion.objects.get(visit=ready_visit).pdf.open("rb") as stored:
        return stored.read()


def test_the_signed_pdf_validates_and_names_the_clinic(stored_pdf):
    check = check_pdf_signature(stored_pdf)
    assert (check.signed, check.intact, check.trusted) == (True, True, True)
    assert "Riverside Spine Clinic" in check.signer


def test_a_pdf_changed_after_signing_fails_validation(stored_pdf):
    position = stored_pdf.index(b"/Type /Page") if b"/Type /Page" in stored_pdf else 200
    tampered = stored_pdf[:position] + b"X" + stored_pdf[position + 1:]
    check = check_pdf_signature(tampered)
    assert check.signed and not check.intact


def test_without_a_certificate_the_pdf_is_stored_unsigned(settings, physician_client,
                                                         ready_visit, tmp_path):
    settings.NOTE_SIGNING_KEY = settings.NOTE_SIGNING_CERT = tmp_path / "missing.pem"
    physician_client.post(reverse("notes:sign", kwargs={"pk": ready_visit.pk}),
                          {"username": "physician", "password": TEST_PASSWORD,
                           "meaning": "authored"})
    with NoteVersion.objects.get(visit=ready_visit).pdf.open("rb") as stored:
        assert check_pdf_signature(stored.read(),
                                   trust_cert_paths=[str(tmp_path)]).signed is False


def create_certificate_command(key, cert):
    env = {**os.environ, "NOTE_SIGNING_KEY": str(key), "NOTE_SIGNING_CERT": str(cert),
           "DATABASE_URL": "sqlite:///:memory:"}
    return subprocess.run([sys.executable, "manage.py", "create_signing_certificate"],
                          cwd=django_settings.BASE_DIR, capture_output=True, text=True,
                          timeout=60, env=env)


def test_the_command_makes_a_certificate_and_keeps_an_existing_one(tmp_path):
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    result = create_certificate_command(key, cert)
    assert result.returncode == 0, result.stderr
    assert key.exists() and cert.exists() and oct(key.stat().st_mode)[-3:] == "600"
    first = cert.read_bytes()
    again = create_certificate_command(key, cert)
    assert again.returncode != 0 and "--force" in again.stderr
    assert cert.read_bytes() == first
