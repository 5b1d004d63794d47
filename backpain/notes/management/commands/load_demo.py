"""Load the demo clinic, its users, patients and visits (idempotent), sign its finished visits,
and print the demo logins. In the notes app because it signs: the app that signs stands above
the visits it signs (tests/test_import_layers.py)."""

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
        created, signed = self.load_visits()
        if created:
            self.stdout.write(f"{created} demo visits opened.")
        if signed:
            self.stdout.write(f"{signed} demo notes signed or amended (PDFs stored).")
        self.stdout.write(self.style.SUCCESS("Demo clinic loaded. Demo logins:"))
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<10} / {DEMO_PASSWORD}   ({role})")

    def load_visits(self):
        from backpain.accounts.models import User
        from backpain.visits.demo import load_demo_course, load_demo_visits

        from ...demo import sign_demo_notes

        users = {u.username: u for u in User.objects.filter(username__in=["intake", "physician"],
                                                               is_demo=True)}
        if len(users) < 2:
            return 0, 0
        clinic = users["intake"].clinic
        created = load_demo_visits(clinic, users["intake"], users["physician"])
        # The episode's visits are signed in date order, so each follow-up's note carries the
        # series and the changes since the visit before; then its treatments and next booking.
        signed = sign_demo_notes(users["physician"])
        created += load_demo_course(clinic, users["intake"], users["physician"])
        return created, signed
