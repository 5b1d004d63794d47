"""The engine's assessment of a visit, shaped for the screen: flags by urgency, gaps as links."""

from dataclasses import dataclass, field

from django.urls import reverse

from backpain.clinical.result import URGENCY_ORDER

URGENCY_LABELS = {
    "emergency": "Emergency: same-day emergency assessment",
    "urgent": "Urgent: specialist review or imaging within days",
    "review": "Review: address at this visit",
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
    from backpain.clinical.codes import label_for

    flags_by_urgency = [
        {"urgency": urgency, "label": URGENCY_LABELS[urgency],
         "flags": [{**flag, "label": label_for(flag["code"])} for flag in assessment.red_flags
                   if flag["urgency"] == urgency]}
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
        "imaging": data.get("imaging") and {**data["imaging"],
                                            "label": label_for(data["imaging"]["advice"])},
    }
