"""Exports stream: the peak memory of 2,000 visits is that of 400, not five times more.

Memory is measured with tracemalloc (allocations by Python), never with a clock. At its
peak an export holds two chunks of visits (Django reads the next while the last is still
referenced), so the smaller export is two chunks long: from there on, memory stays flat.
"""

import pytest

from backpain.exports.selectors import CHUNK_SIZE, ExportFilters
from backpain.exports.services import export_visits

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
