"""Many signed visits made in bulk, and the peak memory of an export measured with tracemalloc.

Used by tests/exports/test_memory.py and by bench/export_memory.py.
"""

import datetime
import hashlib
import tracemalloc

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from backpain.episodes.models import Episode
from backpain.exports.selectors import ExportFilters
from backpain.exports.services import export_visits
from backpain.notes.content import content_hash, note_document
from backpain.notes.models import NoteVersion, Signature
from backpain.patients.models import Patient
from backpain.visits.models import DiagnosticStudy, Examination, History, Plan, Visit
from backpain.visits.services import visit_with_steps

PDF_BYTES = b"%PDF-1.7\n" + b"% padding of a small stored note\n" * 600 + b"%%EOF\n"


def bulk_signed_visits(count, *, clinic, physician, created_by, start=0):
    """`count` signed visits with history, exam, a study and a plan; every third flagged."""
    numbers = range(start, start + count)
    patients = Patient.objects.bulk_create([
        Patient(clinic=clinic, mrn=f"BULK{n:07d}", family_name=f"Family{n}", given_name="Pat",
                date_of_birth=datetime.date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                sex="female" if n % 2 else "male") for n in numbers])
    # bulk_create skips Visit.save, which would give each visit its episode.
    episodes = Episode.objects.bulk_create([
        Episode(patient=patient, condition="Low back pain",
                start_date=datetime.date(2024, 1, 1) + datetime.timedelta(n % 360),
                index_date=datetime.date(2024, 1, 1) + datetime.timedelta(n % 360))
        for n, patient in zip(numbers, patients, strict=True)])
    visits = Visit.objects.bulk_create([
        Visit(patient=patient, episode=episode,
              visit_date=datetime.date(2024, 1, 1) + datetime.timedelta(n % 360),
              visit_type="new", chief_complaint="Low back pain", assigned_physician=physician,
              created_by=created_by)
        for n, patient, episode in zip(numbers, patients, episodes, strict=True)])
    History.objects.bulk_create([
        History(visit=visit, regions=["lumbar"], onset="gradual", pain_now=n % 11,
                radiation=["buttock", "below_knee"], radiation_side="left",
                bladder_dysfunction="retention" if n % 3 == 0 else "none",
                saddle_numbness=False, fever=False, cancer_history=False)
        for n, visit in zip(numbers, visits, strict=True)])
    Examination.objects.bulk_create([
        Examination(visit=visit, gait="antalgic", motor_l5_left=4, motor_l5_right=5,
                    slr_left=True) for visit in visits])
    DiagnosticStudy.objects.bulk_create([
        DiagnosticStudy(visit=visit, modality="mri", region="lumbar", status="resulted",
                        findings=["disc_herniation"], impression="L4/5 disc protrusion")
        for visit in visits])
    Plan.objects.bulk_create([Plan(visit=visit, disposition="routine", follow_up_weeks=6,
                                   medications=["nsaid"]) for visit in visits])
    # One signed document and one stored PDF serve every visit: the size is what matters.
    document = note_document(visit_with_steps(visits[0].pk))
    pdf_name = default_storage.save("notes/bulk.pdf", ContentFile(PDF_BYTES))
    now = timezone.now()
    signatures = Signature.objects.bulk_create([
        Signature(visit=visit, signer=physician, printed_name="Jane Doe", credentials="MD",
                  meaning="authored", signed_at=now, content_hash=content_hash(document),
                  content=document) for visit in visits])
    NoteVersion.objects.bulk_create([
        NoteVersion(visit=visit, number=1, signature=signature, pdf=pdf_name,
                    pdf_sha256=hashlib.sha256(PDF_BYTES).hexdigest())
        for visit, signature in zip(visits, signatures, strict=True)])
    Visit.objects.filter(pk__in=[visit.pk for visit in visits]).update(status="signed")
    return visits


def peak_export_memory(export_format, clinic_id) -> tuple[int, int]:
    """(peak bytes allocated while exporting, bytes exported); the output is discarded."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline, _ = tracemalloc.get_traced_memory()
        stream = export_visits(export_format=export_format, filters=ExportFilters(),
                               clinic_id=clinic_id, actor="memory measurement")
        size = sum(len(chunk) for chunk in stream.chunks)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - baseline, size
