"""`manage.py fill_pdf_digests`: the size and SHA-1 of PDFs stored before they were recorded
with the file (notes 0005), read once and checked against the signed SHA-256 first."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import models
from django.urls import reverse

from backpain.notes.models import NoteVersion
from tests.factories import TEST_PASSWORD


@pytest.fixture
def older_version(physician_client, ready_visit, monkeypatch):
    """A version whose PDF was stored as before notes 0005: the file and its SHA-256 only."""
    monkeypatch.setattr("backpain.notes.tasks.store_note_pdf.delay", lambda *args: None)
    physician_client.post(reverse("notes:sign", kwargs={"pk": ready_visit.pk}),
                          {"username": "physician", "password": TEST_PASSWORD,
                           "meaning": "authored"})
    version = NoteVersion.objects.get(visit=ready_visit)
    pdf = b"%PDF-1.7\n% a note stored before its digests were recorded\n%%EOF\n"
    name = version.pdf.storage.save(version.storage_name, ContentFile(pdf))
    models.QuerySet.update(NoteVersion.objects.filter(pk=version.pk), pdf=name,
                           pdf_sha256=hashlib.sha256(pdf).hexdigest())
    return NoteVersion.objects.get(pk=version.pk), pdf


def test_an_older_pdf_gets_its_size_and_sha1_once(older_version, capsys):
    version, pdf = older_version
    assert (version.pdf_size, version.pdf_sha1) == (None, "")
    call_command("fill_pdf_digests")
    version.refresh_from_db()
    assert (version.pdf_size, version.pdf_sha1) == (
        len(pdf), hashlib.sha1(pdf, usedforsecurity=False).hexdigest())
    assert "Recorded the size and SHA-1 of 1 note PDF(s)." in capsys.readouterr().out
    call_command("fill_pdf_digests")  # nothing left to do: safe to run again
    assert "of 0 note PDF(s)" in capsys.readouterr().out


def test_a_file_that_is_not_the_signed_pdf_is_reported_and_left_alone(older_version, capsys):
    version, _pdf = older_version
    storage = version.pdf.storage
    storage.delete(version.pdf.name)
    storage.save(version.pdf.name, ContentFile(b"%PDF tampered"))
    with pytest.raises(CommandError, match="1 note PDF"):
        call_command("fill_pdf_digests")
    assert "is not the PDF that was stored" in capsys.readouterr().err
    version.refresh_from_db()
    assert (version.pdf_size, version.pdf_sha1) == (None, "")
