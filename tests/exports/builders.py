"""Test data for exports: signed visits made cheaply (no PDF rendering), and a fully filled one."""

import datetime
import hashlib
import itertools
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

from backpain.notes.content import content_hash, note_document
from backpain.notes.models import Addendum, NoteVersion, Signature
from backpain.visits.models import (
    Assessment,
    DiagnosticStudy,
    Examination,
    History,
    Labs,
    Plan,
    Questionnaires,
    Visit,
)
from backpain.visits.services import visit_with_steps
from tests.factories import PatientFactory, VisitFactory

PDF_BYTES = b"%PDF-1.7\n% a stored note for the export tests\n%%EOF\n"


def add_version_2(visit, physician, pdf: bytes | None = None, *, printed_name="Jane Doe",
                  credentials="MD") -> NoteVersion:
    """A signed addendum: version 2 of the note, its PDF stored (`pdf`) or, without one, still
    being prepared by the worker; signed in the name given."""
    addendum = Addendum.objects.create(visit=visit, text="Correction", reason="Typo",
                                       author=physician)
    signature = Signature.objects.create(
        visit=visit, addendum=addendum, signer=physician, printed_name=printed_name,
        credentials=credentials, meaning="addendum", signed_at=timezone.now(),
        content_hash="1" * 64, content={})
    version = NoteVersion(visit=visit, number=2, signature=signature)
    if pdf is not None:
        version.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        version.pdf.save(version.download_name, ContentFile(pdf), save=False)
    version.save()
    type(visit).objects.filter(pk=visit.pk).update(status="amended")
    return version


def sign(visit, physician, pdf=PDF_BYTES, status="signed"):
    """Sign a visit whose steps are saved: signature, stored PDF (not rendered), status."""
    document = note_document(visit_with_steps(visit.pk))
    signature = Signature.objects.create(
        visit=visit, signer=physician, printed_name=physician.printed_name or "Jane Doe",
        credentials=physician.credentials, meaning="authored", signed_at=timezone.now(),
        content_hash=content_hash(document), content=document)
    version = NoteVersion(visit=visit, number=1, signature=signature,
                          pdf_sha256=hashlib.sha256(pdf).hexdigest())
    version.pdf.save(version.download_name, ContentFile(pdf), save=False)
    version.save()
    Visit.objects.filter(pk=visit.pk).update(status=status)
    return version


def simple_visit(clinic, physician, *, visit_date=None, red_flag=False, signed=True,
                 intake=None, **visit_fields):
    """A visit with history and exam; a red flag (cauda equina) when asked for."""
    patient = PatientFactory(clinic=clinic)
    visit = VisitFactory(patient=patient, assigned_physician=physician,
                         visit_date=visit_date or datetime.date(2024, 5, 10),
                         **({"created_by": intake} if intake else {}), **visit_fields)
    History.objects.create(visit=visit, regions=["lumbar"], onset="gradual", pain_now=4,
                           bladder_dysfunction="retention" if red_flag else "none")
    Examination.objects.create(visit=visit, gait="normal")
    DiagnosticStudy.objects.create(visit=visit, modality="xray", region="lumbar",
                                   status="resulted", findings=["degenerative"])
    Plan.objects.create(visit=visit, disposition="routine", follow_up_weeks=6)
    if signed:
        sign(visit, physician)
    return Visit.objects.get(pk=visit.pk)


def value_for(field, n):
    """A valid, non-empty value of a step field, varied from field to field by `n`."""
    vocabulary = getattr(field, "vocabulary", None)
    if vocabulary is not None:
        values = [v for v in vocabulary.values if v not in ("none", "nothing")]
        return [values[n % len(values)], values[(n + 1) % len(values)]]
    if isinstance(field, models.BooleanField):
        return n % 2 == 0
    if field.choices:
        values = [v for v, _ in field.choices if v not in ("none", "nothing")]
        return values[n % len(values)]
    if isinstance(field, models.DecimalField):
        low, high = field.bounds
        return Decimal(str(low + (n % (high - low)) + 0.3)).quantize(Decimal("0.1"))
    if isinstance(field, models.PositiveSmallIntegerField):
        low, high = field.bounds
        return low + (n % (high - low + 1))
    if isinstance(field, models.DateField):
        return datetime.date(2024, 5, 1) - datetime.timedelta(days=n)
    if isinstance(field, models.TextField):
        return f"Distinctive text {n}: =cmd|' /C calc'!A0"
    raise AssertionError(f"no test value for {field}")


def filled(model, counter, **fixed):
    values = {}
    for name in model.finding_field_names():
        if name not in fixed:
            values[name] = value_for(model._meta.get_field(name), next(counter))
    return {**values, **fixed}


def fully_filled_visit(clinic, physician, intake):
    """Every field of docs/findings.md recorded with a distinctive value, then signed."""
    counter = itertools.count(1)
    patient = PatientFactory(clinic=clinic, mrn="+MRN-77", family_name="Ngata",
                             given_name="Aroha", date_of_birth=datetime.date(1961, 2, 3),
                             sex="other")
    visit = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                         visit_date=datetime.date(2024, 5, 10), visit_type="post_op",
                         chief_complaint="@SUM(1+1) back pain after surgery")
    # Distinctive, and consistent as the engine checks across fields (docs/findings.md):
    # pain ratings in order, both legs for the onset in both legs, cancer for metastases.
    History.objects.create(visit=visit, **filled(
        History, counter, pain_best=2, pain_now=5, pain_worst=8, radiation_side="bilateral",
        cancer_history=True))
    Examination.objects.create(visit=visit, **filled(Examination, counter))
    Questionnaires.objects.create(visit=visit, **filled(Questionnaires, counter))
    Labs.objects.create(visit=visit, **filled(Labs, counter))
    for _ in range(2):
        DiagnosticStudy.objects.create(visit=visit, **filled(DiagnosticStudy, counter))
    Assessment.objects.create(
        visit=visit, confirmed_patterns=["radicular", "neurogenic_claudication"],
        override_reason="Physician differs: -distinct reason", diagnoses=["M54.16", "G83.4"],
        acknowledged_red_flags=["cauda_equina_syndrome"],
        impression="=HYPERLINK(\"x\") impression, in the physician's words")
    Plan.objects.create(visit=visit, **filled(Plan, counter))
    sign(visit, physician)
    return Visit.objects.get(pk=visit.pk)
