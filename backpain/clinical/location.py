"""Location and duration categories (docs/clinical-rules.md, "Derived values")."""

from .derived import ARM_RADIATION, LEG_RADIATION, Facts
from .result import Duration, Location

REGION_ORDER = ("cervical", "thoracic", "lumbar", "sacral")


def location(f: Facts) -> Location:
    """Extent: axial (no radiation), referred (proximal only) or radiating (into a limb)."""
    radiation = f.h.radiation
    if not radiation:
        extent = None
    elif any(r in LEG_RADIATION + ARM_RADIATION for r in radiation):
        extent = "radiating"
    elif radiation == ["none"]:
        extent = "axial"
    else:
        extent = "referred"
    return Location(regions=sorted(f.regions, key=REGION_ORDER.index), extent=extent)


def duration(f: Facts) -> Duration:
    return Duration(days=f.duration_days, category=f.duration_category)
