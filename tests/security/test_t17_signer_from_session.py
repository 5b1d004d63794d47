"""T-17 The signer is the signed-in user: fields naming another signer in the sign request
(signer_id, user_id, type, printed_name...) are ignored, and physician B's username with
physician A's session is refused."""

from backpain.notes.models import Addendum, Signature

from .helpers import add_addendum, sign


def forged_fields(colleague):
    return {"signer": colleague.pk, "signer_id": colleague.pk, "user": colleague.pk,
            "user_id": colleague.pk, "type": "admin-signature", "printed_name": "John Roe",
            "credentials": "Chief", "author": colleague.pk, "signed_by": colleague.pk}


def test_forged_signer_fields_are_ignored(physician_client, physician, colleague, ready_visit):
    response = sign(physician_client, ready_visit, **forged_fields(colleague))
    assert response.status_code == 302
    signature = Signature.objects.get(visit=ready_visit)
    assert signature.signer == physician
    assert (signature.printed_name, signature.credentials) == ("Jane Doe", "MD")
    assert signature.content["visit"]["physician"] == "Jane Doe, MD"


def test_a_username_naming_someone_else_is_refused(physician_client, colleague, ready_visit):
    response = sign(physician_client, ready_visit, username=colleague.username)
    assert response.status_code == 400
    assert "does not match the signed-in user" in response.content.decode()
    assert not Signature.objects.exists()


def test_forged_addendum_author_fields_are_ignored(physician_client, physician, colleague,
                                                   signed_visit):
    response = add_addendum(physician_client, signed_visit, **forged_fields(colleague))
    assert response.status_code == 302
    addendum = Addendum.objects.get(visit=signed_visit)
    assert addendum.author == physician and addendum.signature.signer == physician
    assert addendum.signature.printed_name == "Jane Doe"
