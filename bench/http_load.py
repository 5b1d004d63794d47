"""Signed-in HTTP clients for the bench: keep-alive connections (http.client), cookies, CSRF,
the step form read back from its page, and concurrent timed requests in threads."""

import http.client
import statistics
import threading
import time
from html.parser import HTMLParser
from urllib.parse import urlencode

PROSE = ("Seen with a chaperone; comfortable at rest.",
         "Walks on heels and toes; no new symptoms since the last visit.")


class PageError(Exception):
    """A page answered with a status the bench did not expect."""


class Client:
    """One browser: one keep-alive connection to the server, its cookies, behind a proxy that
    terminated HTTPS (X-Forwarded-Proto), as in production."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.last_location: str | None = None  # of the last answer, when it redirected
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def request(self, method: str, path: str, fields=None) -> tuple[int, bytes, float]:
        """(status, body, seconds from sending to the last byte read)."""
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if method == "POST":
            body = urlencode(fields or [], doseq=True)
            headers |= {"Content-Type": "application/x-www-form-urlencoded",
                        "Origin": self.origin, "Referer": self.origin + path}
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
            except (http.client.HTTPException, ConnectionError):
                # The worker closed the kept-alive connection (e.g. replaced after
                # max_requests): a browser opens a new one and asks again.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port,
                                                             timeout=300)
                if attempt == 2:
                    raise
                continue
            seconds = time.perf_counter() - started
            self.last_location = response.getheader("Location")
            for cookie in response.msg.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, content, seconds
        raise AssertionError("unreachable")

    def get(self, path: str, expect=200) -> float:
        status, _body, seconds = self.request("GET", path)
        if status != expect:
            raise PageError(f"GET {path}: {status}")
        return seconds

    def form(self, path: str, form_id=None) -> list[tuple[str, str]]:
        """The fields of a page's form as the browser would post them (first post form, or
        the one with this id)."""
        status, body, _ = self.request("GET", path)
        if status != 200:
            raise PageError(f"GET {path}: {status}")
        return form_fields(body.decode(), form_id)

    def post(self, path: str, fields, expect=302) -> float:
        status, body, seconds = self.request("POST", path, fields)
        if status != expect:
            raise PageError(f"POST {path}: {status} {body[:300]!r}")
        return seconds

    def sign_in(self, username: str, password: str) -> None:
        fields = dict(self.form("/login/"))
        self.post("/login/", {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
                              "username": username, "password": password})

    def close(self):
        self.connection.close()


class FormReader(HTMLParser):
    """Every post form of a page: (id, [(name, value)]) as a browser would submit it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list]] = []
        self.fields: list | None = None
        self.select: str | None = None
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.fields = []
            self.forms.append((a.get("id", ""), self.fields))
        if self.fields is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.fields = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea and self.fields is not None:
            self.fields.append((self.textarea, "".join(self.text)))
            self.textarea = None


def form_fields(html: str, form_id=None) -> list[tuple[str, str]]:
    reader = FormReader()
    reader.feed(html)
    for found_id, fields in reader.forms:
        if form_id is None or found_id == form_id:
            return fields
    raise PageError(f"no form {form_id or ''} on the page")


def step_save_fields(fields, round_number: int) -> list[tuple[str, str]]:
    """The step form as loaded, with its first free text changed (a real edit), saved."""
    changed, edited = [], False
    for name, value in fields:
        if not edited and name in ("comment", "impression", "plan_notes", "narrative"):
            value, edited = PROSE[round_number % 2], True
        changed.append((name, value))
    return [*changed, ("save", "")]


def timing_figures(timings: list[float]) -> dict:
    """p50, p95 (None without timings) and how many requests they come from."""
    return {"p50": statistics.median(timings) if timings else None,
            "p95": percentile(timings, 0.95) if timings else None, "n": len(timings)}


def percentile(values, share: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(share * 100) - 1]


def run_clients(clients, action, rounds: int) -> tuple[list[float], int]:
    """Each client runs `action(client, index, round)` `rounds` times, all at once; returns
    every timing and the number of failed requests."""
    timings: list[float] = []
    failures = [0]
    lock = threading.Lock()
    start = threading.Barrier(len(clients))

    def work(index, client):
        start.wait()
        for number in range(rounds):
            try:
                seconds = action(client, index, number)
            except PageError:
                with lock:
                    failures[0] += 1
                continue
            with lock:
                timings.append(seconds)

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, failures[0]
