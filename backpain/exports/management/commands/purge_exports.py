"""Delete the export files kept past EXPORT_RETENTION_HOURS (their jobs stay, marked expired).

Celery beat runs the same cleanup hourly (settings.CELERY_BEAT_SCHEDULE); where no beat
process runs (one server, no Redis), run this command from cron, e.g. hourly:
    17 * * * *  cd /srv/backpain && .venv/bin/python manage.py purge_exports
"""

from django.core.management.base import BaseCommand

from backpain.exports.jobs import purge_expired_exports


class Command(BaseCommand):
    help = "Delete the export files kept past EXPORT_RETENTION_HOURS."

    def handle(self, *args, **options):
        purged = purge_expired_exports()
        self.stdout.write(f"Deleted {purged} expired export file(s).")
