"""Export speed against PostgreSQL's own `COPY ... TO STDOUT` of the same rows, and peak RSS.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/exports_speed.py [VISITS]        (default: 3000)

Creates (or reuses) the scratch database `exportspeed_bench` on that server, fills it with
VISITS copies of a fully filled, signed visit (every finding of docs/findings.md, two studies,
a signed note), then, each in a fresh process so that its peak RSS is its own:
- `copy`: `COPY (SELECT <the export's join>) TO STDOUT` through psycopg: the visits with
  patient, episode, physician, every step, their studies, signatures and note versions;
- `csv` and `fhir`: the export generators (selectors.export_records -> visits_csv /
  visits_ndjson) writing to /dev/null.
Prints, for the fastest of BENCH_RUNS runs (3; others may share the machine), visits per
second, the ratio to COPY, MB written, bytes and Observations per visit, the process's CPU
seconds, and its peak RSS beside its RSS when the export started. BENCH_KEEP=1 keeps an
existing database of the same size (no re-seeding).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "exportspeed_bench"


def setup(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backpain.settings")
    os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / f"{DATABASE}-media"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def scratch_url(server_url):
    import psycopg

    base = server_url.rsplit("/", 1)[0]
    with psycopg.connect(server_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    [DATABASE]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
    return f"{base}/{DATABASE}"


def seed(count):
    """`count` copies of one fully filled signed visit, each with its own patient and episode."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from backpain.accounts.models import Clinic, User
    from backpain.accounts.roles import Role
    from backpain.visits.models import Visit

    clinic = Clinic.objects.filter(name="Bench clinic").first()
    if clinic is not None and os.environ.get("BENCH_KEEP") and \
            Visit.objects.filter(patient__clinic=clinic).count() == count:
        return clinic.pk
    if clinic is not None:
        wipe()
    clinic = Clinic.objects.create(name="Bench clinic")
    users = {}
    for role in (Role.PHYSICIAN, Role.INTAKE):
        user = User.objects.create(username=f"bench-{role.name.lower()}", clinic=clinic,
                                   printed_name="Jane Doe", credentials="MD")
        user.groups.add(Group.objects.get(name=role.value))
        users[role] = user
    from tests.exports.builders import fully_filled_visit

    model = fully_filled_visit(clinic, users[Role.PHYSICIAN], users[Role.INTAKE])
    made = 1
    while made < count:
        batch = min(1000, count - made)
        clone(model, batch, made)
        made += batch
    return clinic.pk


def wipe():
    from django.db import connection

    # A signed note is immutable (a trigger refuses deletes): start from an empty database.
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def clone(model, count, start):
    from backpain.episodes.models import Episode
    from backpain.notes.models import NoteVersion, Signature
    from backpain.patients.models import Patient
    from backpain.visits.models import (
        Assessment,
        DiagnosticStudy,
        Examination,
        History,
        Labs,
        Plan,
        Questionnaires,
        Visit,
    )

    def copies(instance, n, **changes):
        made = []
        for i in range(n):
            fields = {f.attname: getattr(instance, f.attname)
                      for f in instance._meta.concrete_fields if not f.primary_key}
            fields.update({key: value(i) if callable(value) else value
                           for key, value in changes.items()})
            made.append(type(instance)(**fields))
        return made

    patients = Patient.objects.bulk_create(copies(
        model.patient, count, mrn=lambda i: f"B{start + i:08d}"))
    episodes = Episode.objects.bulk_create(copies(
        model.episode, count, patient_id=lambda i: patients[i].pk))
    visits = Visit.objects.bulk_create(copies(
        model, count, patient_id=lambda i: patients[i].pk, episode_id=lambda i: episodes[i].pk,
        status="draft"))  # signed below, once its steps are in (a trigger locks a signed one)
    for step in (History, Examination, Questionnaires, Labs, Assessment, Plan):
        step.objects.bulk_create(copies(step.objects.get(visit=model), count,
                                        visit_id=lambda i: visits[i].pk))
    for study in DiagnosticStudy.objects.filter(visit=model):
        DiagnosticStudy.objects.bulk_create(copies(study, count,
                                                   visit_id=lambda i: visits[i].pk))
    signature = Signature.objects.get(visit=model, addendum__isnull=True)
    signatures = Signature.objects.bulk_create(copies(signature, count,
                                                      visit_id=lambda i: visits[i].pk))
    NoteVersion.objects.bulk_create(copies(
        NoteVersion.objects.get(visit=model), count, visit_id=lambda i: visits[i].pk,
        signature_id=lambda i: signatures[i].pk))
    Visit.objects.filter(pk__in=[visit.pk for visit in visits]).update(status=model.status)


def copy_sql(clinic_id):
    """The export's join as one SELECT: what the generators read, as PostgreSQL writes it."""
    from django.db import connection
    from django.db.models import F

    from backpain.exports.selectors import ExportFilters, matching_visits, with_export_relations
    from backpain.notes.models import NoteVersion, Signature
    from backpain.visits.models import DiagnosticStudy

    # The select_related join repeats column names (id): the visit's gets its own name.
    visits = (with_export_relations(matching_visits(clinic_id, ExportFilters()))
              .order_by("visit_date", "id").annotate(export_visit_id=F("pk")))
    main, params = visits.query.sql_with_params()
    tables = {"s": DiagnosticStudy._meta.db_table, "sig": Signature._meta.db_table,
              "nv": NoteVersion._meta.db_table}
    main = connection.ops.compose_sql(main, params)  # values written in, as COPY needs
    # Each visit's studies, note signature and versions, as the export's prefetches read them.
    own = "WHERE {alias}.visit_id = v.export_visit_id"
    # Table names from the models, the query from the ORM: nothing here comes from input.
    return (
        f"SELECT v.*, "  # noqa: S608
        f"(SELECT json_agg(s) FROM {tables['s']} s {own.format(alias='s')}) AS studies, "
        f"(SELECT json_agg(json_build_object('sig', sig.id, 'printed_name', "
        f"sig.printed_name, 'signed_at', sig.signed_at, 'hash', sig.content_hash, "
        f"'decision_support', sig.content->'decision_support')) "
        f"FROM {tables['sig']} sig {own.format(alias='sig')} AND sig.addendum_id IS NULL) "
        f"AS signatures, "
        f"(SELECT json_agg(nv) FROM {tables['nv']} nv {own.format(alias='nv')}) AS versions "
        f"FROM ({main}) v")


def measure(what, clinic_id):
    """One measurement in this process: (visits, seconds, bytes, extra)."""
    from django.db import connection
    from django.urls import get_resolver

    from backpain.exports.selectors import ExportFilters, export_records

    # A serving process has its URLs (and the views they import) loaded before any export.
    get_resolver().url_patterns  # noqa: B018
    extra: dict = {"rss_before_mb": resident_mb()}
    started = time.perf_counter()
    size = visits = 0
    with open(os.devnull, "wb") as sink:
        if what == "copy":
            sql = copy_sql(clinic_id)
            started = time.perf_counter()
            cpu = time.process_time()
            connection.ensure_connection()
            with connection.connection.cursor() as cursor, \
                    cursor.copy(f"COPY ({sql}) TO STDOUT") as copy:
                for data in copy:
                    sink.write(data)
                    size += len(data)
                    visits += bytes(data).count(b"\n")
        else:
            from django.utils import timezone

            from backpain.exports.csv_export import visits_csv
            from backpain.exports.fhir import visits_ndjson

            counted = [0]

            def counting(records):
                for record in records:
                    counted[0] += 1
                    yield record

            cpu = time.process_time()
            records = counting(export_records(clinic_id, ExportFilters()))
            chunks = (visits_csv(records) if what == "csv"
                      else visits_ndjson(records, clinic_id, timezone.now()))
            observations = 0
            for chunk in chunks:
                sink.write(chunk)
                size += len(chunk)
                observations += chunk.count(b'"resourceType":"Observation"')
            visits = counted[0]
            if what == "fhir":
                extra["observations_per_visit"] = observations / max(visits, 1)
    seconds = time.perf_counter() - started
    extra["cpu_seconds"] = time.process_time() - cpu
    extra["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return visits, seconds, size, extra


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def best_of(runs, what, clinic_id, url):
    """The fastest of `runs` runs, each in its own process (others share this machine)."""
    results = []
    for _ in range(runs):
        out = subprocess.run(  # noqa: S603 - this script, run again
            [sys.executable, __file__, "--measure", what, str(clinic_id)],
            env={**os.environ, "DATABASE_URL": url}, check=True, capture_output=True,
            text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    return min(results, key=lambda result: result[1])


def main():
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server: COPY is the yardstick.")
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        setup(server)
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]))))
        return
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    url = scratch_url(server)
    setup(url)
    started = time.perf_counter()
    clinic_id = seed(count)
    print(f"{count} visits ready in {time.perf_counter() - started:.0f} s", flush=True)
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    results = {what: best_of(runs, what, clinic_id, url) for what in ("copy", "csv", "fhir")}
    copy_seconds = results["copy"][1]
    print(f"best of {runs}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'':6} {'visits':>7} {'s':>7} {'cpu s':>6} {'visits/s':>9} {'x COPY':>7} "
          f"{'MB':>7} {'KB/visit':>9} {'Obs/visit':>9} {'RSS MB':>7} {'at start':>8}")
    for what, (visits, seconds, size, extra) in results.items():
        print(f"{what:6} {visits:>7} {seconds:>7.2f} {extra['cpu_seconds']:>6.2f} "
              f"{visits / seconds:>9.0f} {seconds / copy_seconds:>7.1f} {size / 1e6:>7.1f} "
              f"{size / max(visits, 1) / 1024:>9.1f} "
              f"{extra.get('observations_per_visit', 0):>9.0f} {extra['rss_mb']:>7.0f} "
              f"{extra['rss_before_mb']:>8.0f}")

if __name__ == "__main__":
    main()
