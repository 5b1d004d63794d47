"""Load the demo clinic, its users and patients (idempotent), and print the demo logins."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DEMO_FIXTURES = ["fixtures/demo.json"]
DEMO_PASSWORD = "backpain-demo"  # noqa: S105 (published demo password, refused in production)
DEMO_LOGINS = [("intake", "Intake staff"), ("physician", "Physician"), ("admin", "Administrator")]


class Command(BaseCommand):
    help = "Load the demo clinic (idempotent: fixed keys are updated, not duplicated)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded when DJANGO_ENV=production.")
        for fixture in DEMO_FIXTURES:
            call_command("loaddata", str(settings.BASE_DIR / fixture), verbosity=0)
        created = self.load_visits()
        if created:
            self.stdout.write(f"{created} demo visits opened.")
        self.stdout.write(self.style.SUCCESS("Demo clinic loaded. Demo logins:"))
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<10} / {DEMO_PASSWORD}   ({role})")

    def load_visits(self):
        from backpain.accounts.models import User
        from backpain.visits.demo import load_demo_visits

        users = {u.username: u for u in User.objects.filter(username__in=["intake", "physician"],
                                                               is_demo=True)}
        if len(users) < 2:
            return 0
        return load_demo_visits(users["intake"].clinic, users["intake"], users["physician"])
