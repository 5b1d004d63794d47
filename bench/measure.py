"""Every figure of `make bench` for one seeded size, measured in one run and written as JSON:

    .venv/bin/python bench/measure.py SIZE OUT.json     (bench/run.py calls it per size)

Pages: gunicorn in the production profile on a loopback port, signed-in clients at 1, 4 and 16
at once (bench/http_load.py), each page's p50/p95 beside the floor page's measured by the same
clients in the same run. Queries per page: Django's test client in process with
CaptureQueriesContext on the same database. PDF: a signed note rendered vs plain WeasyPrint on
a document of the same text. Exports: the export generators to /dev/null vs PostgreSQL COPY of
the same join; peak RSS of each export in a child process.
"""

import json
import os
import random
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import seed  # noqa: E402
from bench.export_job import measure_during_export  # noqa: E402
from bench.http_load import (  # noqa: E402
    Client,
    PageError,
    form_fields,
    run_clients,
    step_save_fields,
    timing_figures,
)

LEVELS = (1, 4, 16)
# Timed requests per client at each level (after one untimed round): enough samples for a p95
# that a few slow requests do not make (320 at 16 clients: with 96, until 29 Nov, the floor's
# own p95 moved by half between runs).
ROUNDS = dict(zip(LEVELS, (int(n) for n in os.environ.get("BENCH_ROUNDS", "40,25,20")
                           .split(",")), strict=True))
STATIC_ROOT = ROOT / "bench" / ".static"
SEARCH = "Smith"
# (page, signed-in role, what a request does): the pages the issue names, and the floor.
PAGES = ("floor", "history GET", "history POST", "exam GET", "exam POST", "home (physician)",
         "today (intake home)", "patient search", "review")


def setup(size: int):
    os.environ.update(seed.environment(size))
    os.environ.update({"BENCH_FLOOR": "1", "DEBUG": "0", "LOG_LEVEL": "WARNING"})
    import django

    django.setup()


def targets(size: int) -> dict:
    """Who signs in and which visits they open, read from the seeded database."""
    from django.db import connection

    from backpain.visits.models import Visit

    marker = seed.seeded_marker(connection)
    if marker is None or tuple(marker[:2]) != (seed.SEED_VERSION, size):
        raise SystemExit(f"{seed.database_name(size)} is not seeded: run bench/seed.py {size}")
    staff = seed.staff_of(marker[2])
    visits = Visit.objects.filter(patient__clinic_id=staff.clinic_id)
    open_visits = list(visits.filter(status="awaiting_signature").order_by("pk")
                       .values_list("pk", flat=True)[:max(LEVELS)])
    signed = list(visits.filter(status="signed").values_list("pk", flat=True))
    rng = random.Random(size)  # noqa: S311 - the same sample every run, not a secret
    return {"clinic_id": staff.clinic_id, "physicians": staff.physicians,
            "intake": staff.intake, "password": staff.password, "open": open_visits,
            "signed": rng.sample(signed, min(200, len(signed))), "admins": staff.admins,
            "returning": returning_visits(visits)}


def returning_visits(visits) -> dict:
    """An open and a signed visit that each have a signed visit before them in their episode
    (a return visit, the common case): queries are counted on the same kind of visit at every
    size, since a step page and the review read the earlier visit when there is one."""
    from django.db.models import Exists, OuterRef

    earlier = visits.filter(patient_id=OuterRef("patient_id"), episode_id=OuterRef("episode_id"),
                            status="signed", visit_date__lt=OuterRef("visit_date"))
    returning = visits.filter(Exists(earlier)).order_by("pk")
    return {status: returning.filter(status=status).values_list("pk", flat=True).first()
            for status in ("awaiting_signature", "signed")}


def page_requests(t: dict) -> dict:
    """Page -> (role, action(client, index, round) -> seconds)."""

    def get(path_of):
        return lambda client, i, n: client.get(path_of(i, n))

    def step_path(slug):
        return lambda i, n: f"/visits/{t['open'][i % len(t['open'])]}/steps/{slug}/"

    def save(slug):
        def action(client, i, n):
            path = step_path(slug)(i, n)
            fields = client.form(path, "step-form")
            return client.post(path, step_save_fields(fields, n))
        return action

    return {
        "floor": ("physician", get(lambda i, n: "/bench/floor/")),
        "history GET": ("physician", get(step_path("history"))),
        "history POST": ("physician", save("history")),
        "exam GET": ("physician", get(step_path("examination"))),
        "exam POST": ("physician", save("examination")),
        "home (physician)": ("physician", get(lambda i, n: "/")),
        "today (intake home)": ("intake", get(lambda i, n: "/")),
        "patient search": ("physician", get(lambda i, n: "/patients/")),
        "review": ("physician", get(
            lambda i, n: f"/visits/{t['signed'][(i * 31 + n) % len(t['signed'])]}/note/")),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# One secret for the run's servers and worker (sessions, signed values they share).
SECRET_KEY = secrets.token_urlsafe(40)


def production_environment(size: int, extra=None, port: int = 0) -> dict:
    return {**os.environ, **seed.environment(size), "DJANGO_ENV": "production",
            "SECRET_KEY": SECRET_KEY, "ALLOWED_HOSTS": "127.0.0.1",
            "BENCH_FLOOR": "1", "STATIC_ROOT": str(STATIC_ROOT),
            "GUNICORN_BIND": f"127.0.0.1:{port}", "LOG_LEVEL": "WARNING", **(extra or {})}


def start_gunicorn(size: int, extra=None):
    """gunicorn on a free loopback port: (process, port). `extra`: more environment."""
    port = free_port()
    env = production_environment(size, extra, port)
    if not (STATIC_ROOT / "staticfiles.json").exists():
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                       cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and files
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py",
         "backpain.wsgi"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            Client(port).get("/login/")
            return server, port
        except (OSError, PageError):
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 90 s")


def signed_in(port, t, role, count):
    clients = []
    for index in range(count):
        client = Client(port)
        names = t["physicians"] if role == "physician" else t["intake"]
        client.sign_in(names[index % len(names)], t["password"])
        fields = dict(client.form("/patients/"))
        client.post("/patients/", {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
                                   "q": SEARCH})
        clients.append(client)
    return clients


def figures(timings: list[float], failed: list[int]) -> dict:
    return {**timing_figures(timings), "failed": failed[0]}


def line(level: int, page: str, figure: dict) -> str:
    timed = (f"p50 {figure['p50'] * 1000:7.1f} ms  p95 {figure['p95'] * 1000:7.1f} ms"
             if figure["n"] else "no answer")
    failed = f"  ({figure['failed']} failed)" if figure["failed"] else ""
    return f"  {level:>2} clients  {page:<22} {timed}{failed}"


def measure_pages(size: int, t: dict, progress=print) -> dict:
    """Page -> level -> {p50, p95, n, failed} in seconds, from gunicorn on this size.

    The floor is asked for just before each page, by the same clients, and its timings are
    pooled: its p50 and p95 come from eight times as many requests as a page's, spread over
    the whole time the pages took. Measured once before them all (until 29 Nov night), the floor's
    16-client p95 was one sample of 320 requests and moved by a third between runs, and every
    ratio with it (bench/README.md)."""
    server, port = start_gunicorn(size)
    results: dict = {page: {} for page in PAGES}
    try:
        requests = page_requests(t)
        for level in LEVELS:
            clients = {role: signed_in(port, t, role, level)
                       for role in ("physician", "intake")}
            floor: tuple[list[float], list[int]] = ([], [0])
            for page in PAGES[1:]:
                role, action = requests[page]
                for timed, times in (("floor", floor), (page, ([], [0]))):
                    timed_role, timed_action = requests[timed]
                    run_clients(clients[timed_role], timed_action, 1)  # warm
                    timings, failed = run_clients(clients[timed_role], timed_action,
                                                  ROUNDS[level])
                    times[0].extend(timings)
                    times[1][0] += failed
                results[page][str(level)] = figures(*times)
                progress(line(level, page, results[page][str(level)]))
            results["floor"][str(level)] = figures(*floor)
            progress(line(level, "floor", results["floor"][str(level)]))
            for role_clients in clients.values():
                for client in role_clients:
                    client.close()
    finally:
        server.terminate()
        server.wait(30)
    return results


def count_queries(t: dict) -> dict:
    """Page -> SQL queries of one request, in process (the test client, no CSRF)."""
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    from backpain.accounts.models import User

    counts = {}
    for page in PAGES:
        staff = t["intake"] if page.startswith("today") else t["physicians"]
        client = TestClient()
        client.force_login(User.objects.get(username=staff[0]))
        client.post("/patients/", {"q": SEARCH})
        path, method = query_page(page, t)
        for number in (1, 2):  # the first warms caches; the second is counted
            data = save_data(client, path, number) if method == "POST" else None
            with CaptureQueriesContext(connection) as queries:
                response = client.post(path, data) if data else client.get(path)
        counts[page] = {"queries": len(queries), "status": response.status_code}
    return counts


def save_data(client, path, number) -> dict:
    """The step form as its page shows it, edited, as the test client posts it."""
    data: dict = {}
    page = client.get(path).content.decode()
    for name, value in step_save_fields(form_fields(page, "step-form"), number):
        data.setdefault(name, []).append(value)
    return data


def query_page(page: str, t: dict) -> tuple[str, str]:
    visit, signed = t["returning"]["awaiting_signature"], t["returning"]["signed"]
    return {
        "floor": ("/bench/floor/", "GET"),
        "history GET": (f"/visits/{visit}/steps/history/", "GET"),
        "history POST": (f"/visits/{visit}/steps/history/", "POST"),
        "exam GET": (f"/visits/{visit}/steps/examination/", "GET"),
        "exam POST": (f"/visits/{visit}/steps/examination/", "POST"),
        "home (physician)": ("/", "GET"),
        "today (intake home)": ("/", "GET"),
        "patient search": ("/patients/", "GET"),
        "review": (f"/visits/{signed}/note/", "GET"),
    }[page]


def pdf_render(t: dict) -> dict:
    """A signed note's PDF rendered as at signing vs plain WeasyPrint, same text length."""
    from html import escape
    from html.parser import HTMLParser

    from weasyprint import HTML

    from backpain.accounts.models import Clinic
    from backpain.notes.models import NoteVersion
    from backpain.notes.pdf import note_html, render_note_pdf
    from backpain.notes.signed_pdfs import signature_blocks

    version = (NoteVersion.objects.filter(visit__patient__clinic_id=t["clinic_id"])
               .exclude(pdf__contains="/bench/").select_related("signature").first())
    if version is None:
        return {}
    clinic = Clinic.objects.get(pk=t["clinic_id"])
    document = version.signature.content
    blocks = signature_blocks([version.signature], clinic)

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data):
            if data.strip():
                self.parts.append(data.strip())

    reader = Text()
    reader.feed(note_html(document, blocks))
    text = "\n".join(reader.parts)
    plain = ("<html><body>" + "".join(f"<p>{escape(line)}</p>" for line in reader.parts)
             + "</body></html>")

    def timed(render, times=5):
        render()
        spent = []
        for _ in range(times):
            started = time.perf_counter()
            render()
            spent.append(time.perf_counter() - started)
        return statistics.median(spent)

    note = timed(lambda: render_note_pdf(document, blocks))
    floor = timed(lambda: HTML(string=plain).write_pdf())
    return {"note_s": note, "plain_s": floor, "text_chars": len(text)}


def export_figures(size: int, t: dict) -> tuple[dict, dict]:
    """(exports, peak RSS in MiB): each export runs once, in a child process of its own that
    reports its rows, seconds and peak RSS before and after; COPY of the same join runs here."""
    exports, rss = {}, {}
    for export_format in ("csv", "fhir"):
        done = subprocess.run([sys.executable, __file__, "--export", str(size),  # noqa: S603
                               export_format], capture_output=True, text=True, check=True)
        child = json.loads(done.stdout.strip().splitlines()[-1])
        exports[export_format] = {"rows": child["rows"], "seconds": child["seconds"]}
        rss[export_format] = child["rss_after"]
        rss[f"{export_format} before"] = child["rss_before"]
    exports["copy"] = copy_speed(t, exports["csv"]["rows"])
    return exports, rss


def copy_speed(t: dict, rows: int) -> dict:
    """PostgreSQL's COPY of the export's join (bench/exports_speed.py `copy_sql`: visits with
    every step, their studies, signatures and versions), to /dev/null: the floor an export of
    the same rows is compared with."""
    from django.db import connection

    from bench.exports_speed import copy_sql

    sql = copy_sql(t["clinic_id"])
    connection.ensure_connection()
    started = time.perf_counter()
    with open(os.devnull, "wb") as devnull, connection.connection.cursor() as cursor, \
            cursor.copy(f"COPY ({sql}) TO STDOUT") as copy:
        for data in copy:
            devnull.write(data)
    return {"rows": rows, "seconds": time.perf_counter() - started}


def one_export(size: int, export_format: str):
    """Run one export of every signed visit to /dev/null; print what it took as JSON."""
    setup(size)
    from django.db import connection

    from backpain.exports.selectors import ExportFilters
    from backpain.exports.services import export_visits

    clinic_id = seed.seeded_marker(connection)[2]
    before = peak_rss_mib()
    started = time.perf_counter()
    stream = export_visits(export_format=export_format, filters=ExportFilters(),
                           clinic_id=clinic_id, actor="bench")
    with open(os.devnull, "wb") as devnull:
        for chunk in stream.chunks:
            devnull.write(chunk if isinstance(chunk, bytes) else chunk.encode())
    print(json.dumps({"rows": stream.row_count, "seconds": time.perf_counter() - started,
                      "rss_before": before, "rss_after": peak_rss_mib()}))


def peak_rss_mib() -> float:
    """This process's peak resident memory. Linux keeps ru_maxrss across exec, so a child
    would report its parent's peak if larger: VmHWM is the peak of this program alone."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(size: int, out: Path):
    setup(size)
    t = targets(size)
    print(f"{seed.database_name(size)}: pages through gunicorn (production profile)")
    figures = {"size": size, "pages": measure_pages(size, t)}
    # Written after each stage, so an interrupted run keeps what it measured.
    out.write_text(json.dumps(figures, indent=1))
    print("  queries per page")
    figures["queries"] = count_queries(t)
    print("  PDF render")
    figures["pdf"] = pdf_render(t)
    out.write_text(json.dumps(figures, indent=1))
    print("  exports")
    figures["exports"], figures["rss_mib"] = export_figures(size, t)
    out.write_text(json.dumps(figures, indent=1))
    print("  pages while an export job runs")
    figures["export_job"] = measure_during_export(size, t, start_gunicorn,
                                                  production_environment, signed_in)
    out.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    if sys.argv[1] == "--export":
        one_export(int(sys.argv[2]), sys.argv[3])
    else:
        main(int(sys.argv[1]), Path(sys.argv[2]))
