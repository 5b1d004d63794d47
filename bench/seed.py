"""A realistic clinic in bulk for the benchmark: one clinic, its staff, patients, episodes and
visits over years with every step filled, the engine's stored assessment of each, most signed.

    .venv/bin/python bench/seed.py SIZE [--real-signed N]      e.g. bench/seed.py 10000

seeds (once) the PostgreSQL database `backpain_bench_<size>` (1k, 10k, 100k) and prints its
DATABASE_URL and MEDIA_ROOT. A database already holding this seed version at this size is
reused, not seeded again (the `bench_seed` marker table). `seed_clinic` fills whatever database
Django is connected to (the smoke test uses the test database).

The first `real_signed` signed visits are signed through the real signing path
(notes.services.record_signature: the PDF rendered and PAdES-signed); every other signed visit
gets its signature row in bulk, with its own canonical note document and hash, and a stored PDF
that is one copy of a real rendered note shared by all of them (bench/README.md).
"""

import argparse
import datetime
import hashlib
import math
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED_VERSION = 2
BENCH_PASSWORD = "bench-clinic-password"  # noqa: S105 - a scratch database's staff
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
MEDIA = ROOT / "bench" / ".media"
BATCH = 1000
# Visits a day: each day of the clinic's history looks the same whatever its length.
VISITS_PER_WORKDAY = 40
STAFF = {"physician": 10, "intake": 16, "admin": 4}
FAMILY_NAMES = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
                "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
                "Green", "Hall", "Wood", "Jackson", "Clarke", "Khan", "Lewis", "Harris", "Martin",
                "Cooper", "King", "Lee", "Baker", "Hughes", "Nowak", "Kowalski", "Schmidt",
                "Müller", "O'Brien", "García", "Rossi", "Nguyen", "Singh", "Ahmed")
# A clinic's patients carry a thousand family names and more: the forty common ones above hold about
# an eighth of them (Smith about 1.2%, as in the UK's surname counts), the rest a long tail of
# composed names (seed 2; seed 1 gave every patient one of the forty, 2.5% Smiths, which made
# a search for Smith read a fortieth of the clinic).
COMMON_NAME_WEIGHTS = tuple(1 / (rank + 1) ** 0.6 for rank in range(len(FAMILY_NAMES)))
COMMON_NAMES_SHARE = 0.12
TAIL_NAMES = tuple(start + end for start in (
    "Ash", "Brad", "Cart", "Dal", "Ell", "Fair", "Gold", "Hart", "Kirk", "Lang", "Mar", "Nor",
    "Pem", "Rad", "Stan", "Thorn", "Wal", "Whit", "Brom", "Crow", "Dun", "Fen", "Hol", "Lind",
    "Mor", "Ock", "Pres", "Ray", "Sef", "Tal", "Ab", "Bel", "Chad", "Dar", "Eg", "Farn", "Gras",
    "Hep", "Ing", "Kel") for end in (
    "ley", "ton", "field", "worth", "by", "ham", "well", "ford", "more", "wood", "son", "er",
    "ridge", "brook", "den", "combe", "hurst", "shaw", "land", "stone", "wick", "bury", "cott",
    "dale", "hill"))
GIVEN_NAMES = ("Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Sophia", "Emily", "Ella",
               "Ruth", "Margaret", "Fatima", "Anna", "Oliver", "George", "Noah", "Arthur", "Leo",
               "Harry", "Jack", "Thomas", "Mohammed", "James", "Peter", "David", "John", "Ali",
               "Piotr", "Tomasz", "Hannah", "Chloe", "Lucas", "Samuel", "Daniel", "Joseph")
COMPLAINTS = ("Low back pain for two weeks", "Left leg pain and low back pain",
              "Right sciatica since lifting", "Neck pain with arm tingling",
              "Back pain after a fall", "Walking limited by leg pain",
              "Recurrent low back pain", "Stiff back in the mornings", "Review after injection",
              "Mid back pain", "Pain after lumbar decompression", "Buttock and thigh pain")
CONDITIONS = ("Low back pain", "Lumbar radiculopathy", "Neck pain", "Lumbar spinal stenosis",
              "Thoracic back pain")


@dataclass
class Seeded:
    clinic_id: int
    visits: int
    physicians: list[str]
    intake: list[str]
    admins: list[str]
    password: str = BENCH_PASSWORD


@dataclass
class Planned:
    """One visit to make: when, in what state, for whom."""

    visit_date: datetime.date
    status: str  # scheduled, draft, awaiting_signature, signed
    intake_done: bool
    patient: int = 0
    visit_type: str = "new"


def database_name(size: int) -> str:
    label = f"{size // 1000}k" if size % 1000 == 0 else str(size)
    return f"backpain_bench_{label}"


def plan_visits(count: int, today: datetime.date, rng: random.Random) -> list[Planned]:
    """The visits of a clinic with `count` in all: today's list and the open visits of the last
    two weeks are the same size whatever the history; the rest are signed, over years."""
    today_count = min(30, count // 20)
    open_count = min(60, count // 20)
    scheduled = min(20, count // 50)
    history = count - today_count - open_count - scheduled
    span = max(730, math.ceil(history / VISITS_PER_WORKDAY * 7 / 5))
    planned = []
    for n in range(today_count):
        state = n % 3  # in intake, waiting for the physician, waiting for the signature
        planned.append(Planned(today, "awaiting_signature" if state == 2 else "draft",
                               intake_done=state > 0))
    for n in range(open_count):
        day = today - datetime.timedelta(days=rng.randint(1, 14))
        planned.append(Planned(day, "draft" if n % 5 < 2 else "awaiting_signature", True))
    for _ in range(scheduled):
        planned.append(Planned(today + datetime.timedelta(days=rng.randint(1, 30)), "scheduled",
                               False))
    for _ in range(history):
        day = today - datetime.timedelta(days=rng.randint(15, span))
        if day.weekday() >= 5:
            day -= datetime.timedelta(days=day.weekday() - 4)
        planned.append(Planned(day, "signed", True))
    return planned


def seed_clinic(count: int, *, real_signed: int = 200, rng_seed: int = 17, today=None,
                progress=print) -> Seeded:
    """Fill the connected database with a clinic of `count` visits; returns who works there."""
    from django.utils import timezone

    rng = random.Random(rng_seed)  # noqa: S311 - reproducible data, not a secret
    today = today or timezone.localdate()
    started = time.monotonic()
    clinic, staff = make_clinic(count)
    planned = plan_visits(count, today, rng)
    patients = make_patients(planned, clinic, rng)
    visits = make_visits(planned, patients, staff, rng, progress)
    progress(f"  {len(visits)} visits with their steps ({time.monotonic() - started:.0f} s)")
    signed = [visit for visit in visits if visit.bench_target == "signed"]
    really = signed[-real_signed:] if real_signed else []
    sign_for_real(really, staff, progress)
    really_ids = {visit.pk for visit in really}
    sign_in_bulk([v for v in signed if v.pk not in really_ids], really, progress)
    progress(f"  seeded in {time.monotonic() - started:.0f} s")
    return Seeded(clinic.pk, count, *(
        [user.username for user in staff[role]] for role in ("physician", "intake", "admin")))


def make_clinic(count):
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from backpain.accounts.models import Clinic, User
    from backpain.accounts.roles import Role

    clinic = Clinic.objects.create(name=f"Bench spine centre ({count} visits)",
                                   timezone="Europe/London")
    password = make_password(BENCH_PASSWORD)
    groups = {"physician": Role.PHYSICIAN, "intake": Role.INTAKE, "admin": Role.ADMINISTRATOR}
    staff = {}
    for role, number in STAFF.items():
        staff[role] = User.objects.bulk_create([
            User(username=f"bench-{clinic.pk}-{role}-{n}", clinic=clinic, password=password,
                 first_name=GIVEN_NAMES[n], last_name=FAMILY_NAMES[n + 7],
                 printed_name=f"{GIVEN_NAMES[n]} {FAMILY_NAMES[n + 7]}",
                 credentials="MD" if role == "physician" else "")
            for n in range(1, number + 1)])
        group = Group.objects.get(name=groups[role].value)
        User.groups.through.objects.bulk_create([
            User.groups.through(user_id=user.pk, group_id=group.pk) for user in staff[role]])
    return clinic, staff


def family_name(rng) -> str:
    if rng.random() < COMMON_NAMES_SHARE:
        return rng.choices(FAMILY_NAMES, COMMON_NAME_WEIGHTS)[0]
    return rng.choice(TAIL_NAMES)


def make_patients(planned, clinic, rng):
    """About 0.4 patients per visit; each patient's visits follow each other in time."""
    from backpain.patients.models import Patient

    count = max(1, round(len(planned) * 0.4))
    for n, visit in enumerate(planned):
        visit.patient = n if n < count else rng.randrange(count)
    patients = []
    for n in range(count):
        age = rng.randint(18, 88)
        patients.append(Patient(
            clinic=clinic, mrn=f"BEN{n:07d}", family_name=family_name(rng),
            given_name=rng.choice(GIVEN_NAMES), sex=rng.choice(("female", "male")),
            date_of_birth=datetime.date.today() - datetime.timedelta(days=age * 365 + n % 365)))
    patients = Patient.objects.bulk_create(patients, batch_size=BATCH)
    by_patient: dict[int, list[Planned]] = {}
    for visit in sorted(planned, key=lambda v: v.visit_date):
        by_patient.setdefault(visit.patient, []).append(visit)
    for visits in by_patient.values():
        for number, visit in enumerate(visits):
            visit.visit_type = ("new" if number == 0 else
                                "post_op" if rng.random() < 0.05 else "follow_up")
    return patients


def make_visits(planned, patients, staff, rng, progress):
    """Episodes, visits, every step and the stored assessment, in batches."""
    from backpain.visits.models import Visit

    episodes = make_episodes(planned, patients, staff, rng)
    made = []
    for start in range(0, len(planned), BATCH):
        batch = planned[start:start + BATCH]
        visits = []
        for plan in batch:
            intake_user = rng.choice(staff["intake"])
            physician = rng.choice(staff["physician"])
            visit = Visit(
                patient=patients[plan.patient], episode=episodes[plan.patient],
                visit_date=plan.visit_date, visit_type=plan.visit_type,
                chief_complaint=rng.choice(COMPLAINTS), assigned_physician=physician,
                # Signed visits are signed once their steps are in (a trigger guards them).
                status="awaiting_signature" if plan.status == "signed" else plan.status,
                created_by=intake_user, version=1 if plan.status == "scheduled" else 6,
                intake_completed_at=(datetime.datetime.combine(
                    plan.visit_date, datetime.time(9, 30), datetime.UTC)
                    if plan.intake_done else None),
                intake_completed_by=intake_user if plan.intake_done else None)
            visit.bench_target = plan.status
            visits.append(visit)
        visits = Visit.objects.bulk_create(visits)
        for visit, plan in zip(visits, batch, strict=True):
            visit.bench_target = plan.status
        make_steps(visits, staff, rng)
        made += visits
        if len(made) % 10000 == 0:
            progress(f"  {len(made)} visits")
    return made


def make_episodes(planned, patients, staff, rng):
    from backpain.episodes.models import Episode

    first: dict[int, datetime.date] = {}
    last: dict[int, datetime.date] = {}
    for plan in planned:
        first[plan.patient] = min(first.get(plan.patient, plan.visit_date), plan.visit_date)
        last[plan.patient] = max(last.get(plan.patient, plan.visit_date), plan.visit_date)
    today = datetime.date.today()
    episodes = []
    for n, patient in enumerate(patients):
        closed = (today - last[n]).days > 180
        episodes.append(Episode(
            patient=patient, condition=rng.choice(CONDITIONS), start_date=first[n],
            index_date=first[n], status="closed" if closed else "open",
            closed_on=last[n] + datetime.timedelta(days=42) if closed else None,
            created_by=rng.choice(staff["intake"])))
    return Episode.objects.bulk_create(episodes, batch_size=BATCH)


def make_steps(visits, staff, rng):
    """Every step of each visit as far as its state goes, and the engine's stored assessment."""
    from backpain.clinical import FindingsError, assess_document
    from backpain.patients.models import age_in_years
    from backpain.visits import models as m
    from backpain.visits.decision_support import VisitAssessment
    from bench.findings_values import Answers

    rows: dict[type, list] = {model: [] for model in (
        m.History, m.Questionnaires, m.Examination, m.DiagnosticStudy, m.Labs, m.Assessment,
        m.Plan, m.StoredAssessment)}
    for visit in visits:
        target = visit.bench_target
        if target == "scheduled":
            continue
        patient = visit.patient
        age = age_in_years(patient.date_of_birth, visit.visit_date)
        answers = Answers(rng, visit.visit_date, age, patient.sex, visit.visit_type)
        intake, physician = visit.created_by, visit.assigned_physician
        in_intake = not visit.intake_completed_at
        history = m.History(visit=visit, updated_by=intake,
                            **answers.step("history", keep=0.5 if in_intake else 1.0))
        document = {"patient": {"age_years": age, "sex": patient.sex},
                    "visit": {"visit_date": visit.visit_date.isoformat(),
                              "visit_type": visit.visit_type},
                    "history": history.to_findings(), "diagnostics": {"studies": []}}
        rows[m.History].append(history)
        if not in_intake and rng.random() < 0.8:
            questionnaires = m.Questionnaires(visit=visit, updated_by=intake,
                                              **answers.step("questionnaires"))
            rows[m.Questionnaires].append(questionnaires)
            document["questionnaires"] = questionnaires.to_findings()
        physician_done = target in ("awaiting_signature", "signed")
        if physician_done:
            exam = m.Examination(visit=visit, updated_by=physician, **answers.step("exam"))
            rows[m.Examination].append(exam)
            document["exam"] = exam.to_findings()
            for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
                study = m.DiagnosticStudy(visit=visit, updated_by=physician,
                                          **answers.step("diagnostics.studies"))
                rows[m.DiagnosticStudy].append(study)
                document["diagnostics"]["studies"].append(study.to_findings())
            if rng.random() < 0.2:
                labs = m.Labs(visit=visit, updated_by=physician,
                              **answers.step("diagnostics.labs"))
                rows[m.Labs].append(labs)
                document["diagnostics"]["labs"] = labs.to_findings()
        try:
            result = VisitAssessment(data=assess_document(document))
        except FindingsError as error:
            result = VisitAssessment(problems=error.messages)
        rows[m.StoredAssessment].append(stored_assessment(visit, result))
        if physician_done:
            rows[m.Assessment].append(m.Assessment(
                visit=visit, updated_by=physician,
                confirmed_patterns=[p["code"] for p in result.data.get("patterns", [])][:2],
                diagnoses=suggested_diagnoses(result) or ["M54.59"],
                acknowledged_red_flags=result.flag_codes, **answers.step("assessment")))
            rows[m.Plan].append(m.Plan(visit=visit, updated_by=physician,
                                       **answers.step("plan")))
    for model, made in rows.items():
        model.objects.bulk_create(made, batch_size=BATCH)


def suggested_diagnoses(result) -> list[str]:
    codes = []
    for suggestion in result.data.get("diagnosis_suggestions", [])[:2]:
        codes.append(suggestion["code"] if isinstance(suggestion, dict) else suggestion)
    return codes


def stored_assessment(visit, result):
    """The row assessments.store writes for this result (the seed assesses in process)."""
    from backpain.clinical.result import RULES_VERSION, URGENCY_ORDER
    from backpain.visits.models import StoredAssessment

    flags = result.red_flags
    top = min(flags, key=lambda f: (URGENCY_ORDER.index(f["urgency"]), f["code"]), default=None)
    return StoredAssessment(
        visit=visit, rules_version=RULES_VERSION, visit_version=visit.version,
        data=result.data, problems=result.problems,
        top_flag=top["code"] if top else "", top_urgency=top["urgency"] if top else "",
        top_urgency_rank=URGENCY_ORDER.index(top["urgency"]) if top else None,
        flag_count=len(flags))


def sign_for_real(visits, staff, progress):
    """Sign through the real path: the assessment refreshed, the PDF rendered and signed."""
    from backpain.notes.models import SignatureMeaning
    from backpain.notes.services import record_signature

    started = time.monotonic()
    for visit in visits:
        record_signature(request=None, user=visit.assigned_physician, visit=visit,
                         meaning=SignatureMeaning.AUTHORED)
    if visits:
        progress(f"  {len(visits)} signed with rendered PDFs "
                 f"({(time.monotonic() - started) / len(visits):.2f} s each)")


def sign_in_bulk(visits, really_signed, progress):
    """Signature rows for the other signed visits, each with its own canonical note; their
    stored PDF is one copy of a real rendered note (or a placeholder when none was rendered)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from backpain.notes.content import content_hash, note_document
    from backpain.notes.models import NoteVersion, Signature
    from backpain.visits.models import Visit
    from backpain.visits.selectors import with_steps

    if not visits:
        return
    if really_signed:
        source = NoteVersion.objects.filter(visit_id=really_signed[0].pk).first()
        with default_storage.open(source.pdf.name, "rb") as pdf:
            pdf_bytes = pdf.read()
    else:
        pdf_bytes = b"%PDF-1.7\n% a bench placeholder note\n%%EOF\n"
    pdf_name = default_storage.save("notes/bench/copy-of-a-signed-note.pdf",
                                    ContentFile(pdf_bytes))
    pdf_sha256 = hashlib.sha256(pdf_bytes).hexdigest()
    pdf_sha1 = hashlib.sha1(pdf_bytes, usedforsecurity=False).hexdigest()
    started = time.monotonic()
    for start in range(0, len(visits), BATCH):
        ids = [visit.pk for visit in visits[start:start + BATCH]]
        signatures, versions = [], []
        for visit in with_steps(Visit.objects.filter(pk__in=ids)):
            document = note_document(visit)
            signed_at = timezone.make_aware(
                datetime.datetime.combine(visit.visit_date, datetime.time(17, 0)))
            signatures.append(Signature(
                visit=visit, signer_id=visit.assigned_physician_id,
                printed_name=visit.assigned_physician.printed_name,
                credentials=visit.assigned_physician.credentials, meaning="authored",
                signed_at=signed_at, content_hash=content_hash(document), content=document))
        signatures = Signature.objects.bulk_create(signatures)
        versions = [NoteVersion(visit_id=signature.visit_id, number=1, signature=signature,
                                pdf=pdf_name, pdf_sha256=pdf_sha256, pdf_size=len(pdf_bytes),
                                pdf_sha1=pdf_sha1) for signature in signatures]
        NoteVersion.objects.bulk_create(versions)
        Visit.objects.filter(pk__in=ids).update(status="signed", version=7)
        if (start // BATCH) % 10 == 9:
            progress(f"  {start + len(ids)} signed in bulk "
                     f"({time.monotonic() - started:.0f} s)")


# The marker: which seed this database holds, so a second run reuses it.
MARKER_TABLE = "bench_seed"


def seeded_marker(connection):
    """(seed version, visits, clinic id, staff usernames...) of the database, or None."""
    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version, visits, clinic_id FROM {MARKER_TABLE}")  # noqa: S608
        return cursor.fetchone()


def mark_seeded(connection, seeded: Seeded):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} "
                       "(version integer, visits integer, clinic_id integer)")
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")  # noqa: S608
        cursor.execute(f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, %s)",  # noqa: S608
                       [SEED_VERSION, seeded.visits, seeded.clinic_id])


def staff_of(clinic_id) -> Seeded:
    """Who works at an already seeded bench clinic."""
    from backpain.accounts.models import User
    from backpain.visits.models import Visit

    names = list(User.objects.filter(clinic_id=clinic_id).order_by("pk")
                 .values_list("username", flat=True))
    visits = Visit.objects.filter(patient__clinic_id=clinic_id).count()
    return Seeded(clinic_id, visits, *(
        [name for name in names if f"-{role}-" in name] for role in ("physician", "intake",
                                                                    "admin")))


def environment(size: int) -> dict:
    """The environment a process needs to use the bench database of this size."""
    name = database_name(size)
    return {"DATABASE_URL": f"{POSTGRES}/{name}", "MEDIA_ROOT": str(MEDIA / name),
            "DJANGO_SETTINGS_MODULE": "backpain.settings"}


def ensure_database(size: int, real_signed: int) -> None:
    """Create and seed the bench database of this size unless it already holds this seed."""
    import psycopg

    name = database_name(size)
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                               [name]).fetchone()
    os.environ.update(environment(size))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command
    from django.db import connection

    if exists and marker_matches(size):
        print(f"{name}: reusing the seed of {size} visits (seed version {SEED_VERSION})")
        django.setup()
        call_command("migrate", verbosity=0)  # the code measured may have migrations since
        # PDFs stored before their size and SHA-1 were recorded (notes 0005), as after an
        # upgrade: read once, so the exports measure what they cost from then on.
        call_command("fill_pdf_digests", verbosity=0)
        settle(connection)
        return
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    django.setup()
    print(f"{name}: migrating and seeding {size} visits")
    call_command("migrate", verbosity=0)
    call_command("create_signing_certificate", "--if-missing", verbosity=0)
    seeded = seed_clinic(size, real_signed=min(real_signed, size // 2))
    mark_seeded(connection, seeded)
    settle(connection)


def settle(connection):
    """VACUUM and ANALYZE, as autovacuum has long done on a clinic's database: right after a
    bulk load the trigram indexes hold every new patient in their pending lists, which each
    search reads through (8.6 ms for a name among 40,000 patients, 0.1 ms once vacuumed), and
    the planner has no statistics."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def marker_matches(size: int) -> bool:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/{database_name(size)}") as db:
        found = db.execute("SELECT to_regclass(%s)", [MARKER_TABLE]).fetchone()[0]
        if found is None:
            return False
        row = db.execute(f"SELECT version, visits FROM {MARKER_TABLE}").fetchone()  # noqa: S608
    return row == (SEED_VERSION, size)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("--real-signed", type=int, default=200,
                        help="signed through the real path, PDF rendered (default 200)")
    args = parser.parse_args(argv)
    ensure_database(args.size, args.real_signed)
    for key, value in environment(args.size).items():
        print(f"{key}={value}")


if __name__ == "__main__":
    main()
