"""The audit page names the visits of its events ("Visit of 27 Nov 2026") and the steps and
visit types of their details (audit.readable)."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from backpain.audit.readable import Named

from .models import Visit, VisitType
from .steps import STEPS_BY_SLUG


def visit_names(reader, object_ids) -> dict[str, Named]:
    """The reader's clinic's visits among `object_ids`, in one query; a link only for a reader
    who may open the visit."""
    ids = [int(pk) for pk in object_ids if pk.isdigit()]
    linked = reader.has_perm("visits.view_visit")
    visits = Visit.objects.filter(patient__clinic_id=reader.clinic_id, pk__in=ids).only(
        "pk", "visit_date")
    return {str(visit.pk): Named(
        _("Visit of %(date)s") % {"date": formats.date_format(visit.visit_date, "DATE_FORMAT")},
        url=reverse("visits:detail", kwargs={"pk": visit.pk}) if linked else "")
        for visit in visits}


def step_title(slug: str) -> str:
    step = STEPS_BY_SLUG.get(slug)
    return str(step.title) if step is not None else slug


def visit_type_words(value: str) -> str:
    return str(VisitType(value).label) if value in VisitType.values else value
