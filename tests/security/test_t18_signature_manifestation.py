"""T-18 Signature manifestation (21 CFR 11.50): the screen, the PDF and the FHIR export each
show the signer's printed name and credentials, the date and time with its time zone, and
the meaning of the signature, all taken from the signature row."""

import json
import re

import pytest
from django.urls import reverse

from backpain.accounts.models import User
from backpain.notes.models import Signature
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD

from .helpers import body, export_download, pdf_text

# "25 Nov 2026 14:03:12 GMT (Europe/London, UTC+00:00)"
LOCAL_TIME = re.compile(r"\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \S+ "
                        r"\(Europe/London, UTC[+-]\d{2}:\d{2}\)")


@pytest.fixture
def signature(signed_visit):
    return Signature.objects.get(visit=signed_visit)


def test_the_review_page_shows_name_time_zone_and_meaning(physician_client, signed_visit,
                                                         signature):
    text = physician_client.get(reverse("notes:review",
                                        kwargs={"pk": signed_visit.pk})).content.decode()
    assert "Jane Doe, MD" in text
    assert "Authored and signed" in text
    assert LOCAL_TIME.search(text)


def test_the_pdf_shows_name_time_zone_and_meaning(physician_client, signed_visit, signature):
    pdf = body(physician_client.get(reverse("notes:download",
                                            kwargs={"pk": signed_visit.pk, "number": 1})))
    text = " ".join(pdf_text(pdf).split())
    assert "Jane Doe, MD" in text
    assert "Authored and signed" in text
    assert LOCAL_TIME.search(text)


def test_the_block_comes_from_the_signature_row_not_the_account(colleague, physician,
                                                                signed_visit):
    User.objects.filter(pk=physician.pk).update(printed_name="Someone Else", credentials="X")
    text = client_for(colleague).get(reverse("notes:review",
                                             kwargs={"pk": signed_visit.pk})).content.decode()
    assert "Jane Doe, MD" in text and "Someone Else" not in text


def fhir_document_reference(client):
    response = export_download(client, "exports:fhir",
                               {"status": "signed", "password": TEST_PASSWORD})
    assert response.status_code == 200
    bundle = json.loads(body(response).decode().splitlines()[0])
    return next(entry["resource"] for entry in bundle["entry"]
                if entry["resource"]["resourceType"] == "DocumentReference")


def test_the_fhir_export_names_the_signer_and_the_time_with_its_zone(administrator_client,
                                                                     signature):
    document = fhir_document_reference(administrator_client)
    assert document["authenticator"]["display"] == "Jane Doe, MD"
    signed_at = document["content"][0]["attachment"]["creation"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
                        signed_at)


def test_the_fhir_export_carries_the_meaning(administrator_client, signature):
    document = fhir_document_reference(administrator_client)
    assert "Authored and signed" in json.dumps(document)
