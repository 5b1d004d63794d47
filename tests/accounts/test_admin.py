"""Django admin: open to Administrators for users and the audit log, scoped to their clinic."""

import pytest
from django.urls import reverse

from backpain.accounts.roles import Role
from backpain.audit.models import AuditAction, AuditEvent
from backpain.audit.services import record_event
from tests.factories import TEST_PASSWORD, UserFactory


def test_administrator_reaches_admin(administrator_client):
    assert administrator_client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("role", [Role.INTAKE, Role.PHYSICIAN])
def test_clinical_roles_do_not_reach_admin(users_by_role, role):
    from tests.conftest import client_for

    response = client_for(users_by_role[role]).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_anonymous_is_sent_to_admin_login(client, db):
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302


def test_user_list_shows_only_own_clinic(administrator_client, physician, other_clinic):
    UserFactory(username="elsewhere", clinic=other_clinic, role=Role.PHYSICIAN)
    content = administrator_client.get(reverse("admin:accounts_user_changelist")).content
    assert b"physician" in content and b"elsewhere" not in content


def test_audit_log_is_read_only(administrator_client, administrator, physician):
    event = record_event(action=AuditAction.PATIENT_VIEWED, user=physician, patient_id=7)
    changelist = administrator_client.get(reverse("admin:audit_auditevent_changelist"))
    assert changelist.status_code == 200
    assert b"Patient viewed" in changelist.content
    change_url = reverse("admin:audit_auditevent_change", args=[event.pk])
    page = administrator_client.get(change_url)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    administrator_client.post(change_url, {"action": "login"})
    assert administrator_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    delete = administrator_client.post(
        reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    event.refresh_from_db()
    assert event.action == AuditAction.PATIENT_VIEWED


def test_audit_log_hides_other_clinics_events(administrator_client, other_clinic):
    outsider = UserFactory(clinic=other_clinic, role=Role.PHYSICIAN, username="outsider")
    record_event(action=AuditAction.PATIENT_VIEWED, user=outsider, patient_id=1)
    content = administrator_client.get(reverse("admin:audit_auditevent_changelist")).content
    assert b"outsider" not in content


def test_admin_has_no_patient_or_visit_pages(administrator_client):
    content = administrator_client.get(reverse("admin:index")).content
    assert b"/admin/patients/" not in content and b"/admin/visits/" not in content
    assert not AuditEvent.objects.filter(action=AuditAction.PATIENT_VIEWED).exists()


def test_a_clinic_administrator_signs_in_on_the_admin_sign_in_page(client, administrator):
    response = client.post(reverse("admin:login"), {"username": administrator.username,
                                                    "password": TEST_PASSWORD,
                                                    "next": reverse("admin:index")})
    assert response.status_code == 302 and response.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("role", [Role.INTAKE, Role.PHYSICIAN])
def test_clinical_staff_are_refused_on_the_admin_sign_in_page(client, users_by_role, role):
    response = client.post(reverse("admin:login"), {"username": users_by_role[role].username,
                                                    "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()
