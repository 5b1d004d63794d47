"""The admin shows a clinic's administrator their own clinic only, on every page it offers:
lists, their filters, searches, add and change forms. Another clinic, its staff, its sign-in
attempts and its audit events are never named."""

import re

from axes.models import AccessAttempt
from django.urls import reverse

from backpain.accounts.roles import Role
from backpain.audit.models import AuditAction
from backpain.audit.services import record_event
from tests.factories import UserFactory

SECRET_NAMES = ("Hilltop Back Care", "hilltop-doctor", "hilltop-admin", "198.51.100.99")


def other_clinics_records(other_clinic):
    doctor = UserFactory(username="hilltop-doctor", clinic=other_clinic, role=Role.PHYSICIAN)
    UserFactory(username="hilltop-admin", clinic=other_clinic, role=Role.ADMINISTRATOR)
    record_event(action=AuditAction.LOGIN, user=doctor)
    AccessAttempt.objects.create(username="hilltop-doctor", ip_address="198.51.100.99",
                                 user_agent="x", path_info="/login/", failures_since_start=2,
                                 get_data="", post_data="")
    return doctor


def admin_pages(client, doctor):
    """Every changelist of the index, with each of its filters opened, plus add forms."""
    index = client.get(reverse("admin:index")).content.decode()
    for path in sorted(set(re.findall(r'href="(/admin/[a-z_]+/[a-z_]+/)"', index))):
        page = client.get(path)
        yield path, page
        if page.status_code != 200:
            continue
        for query in sorted(set(re.findall(r'href="(\?[^"]+)"', page.content.decode()))):
            yield path + query, client.get(path + query.replace("&amp;", "&"))
        yield path + "?q=hilltop", client.get(path, {"q": "hilltop"})
        yield path + "add/", client.get(path + "add/")
    yield "other clinic's user", client.get(reverse("admin:accounts_user_change",
                                                    args=[doctor.pk]))


def test_no_admin_page_names_another_clinic(administrator_client, physician, other_clinic):
    doctor = other_clinics_records(other_clinic)
    seen = 0
    for where, page in admin_pages(administrator_client, doctor):
        assert page.status_code < 500, where
        text = page.content.decode()
        for name in SECRET_NAMES:
            assert name not in text, f"{where} names {name!r}"
        seen += 1
    assert seen > 20  # the lists, their filters, searches and forms were all looked at


def test_the_clinic_filter_is_the_superusers(administrator_client, other_clinic, db):
    root = UserFactory(username="root", clinic=None, is_superuser=True, is_staff=True)
    from tests.conftest import client_for

    user_list = reverse("admin:accounts_user_changelist")
    assert "Hilltop Back Care" in client_for(root).get(user_list).content.decode()
    assert "By clinic" not in administrator_client.get(user_list).content.decode()
