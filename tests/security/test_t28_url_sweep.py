"""T-28 URL sweep (21 CFR 11.10(d)): every URL pattern of the URLconf is requested, with GET
and with POST, anonymously and as each role. Anonymous users reach only the sign-in pages;
signed-in users get exactly what the written role matrix (tests/test_access_matrix.py,
ACCESS_MATRIX) allows; clinical staff never reach exports, the audit trail or the admin.

The sweep starts from the URLconf, not from the matrix, so a URL added without a line in
the matrix is reported rather than silently untested."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from backpain.accounts.models import User
from backpain.accounts.roles import Role
from backpain.episodes.models import Treatment
from tests.conftest import client_for
from tests.test_access_matrix import (
    ACCESS_MATRIX,
    PUBLIC,
    SESSION_ENDPOINTS,
    stored_export_job,
    stored_note,
)

from .helpers import every_pattern

PATTERNS = list(every_pattern())
APP_PATTERNS = [(name, route, p) for name, route, p in PATTERNS
                if not route.startswith("admin/")]
ADMIN_PATTERNS = [(name, route, p) for name, route, p in PATTERNS
                  if route.startswith("admin/")]
LISTED = {key.split("#")[0] for key in ACCESS_MATRIX} | PUBLIC | SESSION_ENDPOINTS
UNLISTED = sorted({name or route for name, route, _ in APP_PATTERNS} - LISTED)
ADMIN_PUBLIC = {"admin:login", "admin:logout"}
# design.md: clinical staff "must never ... see exports"; the audit trail and user
# administration are the Administrator's.
ADMINISTRATOR_ONLY_NAMESPACES = ("exports:", "audit:")
POST_OK = {200, 302, 400, 405, 409}


@pytest.fixture
def objects(patient, visit, physician, administrator):
    stored_note(visit, physician)
    treatment = Treatment.objects.create(episode=visit.episode, kind="physiotherapy",
                                         start_date=visit.visit_date)
    return {"patient": patient, "visit": visit, "user": administrator, "treatment": treatment,
            "export_job": stored_export_job(administrator)}


def route_to_path(route, objects):
    """A concrete path for any route: sample values for its converters."""
    if route.endswith("(?P<url>.*)$"):
        return "/admin/no-such-page/"
    route = re.sub(r"\^\(\?P<app_label>[^)]*\)/\$", "accounts/", route)
    values = {"object_id": objects["user"].pk, "id": objects["user"].pk,
              "content_type_id": ContentType.objects.get_for_model(User).pk,
              "pk": objects["visit"].pk, "patient_pk": objects["patient"].pk,
              "slug": "history", "number": 1}
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def matrix_entries(name):
    return [key for key in ACCESS_MATRIX if key.split("#")[0] == name]


def urls_for(name, route, objects):
    """(matrix key or None, path) for one pattern; a step URL once per listed step."""
    keys = matrix_entries(name) if name else []
    if keys:
        return [(key, reverse(name, kwargs=ACCESS_MATRIX[key][1](objects))) for key in keys]
    return [(None, route_to_path(route, objects))]


@pytest.mark.xfail(condition=bool(UNLISTED), strict=True,
                   reason=f"MATRIX GAP: URLs without a line in ACCESS_MATRIX: {UNLISTED}")
def test_every_url_pattern_is_named_and_in_the_written_matrix():
    assert not UNLISTED


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_users_reach_only_the_sign_in_pages(client, objects, method):
    wrong = []
    for name, route, _ in PATTERNS:
        for _key, path in urls_for(name, route, objects):
            response = getattr(client, method)(path)
            if name in PUBLIC | ADMIN_PUBLIC:
                ok = response.status_code in (200, 302, 405)
            elif name in SESSION_ENDPOINTS:
                ok = response.status_code in (401, 405)
            else:
                login = reverse("admin:login") if route.startswith("admin/") else \
                    reverse("login")
                ok = response.status_code == 302 and response.url.startswith(login)
            if not ok:
                wrong.append((method, path, response.status_code))
    assert not wrong


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_what_the_matrix_allows(users_by_role, objects, role):
    client = client_for(users_by_role[role])
    wrong = []
    for name, route, _ in APP_PATTERNS:
        for key, path in urls_for(name, route, objects):
            if key is None:
                continue
            allowed, _kwargs, *ok = ACCESS_MATRIX[key]
            got = client.get(path).status_code
            expected = (ok[0] if ok else 200) if role in allowed else 403
            if got != expected:
                wrong.append(("GET", key, path, got, expected))
            got = client.post(path).status_code
            if (role in allowed and got not in POST_OK) or (role not in allowed and got != 403):
                wrong.append(("POST", key, path, got))
    assert not wrong


@pytest.mark.parametrize("role", [Role.INTAKE, Role.PHYSICIAN])
def test_clinical_staff_never_reach_exports_audit_or_admin(users_by_role, objects, role):
    client = client_for(users_by_role[role])
    wrong = []
    for name, route, _ in PATTERNS:
        if name in PUBLIC | ADMIN_PUBLIC:  # signing out would end the sweep
            continue
        for _key, path in urls_for(name, route, objects):
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                if name and name.startswith(ADMINISTRATOR_ONLY_NAMESPACES):
                    refused = response.status_code == 403
                elif route.startswith("admin/"):
                    refused = (response.status_code == 302
                               and response.url.startswith(reverse("admin:login")))
                else:
                    continue
                if not refused:
                    wrong.append((method, path, response.status_code))
    assert not wrong


def test_administrators_reach_their_pages_and_no_clinical_page(administrator_client, objects):
    wrong = []
    for name, route, _ in PATTERNS:
        for _key, path in urls_for(name, route, objects):
            response = administrator_client.get(path)
            if response.status_code >= 500:
                wrong.append((path, response.status_code))
            if name and name.startswith(("patients:", "visits:")) and \
                    response.status_code != 403:
                wrong.append((path, response.status_code, "clinical page"))
            if name and name.startswith(ADMINISTRATOR_ONLY_NAMESPACES) and \
                    response.status_code in (302, 403, 404):
                wrong.append((path, response.status_code, "administrator page"))
    assert not wrong


def test_a_user_without_a_clinic_reaches_no_patient_data(objects):
    from tests.factories import UserFactory

    orphans = [UserFactory(clinic=None, role=role) for role in Role]
    for orphan in orphans:
        client = client_for(orphan)
        for name, route, _ in APP_PATTERNS:
            if name in PUBLIC | SESSION_ENDPOINTS or name == "home":
                continue
            for _key, path in urls_for(name, route, objects):
                assert client.get(path).status_code in (403, 404), (orphan, path)
