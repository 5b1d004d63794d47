"""Check every signed note (or one visit's) as it stands in the database and the storage: one
line per note that fails, a summary, exit status 1 if any fails (docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from backpain.notes.integrity import check_note, trust_root_missing
from backpain.notes.models import Signature
from backpain.visits.models import Visit


class Command(BaseCommand):
    help = ("Verify every signed note: the content its signatures bind, each stored PDF "
            "against its recorded SHA-256, and the PDF's PAdES signature against the clinic's "
            "certificate (NOTE_SIGNING_CERT). Exit status 1 if any note fails.")

    def add_arguments(self, parser):
        parser.add_argument("--visit", type=int, help="check the note of this visit only")
        parser.add_argument("--strict", action="store_true",
                            help="count a version whose PDF is not stored yet as a failure")
        parser.add_argument("--allow-unsigned", action="store_true",
                            help="accept PDFs without a PAdES signature (notes signed before "
                                 "the clinic had a certificate)")

    def handle(self, *args, **options):
        if trust_root_missing():
            raise CommandError(_("The clinic's certificate (NOTE_SIGNING_CERT) is not there: "
                                 "restore it first; the PDFs' signatures are checked "
                                 "against it."))
        signed = Signature.objects.filter(addendum__isnull=True).values("visit_id")
        visits = Visit.objects.filter(pk__in=signed).order_by("pk")
        if options["visit"] is not None:
            visits = visits.filter(pk=options["visit"])
            if not visits.exists():
                raise CommandError(_("Visit %(id)d has no signed note.")
                                   % {"id": options["visit"]})
        counts = {"verified": 0, "failed": 0, "pending": 0}
        for visit in visits.iterator():
            outcome = self.report(check_note(visit, allow_unsigned=options["allow_unsigned"]),
                                  strict=options["strict"])
            counts[outcome] += 1
        self.stdout.write(_("%(checked)d signed note(s) checked: %(verified)d verified, "
                            "%(failed)d failed, %(pending)d with a PDF not stored yet.")
                          % {"checked": sum(counts.values()), **counts})
        if counts["failed"]:
            raise SystemExit(1)

    def report(self, result, *, strict: bool) -> str:
        """One line for a note that fails or waits for its PDF; returns which it is."""
        waiting = ", ".join(map(str, result.pending))
        problems = list(result.problems)
        if waiting and strict:
            problems.append(_("The PDF of version(s) %(numbers)s is not stored yet.")
                            % {"numbers": waiting})
        if problems:
            self.stdout.write(_("FAILED visit %(id)d: %(problems)s")
                              % {"id": result.visit_id, "problems": " ".join(problems)})
            return "failed"
        if waiting:
            self.stdout.write(_("PENDING visit %(id)d: the PDF of version(s) %(numbers)s is "
                                "being prepared.") % {"id": result.visit_id, "numbers": waiting})
            return "pending"
        return "verified"
