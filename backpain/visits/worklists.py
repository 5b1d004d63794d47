"""Work lists: visits paired with their most urgent red flag, the most urgent first."""

from dataclasses import dataclass

from .decision_support import assess_visit, most_urgent_flag


@dataclass
class QueueEntry:
    visit: object
    flag: object  # the most urgent red flag, or None
    flag_count: int


def with_flags(visits):
    """Pair each visit (step records already joined in) with its flags; no query per row."""
    entries = []
    for visit in visits:
        assessment = assess_visit(visit)
        entries.append(QueueEntry(visit, most_urgent_flag(assessment), len(assessment.red_flags)))
    return sorted(entries, key=lambda e: (e.flag.rank if e.flag else 99, e.visit.visit_date,
                                          e.visit.pk))
