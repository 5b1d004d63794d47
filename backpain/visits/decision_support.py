"""The engine's assessment of a visit, shaped for the screen: flags by urgency, gaps as links."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from backpain.clinical.result import URGENCY_ORDER

# The urgency on its own (a badge), and with what it asks for (a group's heading).
URGENCY_NAMES = {"emergency": _("Emergency"), "urgent": _("Urgent"), "review": _("Review")}
URGENCY_LABELS = {
    "emergency": _("Emergency: same-day emergency assessment"),
    "urgent": _("Urgent: specialist review or imaging within days"),
    "review": _("Review: address at this visit"),
}
# Sections of the findings document -> the step page where they are entered.
SECTION_STEPS = {"history": "history", "exam": "examination", "questionnaires": "questionnaires",
                 "diagnostics": "diagnostics", "patient": None, "visit": None}


@dataclass
class VisitAssessment:
    """The engine's output as its JSON shape (docs/clinical-rules.md), or why it has none."""

    data: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def red_flags(self):
        return self.data.get("red_flags", [])

    @property
    def flag_codes(self):
        return [flag["code"] for flag in self.red_flags]


def gap_link(visit, path):
    """Screening gap "history.saddle_numbness" -> the field on the history step page."""
    section, _, name = path.partition(".")
    slug = SECTION_STEPS.get(section)
    if not slug:
        return None
    url = reverse("visits:step", kwargs={"pk": visit.pk, "slug": slug})
    return f"{url}#div_id_{name.split('.')[0]}"


def panel_context(visit, assessment: VisitAssessment) -> dict:
    from backpain.clinical.codes import flag_action, label_for

    flags_by_urgency = [
        {"urgency": urgency, "name": URGENCY_NAMES[urgency], "label": URGENCY_LABELS[urgency],
         "flags": [{**flag, "label": label_for(flag["code"]),
                    "action_label": flag_action(flag)}
                   for flag in assessment.red_flags if flag["urgency"] == urgency]}
        for urgency in URGENCY_ORDER
    ]
    data = assessment.data
    return {
        "assessment": data,
        "problems": assessment.problems,
        "flags_by_urgency": [group for group in flags_by_urgency if group["flags"]],
        "gaps": [{**gap, "link": gap_link(visit, gap["field"]),
                  "screens_for_label": label_for(gap["screens_for"])}
                 for gap in data.get("screening_gaps", [])],
        "patterns": [{**p, "label": label_for(p["code"])} for p in data.get("patterns", [])],
        "generators": [{**g, "label": label_for(g["code"])} for g in data.get("generators", [])],
        "imaging": imaging_in_words(data.get("imaging")),
        "suggested_tests": data.get("suggested_tests", []),
        "rules_version": data.get("rules_version"),
    }


def imaging_in_words(imaging):
    """The primary advice and every other that applies, each with its label."""
    from backpain.clinical.codes import label_for

    if not imaging:
        return None
    return {**imaging, "label": label_for(imaging["advice"]),
            "also": [{**other, "label": label_for(other["advice"])}
                     for other in imaging.get("also", [])]}
