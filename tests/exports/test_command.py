"""manage.py export_visits: the same exports, for scripts and schedules, audited alike."""

import stat

import pytest
from django.core.management import CommandError, call_command
from fhir.resources.R4B.bundle import Bundle

from backpain.audit.models import AuditAction, AuditEvent
from tests.factories import ClinicFactory

from .builders import simple_visit
from .helpers import bundles, csv_rows, manifest, zip_entries

pytestmark = pytest.mark.django_db


def export(tmp_path, *args, name="export"):
    path = tmp_path / name
    call_command("export_visits", *args, "-o", str(path))
    return path


def test_csv_for_a_date_range(tmp_path, clinic, physician):
    import datetime

    inside = simple_visit(clinic, physician, visit_date=datetime.date(2024, 4, 30))
    simple_visit(clinic, physician, visit_date=datetime.date(2024, 5, 1))
    path = export(tmp_path, "--format", "csv", "--from", "2024-04-01", "--to", "2024-04-30")
    assert [row["visit.id"] for row in csv_rows(path.read_bytes())] == [str(inside.pk)]
    # The file holds patient data: readable by its owner only.
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*.partial"))
    event = AuditEvent.objects.get(action=AuditAction.EXPORTED)
    assert event.user is None and event.username == "manage.py export_visits"
    assert event.clinic_id == clinic.pk
    assert event.details["row_count"] == 1
    assert event.details["filters"]["date_from"] == "2024-04-01"


def test_fhir_validated(tmp_path, clinic, physician):
    simple_visit(clinic, physician, red_flag=True)
    path = export(tmp_path, "--format", "fhir", "--validate")
    [bundle] = bundles(path.read_bytes())
    Bundle.model_validate(bundle)


def test_pdf_zip(tmp_path, clinic, physician):
    visit = simple_visit(clinic, physician)
    path = export(tmp_path, "--format", "pdf-zip", "--clinic", str(clinic.pk))
    entries = zip_entries(path.read_bytes())
    assert f"visit-{visit.pk}-note-v1.pdf" in entries
    assert manifest(entries)[0]["file_check"] == "ok"


def test_several_clinics_need_one_named(tmp_path, clinic, other_clinic):
    with pytest.raises(CommandError, match="--clinic"):
        export(tmp_path, "--format", "csv")
    with pytest.raises(CommandError, match="No clinic"):
        export(tmp_path, "--format", "csv", "--clinic", "999999")
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()


def test_only_the_named_clinic(tmp_path, clinic, physician):
    other = ClinicFactory()
    simple_visit(clinic, physician)
    path = export(tmp_path, "--format", "csv", "--clinic", str(other.pk))
    assert csv_rows(path.read_bytes()) == []


@pytest.mark.parametrize("args", [["--from", "2024-13-01"], ["--from", "2024-05-02",
                                                             "--to", "2024-05-01"]])
def test_bad_dates(tmp_path, clinic, args):
    with pytest.raises(CommandError):
        export(tmp_path, "--format", "csv", *args)


def test_standard_output(capsysbinary, clinic, physician):
    simple_visit(clinic, physician)
    call_command("export_visits", "--format", "fhir", "-o", "-")
    [bundle] = bundles(capsysbinary.readouterr().out)
    assert bundle["resourceType"] == "Bundle"
