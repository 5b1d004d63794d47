"""Make a self-signed certificate and key for signing note PDFs (a demo or test clinic)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from backpain.accounts.models import Clinic
from backpain.notes.pades import create_certificate


class Command(BaseCommand):
    help = ("Create a self-signed certificate and key at NOTE_SIGNING_CERT / NOTE_SIGNING_KEY. "
            "A real clinic uses a certificate from its certificate authority instead.")

    def add_arguments(self, parser):
        parser.add_argument("--clinic", type=int, help="clinic id (default: the first clinic)")
        parser.add_argument("--name", help="the clinic's name in the certificate (before "
                                           "the clinic is registered)")
        parser.add_argument("--if-missing", action="store_true",
                            help="do nothing when a certificate is already configured")
        parser.add_argument("--force", action="store_true",
                            help="replace an existing certificate and key")

    def handle(self, *args, **options):
        key_path, cert_path = Path(settings.NOTE_SIGNING_KEY), Path(settings.NOTE_SIGNING_CERT)
        exists = key_path.exists() or cert_path.exists()
        if exists and options["if_missing"]:
            return
        if exists and not options["force"]:
            raise CommandError(f"{cert_path} or {key_path} exists: use --force to replace it.")
        clinics = Clinic.objects.order_by("pk")
        try:
            clinic = (clinics.filter(pk=options["clinic"]) if options["clinic"]
                      else clinics).first()
        except DatabaseError:  # before `migrate`: the certificate needs no database
            clinic = None
        if options["clinic"] and clinic is None:
            raise CommandError(f"No clinic with id {options['clinic']}.")
        name = options["name"] or (clinic.name if clinic else "backpain demo clinic")
        create_certificate(clinic_name=name, key_path=key_path, cert_path=cert_path)
        self.stdout.write(self.style.SUCCESS(
            f"Self-signed signing certificate for {name!r} written to {cert_path}"))
