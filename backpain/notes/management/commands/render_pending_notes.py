"""Queue the PDF of every signed note version still without one (after the broker was down)."""

from django.core.management.base import BaseCommand

from backpain.notes.signed_pdfs import pending_versions
from backpain.notes.tasks import queue_pending_pdfs


class Command(BaseCommand):
    help = ("Queue the PDF of every signed note version still waiting for one: after the "
            "queue was unreachable at a signing, or a job gave up its retries. Safe to run at "
            "any time (a PDF already stored is left alone); without a broker the PDFs are "
            "made here and now.")

    def handle(self, *args, **options):
        waiting = len(pending_versions())
        queued = queue_pending_pdfs()
        self.stdout.write(f"Queued {queued} of {waiting} pending note PDF(s).")
        if queued < waiting:
            self.stderr.write(f"{waiting - queued} could not be queued (or, without a broker, "
                              "made); see the log, then run "
                              "this again.")
