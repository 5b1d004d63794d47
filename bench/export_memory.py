"""Peak memory of each export (CSV, FHIR, ZIP) as the number of signed visits grows.

    .venv/bin/python bench/export_memory.py [COUNT ...]     (default: 400 2000 5000)

Runs on a scratch SQLite database in a temporary folder (or on BENCH_DATABASE_URL, which must
name a database the bench may fill), measures with tracemalloc, and prints one line per
export. Flat memory means the peak column stays put while the size column grows.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(counts):
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from backpain.accounts.models import Clinic, User
    from backpain.accounts.roles import Role
    from tests.exports.memory import bulk_signed_visits, peak_export_memory

    clinic = Clinic.objects.create(name="Bench clinic")
    physician = User.objects.create(username="bench-physician", clinic=clinic,
                                    printed_name="Jane Doe", credentials="MD")
    physician.groups.add(Group.objects.get(name=Role.PHYSICIAN.value))
    from backpain.exports.selectors import ExportFilters
    from backpain.exports.services import export_visits

    made = 0
    print(f"{'visits':>7} {'format':<8} {'peak MiB':>9} {'export MiB':>11}")
    for count in sorted(counts):
        bulk_signed_visits(count - made, clinic=clinic, physician=physician,
                           created_by=physician, start=made)
        if made == 0:  # first use loads modules and URL patterns: not the export's memory
            for export_format in ("csv", "fhir", "pdf-zip"):
                b"".join(export_visits(export_format=export_format, filters=ExportFilters(),
                                       clinic_id=clinic.pk, actor="warm-up").chunks)
        made = count
        for export_format in ("csv", "fhir", "pdf-zip"):
            peak, size = peak_export_memory(export_format, clinic.pk)
            print(f"{count:>7} {export_format:<8} {peak / 2**20:>9.1f} {size / 2**20:>11.1f}",
                  flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["DATABASE_URL"] = os.environ.get(
            "BENCH_DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
        os.environ["MEDIA_ROOT"] = f"{scratch}/media"
        os.environ["DJANGO_SETTINGS_MODULE"] = "backpain.settings"
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        main([int(arg) for arg in sys.argv[1:]] or [400, 2000, 5000])
