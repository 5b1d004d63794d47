"""Scripted, scheduled exports: the web page's exports written to a file, and audited alike."""

import json
import os
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backpain.accounts.models import Clinic
from backpain.exports.selectors import ExportFilters, RedFlagChoice, StatusChoice
from backpain.exports.services import ExportFormat, export_visits

ACTOR = "manage.py export_visits"


def iso_date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = ("Export a clinic's visits as CSV, FHIR NDJSON or a ZIP of the signed PDFs. "
            "Writes an audit event with the filters and the number of visits.")

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=ExportFormat.ALL,
                            dest="export_format")
        parser.add_argument("--from", dest="date_from", type=iso_date, metavar="DATE",
                            help="first visit date (YYYY-MM-DD)")
        parser.add_argument("--to", dest="date_to", type=iso_date, metavar="DATE",
                            help="last visit date (YYYY-MM-DD)")
        parser.add_argument("-o", "--output", required=True, metavar="PATH",
                            help='file to write ("-" writes to standard output)')
        parser.add_argument("--clinic", type=int, metavar="ID",
                            help="the clinic's id (required when there are several)")
        parser.add_argument("--status", choices=[c for c, _ in StatusChoice.CHOICES],
                            default=StatusChoice.SIGNED, help="default: signed or amended")
        parser.add_argument("--red-flags", choices=[c for c, _ in RedFlagChoice.CHOICES],
                            default=RedFlagChoice.ANY, dest="red_flags")
        parser.add_argument("--physician", type=int, metavar="USER_ID")
        parser.add_argument("--validate", action="store_true",
                            help="FHIR only: validate every Bundle with fhir.resources first")

    def handle(self, *args, export_format, output, **options):
        clinic = self.clinic(options["clinic"])
        if options["date_from"] and options["date_to"] and options["date_from"] > \
                options["date_to"]:
            raise CommandError("--from is after --to.")
        filters = ExportFilters(date_from=options["date_from"], date_to=options["date_to"],
                                physician_id=options["physician"], status=options["status"],
                                red_flags=options["red_flags"])
        stream = export_visits(export_format=export_format, filters=filters,
                               clinic_id=clinic.pk, actor=ACTOR)
        chunks = stream.chunks
        if options["validate"] and export_format == ExportFormat.FHIR:
            chunks = validated(chunks)
        if output == "-":
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
        else:
            write_file(Path(output), chunks)
            self.stderr.write(f"Exported {stream.row_count} visit(s) of {clinic} to {output}.")

    def clinic(self, clinic_id):
        if clinic_id is not None:
            try:
                return Clinic.objects.get(pk=clinic_id)
            except Clinic.DoesNotExist:
                raise CommandError(f"No clinic has id {clinic_id}.") from None
        clinics = list(Clinic.objects.all()[:2])
        if len(clinics) != 1:
            raise CommandError("Name the clinic with --clinic ID "
                               f"({'several clinics exist' if clinics else 'no clinic exists'}).")
        return clinics[0]


def write_file(path, chunks):
    """Write beside the target and rename at the end: a scheduled job never leaves a
    half-written export under the final name. Owner-only: the file holds patient data."""
    partial = path.with_name(f".{path.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def validated(chunks):
    """Pass NDJSON through, validating each Bundle line against the FHIR R4B models."""
    from fhir.resources.R4B.bundle import Bundle

    pending, number = b"", 0
    for chunk in chunks:
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            number += 1
            try:
                Bundle.model_validate(json.loads(line))
            except ValueError as error:
                raise CommandError(f"Bundle on line {number} is not valid FHIR: {error}") \
                    from error
        yield b"".join(line + b"\n" for line in lines)
