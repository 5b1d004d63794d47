"""Record the size and SHA-1 of every stored note PDF that lacks them (stored before notes
0005), reading each once: FHIR exports then never read a PDF back from storage."""

import hashlib

from django.core.management.base import BaseCommand, CommandError

from backpain.notes.models import NoteVersion
from backpain.notes.signed_pdfs import read_with_digest


class Command(BaseCommand):
    help = ("Record the size and SHA-1 of each stored note PDF that has none yet (PDFs stored "
            "before they were recorded), after checking the file against its SHA-256. Safe to "
            "run at any time; a file that is missing or no longer matches is reported and "
            "left as it is (manage.py verify_notes says more).")

    def handle(self, *args, **options):
        filled, problems = 0, []
        unfilled = (NoteVersion.objects.filter(pdf_sha1="").exclude(pdf="")
                    .only("pk", "visit_id", "number", "pdf", "pdf_sha256").order_by("pk"))
        for version in unfilled.iterator(chunk_size=500):
            try:
                with version.pdf.open("rb") as stored:
                    sha256, pdf = read_with_digest(stored)
            except (OSError, ValueError) as error:
                problems.append(f"{version}: cannot be read ({type(error).__name__})")
                continue
            if sha256 != version.pdf_sha256:
                problems.append(f"{version}: the stored file is not the PDF that was stored")
                continue
            version.fill_digests(len(pdf), hashlib.sha1(pdf, usedforsecurity=False).hexdigest())
            filled += 1
        self.stdout.write(f"Recorded the size and SHA-1 of {filled} note PDF(s).")
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} note PDF(s) could not be read or checked.")
