"""T-51 Over-long and oversized input: every text input of every form (sign-in and the admin's
sign-in included) is found on its page, with the limit the page declares (`maxlength`), and
posted one character past it and as a megabyte, the other fields as the page offers them or
valid. Each answer is a message beside that field (or a 400/413 with a message), never a 500,
and nothing is saved or audited as a change; the database is never the first to say no. At
exactly the limit every field is accepted and stored (on PostgreSQL too)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.admin.helpers import AdminForm
from django.contrib.auth.tokens import default_token_generator
from django.db import models
from django.forms import BaseForm, BaseFormSet
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from backpain.audit.models import AuditAction, AuditEvent
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD, UserFactory

from .helpers import body, step_url

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024
TEXT_TYPES = {"text", "email", "search", "password", "url", "tel"}
PROJECT_APPS = ("accounts", "phrases", "patients", "visits", "notes", "audit")
# What a refused post may still leave behind: reading is audited, changing is not allowed.
READING = {AuditAction.PATIENT_VIEWED, AuditAction.VISIT_VIEWED, AuditAction.NOTE_REVIEWED,
           AuditAction.AUDIT_VIEWED}
NEW_PASSWORD = "a fresh passphrase of mine"


# Reading a page's forms as a browser submits them


class FormScanner(HTMLParser):
    """Each <form> of a page: its action, what a browser would submit unchanged (hidden and
    pre-filled values, checked boxes, selected options), and its text inputs with their
    maxlength."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._option, self._textarea = [], None, None, \
            None, None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._form = {"action": attributes.get("action") or "", "data": {}, "texts": {}}
            self.forms.append(self._form)
            return
        name = attributes.get("name")
        if self._form is None or "disabled" in attributes:
            return
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:  # value="" (a "Not answered" radio) posts ""
                    value = attributes.get("value")
                    self._add(name, "on" if value is None else value)
            elif kind not in ("submit", "button", "reset", "image", "file"):
                self._add(name, "" if kind == "password" else attributes.get("value") or "")
                if kind in TEXT_TYPES:
                    self._form["texts"][name] = (kind, attributes.get("maxlength"))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
            self._form["texts"][name] = ("textarea", attributes.get("maxlength"))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attributes,
                            "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attributes.get("value"), "text": ""}
            self._select["options"].append(self._option)
            if "selected" in attributes:
                self._select["selected"].append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._form["data"][self._textarea][-1] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["selected"] or (
                self._select["options"][:1] if not self._select["multiple"] else [])
            self._form["data"].setdefault(self._select["name"], [])
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self._add(self._select["name"], value.strip() if option["value"] is None
                          else value)
            self._select = None

    def _add(self, name, value):
        self._form["data"].setdefault(name, []).append(value)


def the_form(html, field_name):
    """The form of the page that holds `field_name`."""
    scanner = FormScanner()
    scanner.feed(html)
    scanner.close()
    found = [form for form in scanner.forms if field_name in form["data"]]
    assert found, f"no form with {field_name!r} on the page"
    return found[0]


# Reading the answer


def forms_in(response):
    """Every form and formset form the page was rendered with (the admin's included)."""
    if response.context is None:
        return []
    contexts = response.context if isinstance(response.context, list) else [response.context]
    found = {}
    for context in contexts:
        for value in context.flatten().values():
            if isinstance(value, AdminForm):
                value = value.form
            if isinstance(value, BaseFormSet):
                found.update((id(form), form) for form in value.forms)
            elif isinstance(value, BaseForm):
                found[id(value)] = value
    return list(found.values())


def field_errors(response, posted_name):
    """The ValidationErrors the page shows for the field posted as `posted_name`."""
    return [error for form in forms_in(response)
            for name, errors in form.errors.as_data().items()
            if name != "__all__" and form.add_prefix(name) == posted_name
            for error in errors]


def shown(response, errors) -> bool:
    html = response.content.decode()
    return any(escape(message) in html for error in errors for message in error)


# What must not change


def snapshot():
    """Every row of the app's tables and django-axes' records, and the audit trail's changes."""
    rows = {model._meta.label: list(model._default_manager.order_by("pk").values())
            for model in apps.get_models()
            if model._meta.app_label in (*PROJECT_APPS, "axes") and model is not AuditEvent}
    rows["changes audited"] = list(AuditEvent.objects.exclude(action__in=READING)
                                   .order_by("pk").values_list("action", flat=True))
    return rows


def differences(before, after):
    return [label for label in before if before[label] != after[label]]


# The pages


def reset_link_page(f, client):
    """The page a user reaches from the emailed link (the token is then kept in the session)."""
    user = f.intake
    link = reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})
    response = client.get(link)
    assert response.status_code == 302, response.status_code
    return response.url


def icd_codes(length):
    """Valid ICD-10-CM codes, separated by commas and spaces, exactly `length` long."""
    text = ",".join(["M51.16"] * ((length + 1) // 7))
    return text[:6] + " " * (length - len(text)) + text[6:]


def email_of(length):
    """A well-formed address exactly `length` characters long (labels of at most 63)."""
    local, tail = "user@", "example.com"
    labels, rest = [], length - len(local) - len(tail)
    while rest > 0:
        take = min(63, rest)
        if rest - take == 1:
            take -= 1
        labels.append("d" * (take - 1) + ".")
        rest -= take
    return local + "".join(labels) + tail


def at_limit(kind, length):
    return email_of(length) if kind == "email" else "x" * length


@dataclass(frozen=True)
class Page:
    id: str
    user: str | None  # the fixture of who is signed in; None: nobody
    url: Callable  # (fixtures, client) -> the page that holds the form
    holds: str  # a field of the form (a page may hold several forms)
    valid: dict = field(default_factory=dict)  # over what the page offers
    action: Callable | None = None  # where the form posts, when not to its own action
    keep: tuple = ()  # fields left valid at the limit (credentials, a time zone)
    fill: dict = field(default_factory=dict)  # values of exactly n characters, per field
    download: bool = False  # accepted means a file, not a redirect
    needs: tuple = ()  # fixtures the page needs besides its user (the account signing in)


def url(name, **kwargs):
    """A page's URL from fixtures: url("patients:edit", pk="patient") -> /patients/1/edit/."""
    return lambda f, client: reverse(name, kwargs={key: getattr(f, value).pk
                                                   for key, value in kwargs.items()})


def step(slug):
    return lambda f, client: step_url(f.visit, slug)


SIGN_IN = {"username": "physician", "password": TEST_PASSWORD}
CREDENTIALS = ("username", "password")
PAGES = [
    Page("sign-in", None, url("login"), "username", SIGN_IN, keep=CREDENTIALS,
         needs=("physician",)),
    # Django's admin sign-in admits staff accounts only (the superuser).
    Page("admin sign-in", None, url("admin:login"), "username",
         {"username": "root", "password": TEST_PASSWORD}, keep=CREDENTIALS,
         needs=("superuser",)),
    Page("password change", "intake", url("password_change"), "old_password",
         {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD,
          "new_password2": NEW_PASSWORD}, keep=("old_password",)),
    Page("admin password change (superuser)", "superuser", url("admin:password_change"),
         "old_password", {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD,
                          "new_password2": NEW_PASSWORD}, keep=("old_password",)),
    Page("password reset request", None, url("password_reset"), "email",
         {"email": "intake@example.com"}),
    Page("password set from a link", None, reset_link_page, "new_password1",
         {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}),
    Page("patient search", "intake", url("patients:list"), "q", {"q": "Okafor"}),
    Page("patient register", "intake", url("patients:register"), "family_name",
         {"mrn": "RSC-9", "family_name": "Nowak", "given_name": "Anna",
          "date_of_birth": "1980-01-01", "sex": "female"}),
    Page("patient edit", "intake", url("patients:edit", pk="patient"), "family_name"),
    Page("visit open", "intake", url("visits:open", patient_pk="patient"), "chief_complaint",
         {"visit_type": "new", "chief_complaint": "Low back pain for a week"}),
    Page("step history", "physician", step("history"), "version"),
    Page("step questionnaires", "physician", step("questionnaires"), "version"),
    Page("step examination", "physician", step("examination"), "version"),
    Page("step diagnostics", "physician", step("diagnostics"), "version",
         {"studies-0-modality": "mri", "studies-0-region": "lumbar",
          "studies-0-status": "resulted"}),
    Page("step assessment", "physician", step("assessment"), "version",
         fill={"other_diagnoses": icd_codes}),
    Page("step plan", "physician", step("plan"), "version"),
    Page("signing", "physician", url("notes:review", pk="ready_visit"), "meaning",
         SIGN_IN, keep=CREDENTIALS),
    Page("addendum", "physician", url("notes:review", pk="signed_visit"), "reason",
         {**SIGN_IN, "text": "MRI reviewed.", "reason": "Result arrived after signing"},
         keep=CREDENTIALS),
    Page("audit filters", "administrator", url("audit:events"), "patient",
         {"username": "intake"}),
    Page("audit download (password again)", "administrator", url("audit:events"), "password",
         {"password": TEST_PASSWORD}, action=url("audit:events_csv"), keep=("password",),
         download=True),
    # Visits of any status, so that there is something to download (and the form to do it).
    Page("export (password again)", "administrator",
         lambda f, client: f"{reverse('exports:page')}?status=any", "password",
         {"password": TEST_PASSWORD}, action=url("exports:csv"), keep=("password",),
         download=True, needs=("visit",)),
    Page("admin user add", "administrator", url("admin:accounts_user_add"), "username",
         {"username": "newcomer", "email": "newcomer@example.com"}),
    Page("admin user change", "administrator",
         lambda f, client: reverse("admin:accounts_user_change", args=[f.intake.pk]),
         "username"),
    Page("admin phrase add", "administrator", url("admin:phrases_phrasetemplate_add"),
         "abbreviation", {"abbreviation": "neuro", "text": "Normal neurological examination."}),
    Page("admin phrase change", "administrator",
         lambda f, client: reverse("admin:phrases_phrasetemplate_change",
                                   args=[f.phrase_template.pk]), "abbreviation"),
    Page("admin clinic add (superuser)", "superuser", url("admin:accounts_clinic_add"), "name",
         {"name": "Lakeside Spine Centre", "timezone": "Europe/London"}, keep=("timezone",)),
    Page("admin clinic change (superuser)", "superuser",
         lambda f, client: reverse("admin:accounts_clinic_change", args=[f.clinic.pk]),
         "name", keep=("timezone",)),
]


@pytest.fixture
def phrase_template(clinic):
    from backpain.phrases.models import PhraseTemplate

    return PhraseTemplate.objects.create(clinic=clinic, abbreviation="slr",
                                         text="Straight-leg raise negative.")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", clinic=None, is_superuser=True, is_staff=True)


class Fixtures:
    """The test's fixtures by name, made only when a page asks for them."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


@dataclass
class Form:
    client: Client
    action: str
    data: dict
    texts: dict  # posted name -> (input type, maxlength or None)


def open_form(page, request) -> Form:
    """Sign in as the page's user, load the page, and read the form as a browser would."""
    f = Fixtures(request)
    for name in page.needs:
        getattr(f, name)
    if page.user is None:
        client = Client(raise_request_exception=False)
    else:
        client = client_for(getattr(f, page.user), raise_request_exception=False)
    address = page.url(f, client)
    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    form = the_form(response.content.decode(), page.holds)
    action = page.action(f, client) if page.action else (form["action"] or address)
    data = {**form["data"], **{name: [value] for name, value in page.valid.items()}}
    return Form(client, action, data, form["texts"])


def accepted(page, response) -> bool:
    if page.download:  # a file, or (an export) a redirect to the job that makes it
        return (response.status_code == 200 and response.streaming) or (
            response.status_code == 303)
    return response.status_code == 302


def test_the_sweep_finds_the_free_text_of_every_form(request):
    """The sweep is not empty where the app takes free text (so a broken scan cannot pass)."""
    without_text = {"step questionnaires"}
    for page in PAGES:
        texts = open_form(page, request).texts
        assert bool(texts) != (page.id in without_text), (page.id, texts)


@pytest.mark.parametrize("size", ["one past the limit", "1 MB"])
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_an_over_long_value_is_a_field_message_and_nothing_is_saved(request, page, size):
    form = open_form(page, request)
    problems = []
    before = snapshot()
    for name, (kind, maxlength) in form.texts.items():
        if maxlength is None:
            problems.append(f"{name}: the page declares no maxlength")
            if size == "one past the limit":
                continue
        length = int(maxlength) + 1 if size == "one past the limit" else MEGABYTE
        response = form.client.post(form.action, {**form.data, name: at_limit(kind, length)})
        if response.status_code >= 500:
            problems.append(f"{name}: {response.status_code}")
        elif accepted(page, response):
            problems.append(f"{name}: accepted ({response.status_code})")
        elif response.status_code in (400, 413) and not forms_in(response):
            if not body(response).strip():
                problems.append(f"{name}: {response.status_code} without a message")
        else:
            errors = field_errors(response, name)
            if "max_length" not in {error.code for error in errors}:
                problems.append(f"{name}: no message about its length ({errors})")
            elif not shown(response, errors):
                problems.append(f"{name}: the message is not on the page")
        after = snapshot()
        if changed := differences(before, after):
            problems.append(f"{name}: saved something in {changed}")
        before = after
    assert not problems, f"{page.id}, {size}: {problems}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_at_the_limit_every_field_is_accepted_and_stored(request, page):
    """The valid post, with every free-text field (but credentials) exactly at its limit: the
    limits the pages declare are the ones the forms and the database keep."""
    form = open_form(page, request)
    data = dict(form.data)
    for name, (kind, maxlength) in form.texts.items():
        if maxlength is not None and name not in page.keep:
            data[name] = page.fill.get(name, lambda n, kind=kind: at_limit(kind, n))(
                int(maxlength))
    response = form.client.post(form.action, data)
    if page.download:
        body(response)
    refused = {name: field_errors(response, name) for name in form.texts}
    assert accepted(page, response), (response.status_code,
                                      {name: e for name, e in refused.items() if e})


@pytest.mark.parametrize("path", ["login", "admin:login"])
@pytest.mark.parametrize("length", [256, 1000])
def test_a_username_longer_than_axes_records_is_refused_beside_the_field(db, path, length,
                                                                          physician):
    """The known defect: django-axes stored the attempt and PostgreSQL refused a username of
    more than 255 characters (a 500). Now the form refuses it, without saying whether such an
    account exists, and no attempt is recorded or counted."""
    from axes.models import AccessAttempt, AccessFailureLog

    client = Client(raise_request_exception=False)
    response = client.post(reverse(path), {"username": "p" * length, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["username"][0].code == "max_length"
    assert b"did not match" not in response.content
    assert not AccessAttempt.objects.exists() and not AccessFailureLog.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()


def test_every_text_column_of_the_app_has_a_limit():
    """Free text in the models is bounded too (a TextField's max_length is checked by its
    form and by full_clean, not by the database)."""
    unbounded = [f"{model._meta.label}.{column.name}"
                 for model in apps.get_models() if model._meta.app_label in PROJECT_APPS
                 for column in model._meta.get_fields()
                 if isinstance(column, models.CharField | models.TextField)
                 and column.editable and column.max_length is None]
    assert not unbounded
