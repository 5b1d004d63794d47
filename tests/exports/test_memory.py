"""Exports stream: the peak memory of 2,000 visits is that of 200, not ten times more.

Memory is measured with tracemalloc (allocations by Python), never with a clock.
"""

import pytest

from .memory import bulk_signed_visits, peak_export_memory

pytestmark = pytest.mark.django_db
# Both runs hold one chunk of visits at a time; allow for allocator and cache noise.
ALLOWED_GROWTH = 1.5


def test_memory_stays_flat_from_200_to_2000_visits(clinic, physician, intake):
    bulk_signed_visits(200, clinic=clinic, physician=physician, created_by=intake)
    small = {fmt: peak_export_memory(fmt, clinic.pk) for fmt in ("csv", "fhir", "pdf-zip")}
    bulk_signed_visits(1800, clinic=clinic, physician=physician, created_by=intake, start=200)
    large = {fmt: peak_export_memory(fmt, clinic.pk) for fmt in ("csv", "fhir", "pdf-zip")}
    for fmt in small:
        (small_peak, small_size), (large_peak, large_size) = small[fmt], large[fmt]
        # The export really is ten times bigger ...
        assert large_size > 9 * small_size, fmt
        # ... and the server never held it: its peak is no larger than for 200 visits.
        assert large_peak < ALLOWED_GROWTH * small_peak, (fmt, small_peak, large_peak)
        # The whole 2,000-visit export would not even fit in that peak.
        assert large_peak < large_size, (fmt, large_peak, large_size)
