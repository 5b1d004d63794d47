"""What the conflict page shows: the fields someone else changed since the writer loaded them."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .display import display_value
from .models import StepRevision


@dataclass
class ConflictRow:
    label: str
    when_loaded: str
    saved_now: str
    yours: str


def conflict_rows(step, visit, conflict, loaded_version, form) -> list[ConflictRow]:
    base = (
        StepRevision.objects.filter(visit=visit, step=step.slug, version__lte=loaded_version)
        .order_by("-version")
        .values_list("data", flat=True)
        .first()
    ) or {}
    saved = conflict.newer_revisions[-1].data
    yours = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    rows = []
    for name, now in saved.items():
        if name == "studies":
            if now != base.get(name):
                rows.append(ConflictRow(step.field_label(name), f"{len(base.get(name) or [])}",
                                        ngettext("%(count)d study", "%(count)d studies",
                                                 len(now)) % {"count": len(now)},
                                        _("your list below")))
            continue
        if now == base.get(name):
            continue
        mine = yours.get(name)
        rows.append(ConflictRow(
            label=step.field_label(name),
            when_loaded=display_value(step.model, name, base.get(name)),
            saved_now=display_value(step.model, name, now),
            yours=display_value(step.model, name, mine.isoformat()
                                if mine is not None and hasattr(mine, "isoformat") else mine),
        ))
    return rows
