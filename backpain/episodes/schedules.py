"""Follow-up schedules a clinic starts from: the default and the registries' presets.

The time points are the registries' (NORspine 3 and 12 months; the American Spine Registry 90
days and 1 year; ICHOM's low back pain set 6, 12 and 24 months). The windows around them are
this application's defaults, not the registries' rules: about two weeks around 6 weeks, four
weeks around 3 months and 90 days, a month around 6 months, two months around a year and three
months around two years. An administrator edits them in the admin.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Point:
    label: str
    days_after_index: int
    window_days: int  # either side of the target


SIX_WEEKS = Point("6 weeks", 42, 14)
THREE_MONTHS = Point("3 months", 91, 28)
NINETY_DAYS = Point("90 days", 90, 28)
SIX_MONTHS = Point("6 months", 182, 30)
ONE_YEAR = Point("12 months", 365, 61)
TWO_YEARS = Point("24 months", 730, 91)

DEFAULT = "default"
PRESETS = {
    DEFAULT: (gettext_lazy("Default: 6 weeks, 3 months, 12 months"),
              (SIX_WEEKS, THREE_MONTHS, ONE_YEAR)),
    "ichom": (gettext_lazy("ICHOM low back pain: 6, 12 and 24 months"),
              (SIX_MONTHS, ONE_YEAR, TWO_YEARS)),
    "norspine": (gettext_lazy("NORspine: 3 and 12 months"), (THREE_MONTHS, ONE_YEAR)),
    "asr": (gettext_lazy("American Spine Registry: 90 days and 1 year"),
            (NINETY_DAYS, Point("1 year", 365, 61))),
}


def preset_choices():
    return [(key, label) for key, (label, _points) in PRESETS.items()]


@transaction.atomic
def apply_preset(point_model, clinic_id: int, preset: str) -> None:
    """Replace the clinic's schedule with a preset. `point_model` is FollowUpPoint, or its
    historical version in a migration."""
    point_model.objects.filter(clinic_id=clinic_id).delete()
    point_model.objects.bulk_create([
        point_model(clinic_id=clinic_id, label=point.label,
                    days_after_index=point.days_after_index,
                    window_before_days=point.window_days, window_after_days=point.window_days)
        for point in PRESETS[preset][1]])
