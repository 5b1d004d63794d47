"""What changed since the last visit (note format 4): the history and examination values of a
follow-up that differ from the previous signed visit of its episode of care, each with what it
was. Kept in the note as signed (like the trends): a visit signed later may fall before this
one, so it is not rebuilt when the note is verified."""

from backpain.clinical import dictionary
from backpain.visits.display import display_value
from backpain.visits.selectors import previous_signed_with

# Step -> the findings section it records.
COMPARED = (("history", "history"), ("examination", "exam"))


def recorded(value) -> bool:
    return value not in (None, "", [])


def changes_since_last(visit) -> dict:
    """{"since": ISO date of the previous signed visit, "rows": [{section, label, now, was}]}
    for every finding recorded at both visits with another value now; empty when there is no
    earlier signed visit in the episode."""
    previous = previous_signed_with(visit, *(step for step, _section in COMPARED))
    if previous is None:
        return {}
    rows = []
    for step, section in COMPARED:
        now_record, was_record = visit.step_record(step), previous.step_record(step)
        if now_record is None or was_record is None:
            continue
        model = type(now_record)
        title = str(model._meta.verbose_name)
        for column, _path in dictionary.column_paths(dictionary.section(section)):
            now, was = getattr(now_record, column), getattr(was_record, column)
            if not (recorded(now) and recorded(was)) or now == was:
                continue
            label = str(model._meta.get_field(column).verbose_name)
            rows.append({"section": title[:1].upper() + title[1:],
                         "label": label[:1].upper() + label[1:],
                         "now": display_value(model, column, now),
                         "was": display_value(model, column, was)})
    return {"since": previous.visit_date.isoformat(), "rows": rows}
