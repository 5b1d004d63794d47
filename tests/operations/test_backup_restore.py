"""Backup and restore as docs/operations.md describes them: `pg_dump -Fc` of a clinic's
database and a copy of its storage folder, restored into a fresh database beside the copy; then
`manage.py migrate` and `manage.py verify_notes` find every signed note intact, PAdES signatures
included, and name the one visit whose PDF is altered in the restored copy."""

import json
import shutil

import pytest

from backpain.notes.models import NoteVersion
from tests.manage_process import manage

from .postgres import database_url, fresh_database, pg, require_postgres

NOTES = 3  # signed notes; the first two also carry a signed addendum
# The clinic of the backup, made in the source database by the test factories and signed
# through the same services as a physician's signature.
POPULATE = f"""
import json
from backpain.accounts.roles import Role
from backpain.notes.services import record_addendum, record_signature
from tests.conftest import make_ready_to_sign
from tests.factories import ClinicFactory, PatientFactory, UserFactory, VisitFactory
clinic = ClinicFactory(name="Riverside Spine Clinic")
doctor = UserFactory(clinic=clinic, username="dr-doe", role=Role.PHYSICIAN,
                     printed_name="Jane Doe", credentials="MD")
visits = []
for number in range({NOTES}):
    visit = make_ready_to_sign(VisitFactory(patient=PatientFactory(clinic=clinic),
                                            created_by=doctor, assigned_physician=doctor), doctor)
    record_signature(request=None, user=doctor, visit=visit, meaning="authored")
    if number < 2:
        record_addendum(request=None, user=doctor, visit=visit, text="MRI reviewed.",
                        reason="Result arrived after signing")
    visits.append(visit.pk)
print(json.dumps(visits))
"""


def run(*args, **env):
    result = manage(*args, **env)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture
def site(tmp_path, clinic_signing_certificate):
    """What the deployment keeps apart from the database: its storage folders and the
    clinic's certificate and key; jobs run in-process (no broker)."""
    key, cert = clinic_signing_certificate

    def environment(database: str, media: str) -> dict:
        return {"DATABASE_URL": database_url(database), "MEDIA_ROOT": str(tmp_path / media),
                "NOTE_SIGNING_KEY": str(key), "NOTE_SIGNING_CERT": str(cert),
                "REDIS_URL": "", "CELERY_BROKER_URL": ""}
    return environment


def test_a_restored_backup_verifies_every_note_and_names_a_tampered_one(site, tmp_path):
    require_postgres()
    with fresh_database("backup_source") as source, fresh_database("restored") as restored:
        original = site(source, "media")
        run("migrate", "--noinput", **original)
        visits = json.loads(run("shell", "--no-imports", "-c", POPULATE, **original)
                            .stdout.strip().splitlines()[-1])

        # The backup: the database in PostgreSQL's custom format, the storage folder copied.
        dump = tmp_path / "backpain.dump"
        pg("pg_dump", "-Fc", "-d", source, "-f", str(dump))
        shutil.copytree(tmp_path / "media", tmp_path / "media-restored")

        # The restore, into a database that has never seen the app.
        copy = site(restored, "media-restored")
        pg("pg_restore", "--no-owner", "-d", restored, str(dump))
        run("migrate", "--noinput", **copy)
        verified = run("verify_notes", **copy)
        assert f"{NOTES} signed note(s) checked: {NOTES} verified, 0 failed" in verified.stdout

        pdfs = sorted((tmp_path / "media-restored").rglob("*.pdf"))
        assert len(pdfs) == NOTES + 2  # each note's version 1 and the two addenda
        tampered = next(path for path in pdfs
                        if path.name == NoteVersion(visit_id=visits[2], number=1).download_name)
        pdf = tampered.read_bytes()
        position = pdf.index(b"/Type /Page")
        tampered.write_bytes(pdf[:position] + b"X" + pdf[position + 1:])

        result = manage("verify_notes", **copy)
        assert result.returncode == 1, result.stdout + result.stderr
        failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
        assert len(failed) == 1 and failed[0].startswith(f"FAILED visit {visits[2]}:")
        assert f"{NOTES - 1} verified, 1 failed" in result.stdout
