"""The benchmark harness keeps working: a small clinic seeded by bench/seed.py, the floor page,
the step form read back and saved as the bench's clients do, and the table's verdicts."""

import hashlib
import importlib

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.urls import clear_url_caches

from backpain.accounts.models import User
from backpain.notes.models import NoteVersion, Signature
from backpain.patients.models import Patient
from backpain.visits.models import StoredAssessment, Visit
from bench import seed
from bench.http_load import PROSE, form_fields, step_save_fields
from bench.report import markdown

SIZE = 60


@pytest.fixture
def bench_clinic(db):
    """Seeded without rendering a PDF (the cheap path)."""
    return seed.seed_clinic(SIZE, real_signed=0, progress=lambda *_: None)


@pytest.fixture
def signed_bench_clinic(db):
    """Seeded with one note signed through the real path (a PDF rendered and signed)."""
    return seed.seed_clinic(SIZE, real_signed=1, progress=lambda *_: None)


def test_seed_fills_a_clinic_of_the_size_asked_every_step_assessed(bench_clinic):
    visits = Visit.objects.filter(patient__clinic_id=bench_clinic.clinic_id)
    assert visits.count() == SIZE
    assert Patient.objects.filter(clinic_id=bench_clinic.clinic_id).count() == SIZE * 0.4
    assert set(visits.values_list("status", flat=True)) == {
        "signed", "awaiting_signature", "draft", "scheduled"}
    # Today's list has someone in intake, someone waiting for the physician, one to sign.
    assert visits.filter(status="draft", intake_completed_at__isnull=True).exists()
    assert visits.filter(status="draft", intake_completed_at__isnull=False).exists()
    assert len(bench_clinic.physicians) == 10 and len(bench_clinic.intake) == 16
    documented = Visit.objects.filter(patient__clinic_id=bench_clinic.clinic_id,
                                      status__in=("signed", "awaiting_signature"))
    for visit in documented.select_related("history", "examination", "assessment", "plan"):
        assert visit.history.pain_now is not None and visit.history.regions
        assert visit.examination.gait and visit.assessment.diagnoses
        assert visit.plan.disposition and visit.plan.follow_up_weeks is not None
    stored = StoredAssessment.objects.filter(visit__in=documented)
    assert stored.count() == documented.count()
    assert not stored.exclude(problems=[]).exists()  # the engine read every seeded visit
    # The marker: a second `make bench` finds the seed and reuses it.
    assert seed.seeded_marker(connection) is None
    seed.mark_seeded(connection, bench_clinic)
    assert seed.seeded_marker(connection) == (seed.SEED_VERSION, SIZE, bench_clinic.clinic_id)
    assert seed.staff_of(bench_clinic.clinic_id).physicians == bench_clinic.physicians


def test_signed_visits_carry_a_signature_and_a_real_pdf(signed_bench_clinic):
    clinic_id = signed_bench_clinic.clinic_id
    signed = Visit.objects.filter(patient__clinic_id=clinic_id, status="signed")
    assert Signature.objects.filter(visit__in=signed).count() == signed.count()
    versions = NoteVersion.objects.filter(visit__in=signed)
    assert versions.count() == signed.count()
    # One note rendered through the signing path; every other one is a copy of its PDF.
    stored = dict(versions.values_list("pdf", "pdf_sha256"))
    assert len(stored) == 2
    for name, sha256 in stored.items():
        with default_storage.open(name, "rb") as pdf:
            content = pdf.read()
        assert content.startswith(b"%PDF") and b"/ByteRange" in content  # PAdES-signed
        assert hashlib.sha256(content).hexdigest() == sha256
    # The bench's clients read a step form back and save it: the edit is stored.
    visit = Visit.objects.filter(patient__clinic_id=clinic_id,
                                 status="awaiting_signature").first()
    client = Client()
    client.force_login(User.objects.get(username=signed_bench_clinic.physicians[0]))
    path = f"/visits/{visit.pk}/steps/history/"
    data: dict = {}
    for name, value in step_save_fields(form_fields(client.get(path).content.decode(),
                                                    "step-form"), 1):
        data.setdefault(name, []).append(value)
    assert client.post(path, data).status_code == 302
    visit.history.refresh_from_db()
    assert visit.history.narrative == PROSE[1]


def test_the_pdf_figure_renders_a_really_signed_note_and_its_plain_text(signed_bench_clinic):
    from bench.measure import pdf_render

    figures = pdf_render({"clinic_id": signed_bench_clinic.clinic_id})
    assert figures["note_s"] > 0 and figures["plain_s"] > 0 and figures["text_chars"] > 500


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_the_copy_figure_reads_the_exports_join_of_every_visit(bench_clinic):
    from bench.measure import copy_speed

    figures = copy_speed({"clinic_id": bench_clinic.clinic_id}, rows=SIZE)
    assert figures["rows"] == SIZE and figures["seconds"] > 0


@pytest.fixture
def floor_enabled(monkeypatch):
    import backpain.urls

    monkeypatch.setenv("BENCH_FLOOR", "1")
    importlib.reload(backpain.urls)
    clear_url_caches()
    yield
    monkeypatch.delenv("BENCH_FLOOR")
    importlib.reload(backpain.urls)
    clear_url_caches()


def test_floor_page_is_the_base_layout_for_signed_in_staff(floor_enabled, physician_client):
    response = physician_client.get("/bench/floor/")
    assert response.status_code == 200
    assert b"<nav" in response.content and b"Sign out" in response.content
    assert Client().get("/bench/floor/").status_code == 302  # anonymous: to the sign-in page


def test_floor_page_does_not_exist_unless_enabled(physician_client):
    assert physician_client.get("/bench/floor/").status_code == 404


def figures(page_p95, floor_p95=0.01):
    timing = {"p50": floor_p95, "p95": floor_p95, "n": 10, "failed": 0}
    return {"size": 1000,
            "pages": {"floor": {"16": timing},
                      "review": {"16": {**timing, "p95": page_p95}}},
            "queries": {"floor": {"queries": 5}, "review": {"queries": 20}},
            "pdf": {"note_s": 0.3, "plain_s": 0.2},
            "exports": {"csv": {"rows": 100, "seconds": 1.0},
                        "fhir": {"rows": 100, "seconds": 20.0},
                        "copy": {"rows": 100, "seconds": 0.5}},
            "rss_mib": {"csv": 120, "csv before": 100, "fhir": 160, "fhir before": 100}}


def test_table_passes_a_page_within_twice_the_floor_and_fails_one_beyond():
    assert "| review: p95 / floor p95, 16 clients | 1.5x | <= 2x | PASS |" in markdown(
        figures(0.015), None)
    assert "| review: p95 / floor p95, 16 clients | 3.0x | <= 2x | FAIL |" in markdown(
        figures(0.03), None)


def test_table_judges_exports_pdf_and_memory():
    table = markdown(figures(0.015), None)
    assert "= 2.0x | <= 3x | PASS |" in table  # CSV: 1 s against COPY's 0.5 s
    assert "= 40.0x | <= 10x | FAIL |" in table  # FHIR
    assert "| PDF: note vs plain WeasyPrint (same text length) | 300 ms vs 200 ms = 1.5x" in table
    assert "| FHIR export peak RSS (before the export) | 160 MiB (100) | < 150 MiB, flat | FAIL |" \
        in table


def export_job(state, step_p95_during):
    timing = {"p50": 0.01, "p95": 0.02, "n": 60}
    return {"clients": 4, "page": "history GET", "failed": 0,
            "before": {"step": timing, "floor": {**timing, "p95": 0.005}},
            "during": {"step": {**timing, "p95": step_p95_during},
                       "floor": {**timing, "p95": 0.008}},
            "job": {"state": state, "rows": 900, "seconds": 4.0, "rows_per_second": 225.0,
                    "progress_seen": [0, 400, 900], "polls": 4}}


def test_table_reports_the_pages_while_an_export_job_runs():
    table = markdown({**figures(0.015), "export_job": export_job("done", 0.03)}, None)
    assert ("| export job (CSV of every signed visit, a Celery worker) | done, 900 rows in "
            "4.0 s, 3 progress values seen | done, every row | PASS |") in table
    assert "| history GET p95 at 4 clients, during / before the export job | 30 ms / 20 ms = " \
        "1.5x | (reported) | n/a |" in table
    assert "| history GET | during the export | 10.0 | 30.0 | 60 |" in table
    failed = markdown({**figures(0.015), "export_job": export_job("failed", 0.03)}, None)
    assert "| done, every row | FAIL |" in failed


def test_table_without_redis_leaves_the_export_job_out():
    assert "export job" not in markdown({**figures(0.015), "export_job": None}, None)
