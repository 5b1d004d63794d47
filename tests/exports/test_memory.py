"""Exports stream: the peak memory of 2,000 visits is that of 400, not five times more.

Memory is measured with tracemalloc (allocations by Python), never with a clock. At its
peak an export holds two chunks of visits (Django reads the next while the last is still
referenced), so the smaller export is two chunks long: from there on, memory stays flat.
"""

import gc
import weakref

import pytest

from backpain.exports.selectors import CHUNK_SIZE, ExportFilters, chunk_records
from backpain.exports.services import export_visits
from backpain.visits.models import Visit

from .builders import simple_visit
from .memory import bulk_signed_visits, peak_export_memory

pytestmark = pytest.mark.django_db
# Allowance for allocator and cache noise.
ALLOWED_GROWTH = 1.5
FORMATS = ("csv", "fhir", "pdf-zip", "outcomes-csv")


def test_memory_stays_flat_from_400_to_2000_visits(clinic, physician, intake):
    bulk_signed_visits(2 * CHUNK_SIZE, clinic=clinic, physician=physician, created_by=intake)
    for fmt in FORMATS:  # first use loads modules and URL patterns: not the export's memory
        b"".join(export_visits(export_format=fmt, filters=ExportFilters(), clinic_id=clinic.pk,
                               actor="warm-up").chunks)
    small = {fmt: peak_export_memory(fmt, clinic.pk) for fmt in FORMATS}
    bulk_signed_visits(2000 - 2 * CHUNK_SIZE, clinic=clinic, physician=physician,
                       created_by=intake, start=2 * CHUNK_SIZE)
    large = {fmt: peak_export_memory(fmt, clinic.pk) for fmt in FORMATS}
    for fmt in small:
        (small_peak, small_size), (large_peak, large_size) = small[fmt], large[fmt]
        # The export really is five times bigger ...
        assert large_size > 4.5 * small_size, fmt
        # ... and the server never held it: its peak is no larger than for 400 visits.
        assert large_peak < ALLOWED_GROWTH * small_peak, (fmt, small_peak, large_peak)


def test_a_chunks_records_are_freed_when_dropped_without_the_collector(clinic, physician):
    """What a chunk read is freed as soon as the export lets it go, not when the cyclic
    collector next runs: reading a chunk leaves no reference cycle holding it (Django's
    resolving of the signatures' JSON path once did, through an exception's traceback)."""
    for _ in range(3):
        simple_visit(clinic, physician)
    visits = list(Visit.objects.select_related("patient", "episode"))
    chunk_records(visits)  # the first chunk of a process sets the queries up
    collecting = gc.isenabled()
    gc.disable()
    try:
        records = chunk_records(visits)
        signatures = [weakref.ref(record.note_signature) for record in records]
        assert len(signatures) == 3
        del records
        assert [alive() for alive in signatures] == [None, None, None]
    finally:
        if collecting:
            gc.enable()
