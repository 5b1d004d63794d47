"""Which follow-up point a visit falls in: inside a window (both ends included), none between
windows or at the baseline, the nearest target where windows overlap."""

import datetime

import pytest

from backpain.episodes.models import FollowUpPoint
from backpain.exports.timepoints import follow_up_point

INDEX = datetime.date(2026, 1, 5)


def point(label, days, before, after=None):
    return FollowUpPoint(label=label, days_after_index=days, window_before_days=before,
                         window_after_days=before if after is None else after)


SCHEDULE = [point("6 weeks", 42, 14), point("3 months", 91, 28), point("12 months", 365, 61)]


def label_at(days, schedule=SCHEDULE):
    found = follow_up_point(schedule, INDEX, INDEX + datetime.timedelta(days=days))
    return found.label if found else None


@pytest.mark.parametrize(("days", "label"), [
    (0, None), (27, None), (28, "6 weeks"), (42, "6 weeks"), (56, "6 weeks"), (57, None),
    (62, None), (63, "3 months"), (119, "3 months"), (120, None), (303, None),
    (304, "12 months"), (426, "12 months"), (427, None), (-3, None),
])
def test_window_boundaries(days, label):
    assert label_at(days) == label


def test_overlapping_windows_the_nearest_target_wins():
    schedule = [point("A", 90, 30), point("B", 120, 30)]
    assert label_at(100, schedule) == "A"
    assert label_at(110, schedule) == "B"
    assert label_at(105, schedule) == "A"  # equally near: the earlier point


def test_an_empty_schedule_places_nothing():
    assert label_at(42, []) is None
