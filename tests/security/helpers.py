"""What the security tests share: requests as the clinic's users, clocks, PDFs and HTML scans."""

import json
import subprocess
import time
from html.parser import HTMLParser

from django.urls import reverse

from backpain.visits.models import Visit
from tests.exports.helpers import values_at
from tests.factories import TEST_PASSWORD
from tests.manage_process import PRODUCTION_ENV, manage


def step_url(visit, slug):
    return reverse("visits:step", kwargs={"pk": visit.pk, "slug": slug})


def current_version(visit) -> int:
    return Visit.objects.get(pk=visit.pk).version


def post_step(client, visit, slug, data, version=None, **extra):
    """Post a step form as the step page does: with the version the page was loaded at."""
    version = current_version(visit) if version is None else version
    return client.post(step_url(visit, slug), {"version": version, **data}, **extra)


def sign(client, visit, *, username="physician", password=TEST_PASSWORD, meaning="authored",
         **extra_fields):
    data = {"username": username, "password": password, "meaning": meaning, **extra_fields}
    return client.post(reverse("notes:sign", kwargs={"pk": visit.pk}), data)


def signed(client, visit):
    """Sign as the physician and return the signature (the sign-in must succeed)."""
    from backpain.notes.models import Signature

    response = sign(client, visit)
    assert response.status_code == 302
    return Signature.objects.get(visit=visit)


def add_addendum(client, visit, *, text="MRI reviewed: L4-5 protrusion.",
                 reason="Result arrived after signing", password=TEST_PASSWORD, **extra):
    data = {"text": text, "reason": reason, "password": password, **extra}
    return client.post(reverse("notes:addendum", kwargs={"pk": visit.pk}), data)


def login(client, username, password=TEST_PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, check=True,
                          capture_output=True, timeout=60).stdout.decode()


def squeezed(text: str) -> str:
    """PDF text without the spaces and line breaks that wrapping puts into long values."""
    return "".join(text.split())


class Clock:
    """The session clock's time.time(), moved by the test (time travel without sleeping)."""

    def __init__(self):
        self.now = time.time()

    def time(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


def production_settings(*names) -> dict:
    """Settings as `DJANGO_ENV=production` makes them, read in a separate process."""
    code = ("import json; from django.conf import settings; "
            f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, "
            "default=str))")
    completed = manage("shell", "--no-imports", "-c", code, **PRODUCTION_ENV)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


class ActiveContent(HTMLParser):
    """Everything in a page that a browser would execute: inline scripts, event-handler
    attributes, javascript: URLs, and elements that load or embed other documents."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
    EMBEDDING = {"iframe", "object", "embed", "base", "frame", "svg", "math", "meta"}
    DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            squashed = "".join((value or "").split()).lower()
            if name in self.URL_ATTRIBUTES and squashed.startswith(("javascript:",
                                                                    "data:text/html")):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in self.EMBEDDING and not (tag == "meta" and set(attributes) <= {
                "charset", "name", "content"}):
            self.found.append(f"<{tag}>")
        if tag == "script":
            executable = attributes.get("type", "") not in self.DATA_SCRIPT_TYPES
            self._inline_script = executable and not attributes.get("src")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.found.append(f"inline script: {data.strip()[:60]!r}")


def active_content(html: str, allowed=()) -> list[str]:
    """The executable things found in `html`, less the page's own `allowed` ones (<svg>)."""
    scanner = ActiveContent()
    scanner.feed(html)
    scanner.close()
    return [found for found in scanner.found if found not in allowed]


def every_pattern(resolver=None, namespace="", prefix=""):
    """(namespaced name or None, route text, URLPattern) of every URL of the URLconf."""
    from django.urls import URLPattern, URLResolver, get_resolver

    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from every_pattern(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, prefix + str(entry.pattern), entry


def narratives(value):
    """Every FHIR narrative (`div`) anywhere in a resource or bundle."""
    return [div for div in values_at(value, "div") if isinstance(div, str)]


def export_download(client, name, data):
    """Post an export form as the page does; the job runs in the request (no broker in
    tests) and this fetches the file its page offers. A refused or invalid form's own
    response comes back as it is."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        started = client.post(reverse(name), data)
    if started.status_code != 303:
        return started
    job = client.get(started.url).context["job"]
    return client.get(reverse("exports:job_download", args=[job.public_id]))
