"""The demo clinic's visits (backpain/visits/demo.py) opened on a fixed day, and their notes:
the same notes on any day the tests run."""

import datetime

from django.conf import settings
from django.core.management import call_command

from backpain.accounts.models import User
from backpain.notes.content import note_document
from backpain.visits.demo import DEMO_VISITS, load_demo_visits
from backpain.visits.models import Visit
from backpain.visits.services import visit_with_steps

DEMO_DAY = datetime.date(2026, 11, 25)
# The demo's typical visit: every step recorded, a negative screen, a normal neurological exam.
TYPICAL = "RSC-100109"
DEMO_MRNS = tuple(mrn for mrn, *_ in DEMO_VISITS)


def load_demo_clinic():
    call_command("loaddata", str(settings.BASE_DIR / "fixtures/demo.json"), verbosity=0)
    users = {u.username: u for u in User.objects.filter(username__in=["intake", "physician"])}
    load_demo_visits(users["intake"].clinic, users["intake"], users["physician"],
                     today=DEMO_DAY)


def demo_document(mrn) -> dict:
    visit = Visit.objects.get(patient__mrn=mrn)
    return note_document(visit_with_steps(visit.pk))
