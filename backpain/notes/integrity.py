"""Whether every signed note is still as it was signed, for `manage.py verify_notes` (after a
restore, or on a schedule): the content its signatures bind, each stored PDF's SHA-256, and the
PDF's PAdES signature against the clinic's certificate (docs/operations.md "Verifying the
signed notes").
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .models import NoteVersion
from .services import verify_note
from .signed_pdfs import read_with_digest


@dataclass
class NoteIntegrity:
    visit_id: int
    problems: list[str] = field(default_factory=list)
    # Versions whose PDF a worker has not stored yet (signing commits before the PDF exists).
    pending: list[int] = field(default_factory=list)


def read_stored(version) -> tuple[str, bytes]:
    """The stored PDF's SHA-256, read through the storage API in chunks, and its bytes for the
    signature check (one note's PDF, not the whole archive, is held at a time)."""
    with version.pdf.open("rb") as stored:
        return read_with_digest(stored)


def pades_problem(pdf: bytes, number: int, allow_unsigned: bool) -> str | None:
    from . import pades  # pyHanko loaded where a signature is checked, not on import

    try:
        check = pades.check_pdf_signature(pdf)
    except Exception as error:  # a PDF too damaged to parse is reported, not raised
        return _("The PAdES signature of the PDF of version %(number)d could not be read "
                 "(%(error)s).") % {"number": number, "error": type(error).__name__}
    if not check.signed:
        return None if allow_unsigned else _(
            "The PDF of version %(number)d carries no PAdES signature.") % {"number": number}
    if not check.intact:
        return _("The PAdES signature of the PDF of version %(number)d is broken: the file "
                 "changed after it was signed.") % {"number": number}
    if not check.trusted:
        return _("The PDF of version %(number)d is signed by a certificate other than the "
                 "clinic's (NOTE_SIGNING_CERT, NOTE_SIGNING_TRUSTED_CERTS).") % {"number": number}
    return None


def version_problems(version, allow_unsigned: bool) -> list[str]:
    try:
        digest, pdf = read_stored(version)
    except OSError:
        return [_("The PDF of version %(number)d is missing from storage.")
                % {"number": version.number}]
    problems = []
    if digest != version.pdf_sha256:
        problems.append(_("The PDF of version %(number)d does not match its recorded SHA-256.")
                        % {"number": version.number})
    if problem := pades_problem(pdf, version.number, allow_unsigned):
        problems.append(problem)
    return problems


def content_problems(visit) -> list[str]:
    """What verify_note finds: the signed content against its hashes and the record."""
    try:
        return [str(problem) for problem in verify_note(visit).problems]
    except Exception as error:  # one unreadable note must not stop the check of the others
        return [_("The note could not be checked (%(error)s).") % {"error": type(error).__name__}]


def check_note(visit, *, allow_unsigned: bool = False) -> NoteIntegrity:
    result = NoteIntegrity(visit.pk, content_problems(visit))
    for version in NoteVersion.objects.filter(visit=visit).order_by("number"):
        if not version.pdf:
            result.pending.append(version.number)
        else:
            result.problems += version_problems(version, allow_unsigned)
    return result


def trust_root_missing() -> bool:
    return not Path(settings.NOTE_SIGNING_CERT).is_file()
