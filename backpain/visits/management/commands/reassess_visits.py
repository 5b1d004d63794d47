"""After a rules upgrade: re-assess every unsigned visit whose stored assessment is missing or
was made by other rules (signed visits keep the assessment they were signed with)."""

from django.core.management.base import BaseCommand
from django.db.models import Q

from backpain.clinical.result import RULES_VERSION
from backpain.visits import assessments
from backpain.visits.models import Visit

BATCH = 500


class Command(BaseCommand):
    help = ("Re-assess unsigned visits whose stored assessment is missing or older than the "
            f"engine's rules (version {RULES_VERSION}).")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true",
                            help="re-assess every unsigned visit, whatever its rules version")

    def handle(self, *args, **options):
        visits = Visit.objects.exclude(status__in=("signed", "amended"))
        if not options["all"]:
            visits = visits.filter(Q(stored_assessment__isnull=True)
                                   | ~Q(stored_assessment__rules_version=RULES_VERSION))
        ids = list(visits.order_by("pk").values_list("pk", flat=True))
        done = 0
        for start in range(0, len(ids), BATCH):
            done += assessments.reassess(ids[start:start + BATCH])
        self.stdout.write(f"Re-assessed {done} unsigned visit(s) with rules {RULES_VERSION}.")
