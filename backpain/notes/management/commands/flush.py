"""Django's `flush`, allowed past the TRUNCATE triggers of notes migration 0003 outside
production only: the tests empty their database with it; a production record is never
emptied by a command (there the triggers refuse, as they refuse any TRUNCATE)."""

from django.conf import settings
from django.core.management.commands import flush
from django.db import connections


class Command(flush.Command):
    help = flush.Command.help + " Refused in production for the clinical record and audit trail."

    def handle(self, **options):
        connection = connections[options["database"]]
        allowed = connection.vendor == "postgresql" and not settings.PRODUCTION
        if allowed:
            with connection.cursor() as cursor:
                cursor.execute("SET backpain.allow_truncate = 'on'")
        try:
            return super().handle(**options)
        finally:
            if allowed:
                with connection.cursor() as cursor:
                    cursor.execute("RESET backpain.allow_truncate")
