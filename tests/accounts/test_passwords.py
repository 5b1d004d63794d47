"""Passwords: each user changes their own or sets one from an emailed link; administrators
create accounts without one and can only have a link sent (security check T-13)."""

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from kombu.exceptions import OperationalError

from backpain.accounts.models import User
from backpain.accounts.roles import Role
from backpain.audit.models import AuditAction, AuditEvent
from tests.celery_worker import job_worker  # noqa: F401
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD, ClinicFactory, UserFactory

NEW_PASSWORD = "a long and uncommon passphrase 2026"
LINK = re.compile(r"https?://testserver(/account/password/reset/[^/\s]+/[^/\s]+/)")


def signs_in(username, password) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def link_in(message) -> str:
    links = LINK.findall(message.body)
    assert len(links) == 1, message.body
    return links[0]


def set_password_from(link, password=NEW_PASSWORD):
    """What the user does with the emailed link: open it, choose a password, submit."""
    browser = Client()
    opened = browser.get(link, follow=True)
    assert b"Choose a new password" in opened.content
    form_url = opened.redirect_chain[-1][0]
    assert "set-password" in form_url  # the token left the address bar (Referer leaks)
    return browser.post(form_url, {"new_password1": password, "new_password2": password},
                        follow=True)


@pytest.fixture
def jane(physician):
    physician.email = "jane.doe@example.org"
    physician.save()
    return physician


# Changing one's own password


@pytest.mark.parametrize("role", list(Role))
def test_every_role_finds_the_change_page_in_the_menu(users_by_role, role):
    client = client_for(users_by_role[role])
    assert f'href="{reverse("password_change")}"' in client.get(reverse("home")).content.decode()
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and b"Change your password" in page.content


def test_a_physician_changes_their_password_and_their_other_sessions_end(physician):
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        browser.post(reverse("login"), {"username": "physician", "password": TEST_PASSWORD})
        assert browser.get(reverse("home")).status_code == 200

    response = here.post(reverse("password_change"), {
        "old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("password_change_done")
    assert b"Your password was changed" in response.content
    assert here.get(reverse("home")).status_code == 200
    stale = elsewhere.get(reverse("home"))
    assert stale.status_code == 302 and stale.url.startswith(reverse("login"))
    assert signs_in("physician", NEW_PASSWORD) and not signs_in("physician", TEST_PASSWORD)
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_CHANGED)
    assert (event.user, event.clinic) == (physician, physician.clinic)
    assert NEW_PASSWORD not in str(event.details) and TEST_PASSWORD not in str(event.details)


def test_a_wrong_current_password_changes_nothing_and_counts_as_a_failed_sign_in(
        physician_client, physician):
    response = physician_client.post(reverse("password_change"), {
        "old_password": "not my password", "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD})
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    assert signs_in("physician", TEST_PASSWORD) and not signs_in("physician", NEW_PASSWORD)
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED,
                                     username="physician").exists()


def test_guessing_the_current_password_locks_the_account(physician_client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        physician_client.post(reverse("password_change"), {
            "old_password": "a guess", "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD})
    locked = Client().post(reverse("login"), {"username": "physician",
                                              "password": TEST_PASSWORD})
    assert locked.status_code == 429  # locked out, though this password is right


@pytest.mark.parametrize(("password", "message"), [
    ("Zq8#mLp", "too short"),
    ("password1234", "too common"),
    ("123456789123", "entirely numeric"),
])
def test_a_weak_new_password_is_refused_with_its_reason(physician_client, password, message):
    response = physician_client.post(reverse("password_change"), {
        "old_password": TEST_PASSWORD, "new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert signs_in("physician", TEST_PASSWORD)
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists()


# Resetting a forgotten password


def test_a_forgotten_password_is_reset_from_the_emailed_link(client, jane, mailoutbox):
    signed_in_before = client_for(jane)
    login_page = client.get(reverse("login")).content.decode()
    assert "Forgot your password?" in login_page and reverse("password_reset") in login_page

    response = client.post(reverse("password_reset"), {"email": "Jane.Doe@example.org"},
                           follow=True)

    assert response.redirect_chain[-1][0] == reverse("password_reset_done")
    assert b"Check your email" in response.content
    [message] = mailoutbox
    assert message.to == ["jane.doe@example.org"]
    assert "Reset your backpain password" in message.subject
    assert "Riverside Spine Clinic" in message.body and "Your username: physician" in message.body
    assert "expires in 1 day" in message.body and "you can ignore this email" in message.body
    link = link_in(message)

    done = set_password_from(link)

    assert b"Your password is set" in done.content
    assert signs_in("physician", NEW_PASSWORD) and not signs_in("physician", TEST_PASSWORD)
    stale = signed_in_before.get(reverse("home"))
    assert stale.status_code == 302 and stale.url.startswith(reverse("login"))
    assert b"This link does not work" in Client().get(link, follow=True).content
    requested = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET_REQUESTED)
    assert requested.user is None and requested.details == {}
    reset = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET)
    assert (reset.user, reset.clinic) == (jane, jane.clinic)


def test_an_unknown_address_gets_the_same_page_and_no_email(jane, mailoutbox):
    known = Client().post(reverse("password_reset"), {"email": "jane.doe@example.org"},
                          follow=True)
    mailoutbox.clear()
    unknown = Client().post(reverse("password_reset"), {"email": "nobody@example.org"},
                            follow=True)
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.content == known.content
    assert mailoutbox == []
    trail = [(e.user, e.username, e.details) for e in AuditEvent.objects.all()]
    assert "nobody@example.org" not in str(trail)


def test_one_link_per_address_in_ten_minutes(jane, mailoutbox):
    answers = [Client().post(reverse("password_reset"), {"email": "jane.doe@example.org"},
                             follow=True) for _ in range(3)]
    assert len(mailoutbox) == 1  # the inbox is not flooded
    assert answers[0].content == answers[1].content == answers[2].content  # nothing tells


def test_a_client_address_gets_ten_requests_an_hour(client, jane, mailoutbox):
    for n in range(10):
        client.post(reverse("password_reset"), {"email": f"nobody{n}@example.org"})
    client.post(reverse("password_reset"), {"email": "jane.doe@example.org"})
    assert mailoutbox == []
    requests = AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET_REQUESTED)
    assert requests.count() == 10  # the trail is not flooded either
    other = Client(REMOTE_ADDR="198.51.100.7")
    other.post(reverse("password_reset"), {"email": "jane.doe@example.org"})
    assert len(mailoutbox) == 1


def test_a_weak_password_is_refused_on_the_reset_page_too(client, jane, mailoutbox):
    client.post(reverse("password_reset"), {"email": "jane.doe@example.org"})
    refused = set_password_from(link_in(mailoutbox[0]), password="password1234")
    assert "too common" in refused.content.decode()
    assert signs_in("physician", TEST_PASSWORD)
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET).exists()


def test_a_changed_link_does_not_work(client, jane):
    response = client.get(reverse("password_reset_confirm",
                                  kwargs={"uidb64": "MQ", "token": "forged-token"}))
    assert response.status_code == 200 and b"This link does not work" in response.content
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET).exists()


# Administrators: accounts without a password, and reset links sent to the user


def test_the_add_user_page_has_no_password_field(administrator_client):
    page = administrator_client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'name="username"' in page and 'name="email"' in page
    assert 'type="password"' not in page and "password1" not in page


def test_a_new_user_chooses_their_own_password_from_the_email(
        administrator_client, administrator, clinic, mailoutbox):
    physicians = Group.objects.get(name=Role.PHYSICIAN.value)
    response = administrator_client.post(reverse("admin:accounts_user_add"), {
        "username": "drnew", "email": "new.doctor@example.org", "first_name": "Nia",
        "last_name": "New", "printed_name": "Nia New", "credentials": "MD",
        "groups": [physicians.pk], "_save": "Save"}, follow=True)

    created = User.objects.get(username="drnew")
    assert (created.clinic, list(created.groups.all())) == (clinic, [physicians])
    assert not created.has_usable_password()
    page = response.content.decode()
    assert "A link to choose a password was emailed to drnew (new.doctor@example.org)" in page
    [message] = mailoutbox
    assert message.to == ["new.doctor@example.org"]
    assert "Your backpain account at Riverside Spine Clinic" in message.subject
    assert "An account was created for you" in message.body
    link = link_in(message)
    assert link.split("/")[-2] not in page  # the administrator never sees the link
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET_LINK_SENT)
    assert (event.user, event.object_id, event.details["new_account"]) == (
        administrator, str(created.pk), True)

    assert b"Your password is set" in set_password_from(link).content
    assert signs_in("drnew", NEW_PASSWORD)


def test_a_superuser_also_chooses_the_new_users_clinic(other_clinic, mailoutbox):
    root = client_for(UserFactory(username="root", clinic=None, is_superuser=True,
                                  is_staff=True))
    assert 'name="clinic"' in root.get(reverse("admin:accounts_user_add")).content.decode()
    root.post(reverse("admin:accounts_user_add"), {
        "username": "hilltop-admin", "email": "admin@hilltop.example",
        "clinic": other_clinic.pk, "_save": "Save"})
    created = User.objects.get(username="hilltop-admin")
    assert created.clinic == other_clinic and not created.has_usable_password()
    assert [message.to for message in mailoutbox] == [["admin@hilltop.example"]]


def test_a_new_user_needs_an_email_address(administrator_client, mailoutbox):
    response = administrator_client.post(reverse("admin:accounts_user_add"), {
        "username": "noaddress", "_save": "Save"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not User.objects.filter(username="noaddress").exists()
    assert mailoutbox == []


def test_the_admin_action_sends_the_user_a_reset_link(administrator_client, administrator,
                                                      jane, mailoutbox):
    response = administrator_client.post(reverse("admin:accounts_user_changelist"), {
        "action": "send_password_reset_link", "_selected_action": [jane.pk]}, follow=True)

    page = response.content.decode()
    assert "A link to choose a password was emailed to physician (jane.doe@example.org)" in page
    [message] = mailoutbox
    assert message.to == ["jane.doe@example.org"]
    assert "administrator sent you this link" in message.body
    link = link_in(message)
    assert link.split("/")[-2] not in page
    jane.refresh_from_db()  # (signing in here would void the link: it binds the last sign-in)
    assert jane.check_password(TEST_PASSWORD)  # nothing changes until she uses the link
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET_LINK_SENT)
    assert (event.user, event.object_id, event.details) == (
        administrator, str(jane.pk), {"to_user": "physician", "new_account": False})
    set_password_from(link)
    assert signs_in("physician", NEW_PASSWORD)


def test_the_admin_action_says_when_no_link_could_be_sent(administrator_client, physician,
                                                          mailoutbox):
    response = administrator_client.post(reverse("admin:accounts_user_changelist"), {
        "action": "send_password_reset_link", "_selected_action": [physician.pk]}, follow=True)
    assert "No link sent to physician" in response.content.decode()
    assert mailoutbox == []
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET_LINK_SENT).exists()


def test_the_admin_action_reports_a_mail_server_failure(administrator_client, jane, monkeypatch):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    response = administrator_client.post(reverse("admin:accounts_user_changelist"), {
        "action": "send_password_reset_link", "_selected_action": [jane.pk]}, follow=True)
    assert "The email to physician could not be sent" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET_LINK_SENT).exists()


def test_the_admin_action_reaches_only_the_own_clinic(administrator_client, other_clinic,
                                                      mailoutbox):
    outsider = UserFactory(clinic=other_clinic, role=Role.PHYSICIAN,
                           email="outsider@example.org")
    administrator_client.post(reverse("admin:accounts_user_changelist"), {
        "action": "send_password_reset_link", "_selected_action": [outsider.pk]})
    assert mailoutbox == []
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET_LINK_SENT).exists()


def test_an_administrator_still_cannot_set_a_users_password(administrator_client, jane):
    url = reverse("admin:auth_user_password_change", args=[jane.pk])
    response = administrator_client.post(url, {"password1": NEW_PASSWORD,
                                               "password2": NEW_PASSWORD,
                                               "usable_password": "true"})
    assert response.status_code == 403
    assert signs_in("physician", TEST_PASSWORD) and not signs_in("physician", NEW_PASSWORD)


def test_an_administrator_cannot_redirect_a_users_links_to_another_address(
        administrator_client, jane):
    page = administrator_client.get(reverse("admin:accounts_user_change", args=[jane.pk]))
    assert 'name="email"' not in page.content.decode()
    administrator_client.post(reverse("admin:accounts_user_change", args=[jane.pk]), {
        "username": "physician", "email": "administrator@example.org", "is_active": "on",
        "groups": list(jane.groups.values_list("pk", flat=True)), "_save": "Save"})
    jane.refresh_from_db()
    assert jane.email == "jane.doe@example.org"


def test_the_address_of_a_new_user_can_be_corrected_until_they_set_a_password(
        administrator_client, clinic):
    newcomer = UserFactory(username="newcomer", clinic=clinic, role=Role.INTAKE,
                           email="typo@exmaple.org")
    newcomer.set_unusable_password()
    newcomer.save()
    page = administrator_client.get(reverse("admin:accounts_user_change", args=[newcomer.pk]))
    assert 'name="email"' in page.content.decode()


# Emails are sent by the worker (tests/celery_worker.py: Redis and a real worker)


def arrived(outbox, count=1):
    """The outbox once the worker has sent `count` emails."""
    deadline = time.monotonic() + 60
    while len(outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return outbox


def worker_user(clinic=None):
    return UserFactory(clinic=clinic or ClinicFactory(name="Riverside Spine Clinic"),
                       username="physician", role=Role.PHYSICIAN,
                       email="jane.doe@example.org")


def test_the_reset_email_is_sent_by_the_worker(job_worker, roles, mailoutbox):  # noqa: F811
    jane = worker_user()
    response = Client().post(reverse("password_reset"), {"email": "jane.doe@example.org"})
    assert response.status_code == 302
    [message] = arrived(mailoutbox)
    assert message.to == ["jane.doe@example.org"]
    assert set_password_from(link_in(message)).status_code == 200
    assert signs_in(jane.username, NEW_PASSWORD)


def test_a_mail_server_down_is_tried_again_by_the_worker(job_worker, roles, mailoutbox,  # noqa: F811
                                                        monkeypatch):
    administrator = UserFactory(username="administrator", role=Role.ADMINISTRATOR,
                                clinic=ClinicFactory())
    jane = worker_user(administrator.clinic)
    send, attempts = EmailMessage.send, []

    def down_once(self, fail_silently=False):
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionRefusedError("mail server down")
        return send(self, fail_silently)

    monkeypatch.setattr("backpain.accounts.tasks.RETRY_SECONDS", 0)
    monkeypatch.setattr(EmailMessage, "send", down_once)
    response = client_for(administrator).post(reverse("admin:accounts_user_changelist"), {
        "action": "send_password_reset_link", "_selected_action": [jane.pk]}, follow=True)
    assert "A link to choose a password was emailed to physician" in response.content.decode()
    [message] = arrived(mailoutbox)
    assert message.to == ["jane.doe@example.org"] and len(attempts) == 2


def test_an_unreachable_queue_is_reported_to_the_administrator(administrator_client, jane,
                                                               mailoutbox, monkeypatch):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr("backpain.accounts.tasks.send_email.delay", broker_down)
    response = administrator_client.post(reverse("admin:accounts_user_changelist"), {
        "action": "send_password_reset_link", "_selected_action": [jane.pk]}, follow=True)
    assert "The email to physician could not be sent" in response.content.decode()
    assert mailoutbox == []
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET_LINK_SENT).exists()
