"""The cryptographic signature inside the note's PDF (PAdES), with the clinic's certificate.

The certificate and key come from settings (NOTE_SIGNING_CERT, NOTE_SIGNING_KEY); for a demo
clinic `manage.py create_signing_certificate` makes a self-signed pair. Without them the
PDF is stored unsigned and the deploy check says so.
"""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

FIELD_NAME = "ClinicSignature"


def configured() -> bool:
    return Path(settings.NOTE_SIGNING_KEY).is_file() and Path(settings.NOTE_SIGNING_CERT).is_file()


def passphrase():
    value = getattr(settings, "NOTE_SIGNING_KEY_PASSPHRASE", "")
    return value.encode() if value else None


def sign_pdf(pdf: bytes, *, reason: str, signer_name: str) -> bytes:
    """The PDF with a PAdES baseline signature by the clinic's certificate appended."""
    signer = signers.SimpleSigner.load(str(settings.NOTE_SIGNING_KEY),
                                       str(settings.NOTE_SIGNING_CERT),
                                       key_passphrase=passphrase())
    if signer is None:
        raise ValueError("the clinic's signing key or certificate could not be read")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    # A new field per signing: an addendum's PDF is a fresh rendering, signed anew.
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", reason=reason, name=signer_name,
        subfilter=fields.SigSeedSubFilter.PADES)
    output = signers.sign_pdf(writer, meta, signer=signer)
    return output.getvalue()


@dataclass
class PdfSignatureCheck:
    signed: bool
    intact: bool = False
    trusted: bool = False
    signer: str = ""


def trusted_certificate_paths() -> list[str]:
    """The clinic's certificate, and those it signed with before a renewal (or its CA's root):
    a note keeps verifying after the certificate is replaced (docs/security.md)."""
    return [str(settings.NOTE_SIGNING_CERT),
            *(str(path).strip() for path in settings.NOTE_SIGNING_TRUSTED_CERTS
              if str(path).strip())]


def check_pdf_signature(pdf: bytes, trust_cert_paths=None) -> PdfSignatureCheck:
    """Validate the embedded signature against the clinic's certificates as trust roots."""
    reader = PdfFileReader(io.BytesIO(pdf))
    if not reader.embedded_signatures:
        return PdfSignatureCheck(signed=False)
    roots = [load_cert_from_pemder(path)
             for path in (trust_cert_paths or trusted_certificate_paths())]
    status = validate_pdf_signature(reader.embedded_signatures[0],
                                    ValidationContext(trust_roots=roots))
    return PdfSignatureCheck(signed=True, intact=status.intact and status.valid,
                             trusted=status.trusted,
                             signer=status.signing_cert.subject.human_friendly)


def create_certificate(*, clinic_name: str, key_path: Path, cert_path: Path,
                       days: int = 825) -> None:
    """A self-signed RSA certificate naming the clinic, for demos and tests."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, clinic_name[:64]),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, clinic_name[:64])])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    encryption = (serialization.BestAvailableEncryption(passphrase()) if passphrase()
                  else serialization.NoEncryption())
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8, encryption))
    key_path.chmod(0o600)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
