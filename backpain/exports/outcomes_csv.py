"""The CSV export of outcome time series: one row per patient-timepoint (a visit of an episode
of care), with where it falls on the clinic's follow-up schedule, every outcome score and, for
the scored instruments, the change since the episode's baseline judged against the
instrument's smallest detectable change (backpain/clinical/outcomes.py).

The baseline of an instrument is its first score at a signed visit of the episode, as on the
patient page's trends (backpain/visits/trends.py); a visit not yet signed is compared with it
but never becomes one. Visits are read episode by episode in date order, so only the current
episode's baselines are held: memory stays flat however long the export.

Scores as on the trends: ODI in percent (0-100), NDI in points (0-50), STarT Back total (0-9),
pain ratings 0-10, walking in minutes. A verdict is `improved_beyond_noise`, `within_noise`,
`worse_beyond_noise`, or `not_classified` where the instrument has no published SDC;
`mic_reached` is blank where it has no published MIC. The thresholds and their sources are
docs/clinical-rules.md's, "Change over time".
"""

from typing import Any

from backpain.clinical.outcomes import INSTRUMENTS, change
from backpain.core.csv_stream import csv_lines, is_number
from backpain.visits.trends import REPORTED, occasion

from .rows import cell
from .timepoints import follow_up_point

TIMEPOINT_COLUMNS = [
    "patient.id", "patient.mrn", "episode.id", "episode.condition", "episode.status",
    "episode.index_event", "episode.index_date", "visit.id", "visit.visit_date",
    "visit.days_since_index", "visit.follow_up_point", "visit.follow_up_days",
    "visit.visit_type", "visit.status",
]
SCORE_PARTS = ("", ".baseline_date", ".change_since_baseline", ".verdict", ".mic_reached")
SCORE_COLUMNS = [f"outcome.{instrument.code}{part}" for instrument in INSTRUMENTS
                 for part in SCORE_PARTS]
# Work status, usual tasks, global change and satisfaction: answers (codes), not scores.
REPORTED_COLUMNS = [f"outcome.{name}" for name in REPORTED]
OUTCOME_COLUMNS = [*TIMEPOINT_COLUMNS, *SCORE_COLUMNS, *REPORTED_COLUMNS]


def timepoint_values(visit, schedule) -> dict[str, Any]:
    episode, patient = visit.episode, visit.patient
    point = follow_up_point(schedule, episode.index_date, visit.visit_date)
    return {
        "patient.id": patient.pk, "patient.mrn": patient.mrn, "episode.id": episode.pk,
        "episode.condition": episode.condition, "episode.status": episode.status,
        "episode.index_event": episode.index_event,
        "episode.index_date": episode.index_date.isoformat(), "visit.id": visit.pk,
        "visit.visit_date": visit.visit_date.isoformat(),
        "visit.days_since_index": (visit.visit_date - episode.index_date).days,
        "visit.follow_up_point": point.label if point else None,
        "visit.follow_up_days": point.days_after_index if point else None,
        "visit.visit_type": visit.visit_type, "visit.status": visit.status,
    }


def has_mic(instrument) -> bool:
    return instrument.mic is not None or instrument.mic_percent is not None


def score_values(scores, baselines) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for instrument in INSTRUMENTS:
        column, score = f"outcome.{instrument.code}", scores[instrument.code]
        values[column] = score
        if score is None or instrument.code not in baselines:
            continue
        baseline_date, baseline = baselines[instrument.code]
        found = change(instrument, baseline, score)
        values.update({f"{column}.baseline_date": baseline_date.isoformat(),
                       f"{column}.change_since_baseline": found.points,
                       f"{column}.verdict": found.verdict,
                       # Blank where the instrument has no published MIC: not "false".
                       f"{column}.mic_reached": found.important if has_mic(instrument)
                       else None})
    return values


def outcome_rows(visits, schedule):
    """The typed values of each exported visit; `visits` yields (visit, exported) episode by
    episode in date order (selectors.episode_visits)."""
    episode_id, baselines = None, {}
    for visit, exported in visits:
        if visit.episode_id != episode_id:
            episode_id, baselines = visit.episode_id, {}
        answers = occasion(visit).answers
        scores = {instrument.code: instrument.score(answers) for instrument in INSTRUMENTS}
        if exported:
            values = timepoint_values(visit, schedule)
            values.update(score_values(scores, baselines))
            values.update({f"outcome.{name}": answers.get(name) for name in REPORTED})
            yield values
        if visit.is_signed:
            for code, score in scores.items():
                if score is not None:
                    baselines.setdefault(code, (visit.visit_date, score))


def number_or_cell(value):
    """Scores and changes stay numbers (a fall in pain is negative, and must stay a number a
    spreadsheet can sum, not text); everything else is a cell as in the visit CSV."""
    return value if is_number(value) else cell(value)


def outcomes_csv(rows):
    """The outcome time series as UTF-8 CSV chunks; `rows` as outcome_rows yields them."""
    lines = csv_lines(OUTCOME_COLUMNS,
                      ([number_or_cell(values.get(column)) for column in OUTCOME_COLUMNS]
                       for values in rows))
    for line in lines:
        yield line.encode("utf-8")
