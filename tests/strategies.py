"""Hypothesis strategies for findings documents, made from the data dictionary: every declared
finding is drawn from its own kind, values and range, so a finding added to the dictionary is
in the property tests without being written here again."""

import datetime

from hypothesis import strategies as st

from backpain.clinical import dictionary
from backpain.clinical.dictionary import Finding, Grid, ItemList, Kind
from backpain.clinical.dictionary.roots import SIDES

TODAY = datetime.date.today()
EARLIEST = datetime.date(2015, 1, 1)
dates = st.dates(EARLIEST, TODAY)


def maybe(strategy):
    return st.none() | strategy


def one_answer(kind, values=None, low=None, high=None, max_length=None, places=1):
    """One answer of a kind (never None)."""
    if kind is Kind.TRI:
        return st.booleans()
    if kind is Kind.CHOICE:
        return st.sampled_from(values.values)
    if kind is Kind.INTEGER:
        return st.integers(int(low), int(high))
    if kind is Kind.DECIMAL:
        scale = 10 ** places
        return st.integers(int(low * scale), int(high * scale)).map(lambda n: n / scale)
    if kind is Kind.DATE:
        return dates.map(datetime.date.isoformat)
    return st.text(max_size=min(max_length or 60, 60))


def list_answer(item: Finding):
    """Distinct values; an exclusive value ("none", "nothing") stands alone."""
    ordinary = [v for v in item.values.values if v not in item.values.exclusive]
    lists = st.lists(st.sampled_from(ordinary), unique=True, min_size=1)
    for exclusive in item.values.exclusive:
        lists = lists | st.just([exclusive])
    if not item.at_least_one:
        lists = lists | st.just([])
    return lists


def answer(item):
    """What the findings document may hold for one declaration (None: not asked)."""
    if isinstance(item, Grid):
        pair = st.fixed_dictionaries({}, optional={side: maybe(one_answer(
            item.kind, item.values, item.low, item.high)) for side in SIDES})
        return maybe(st.dictionaries(st.sampled_from(item.keys), pair.filter(bool),
                                     max_size=4))
    if isinstance(item, ItemList):
        items = [maybe(st.integers(low, high)) for _label, low, high in item.items]
        return maybe(st.tuples(*items).map(list))
    if item.kind is Kind.CHOICES:
        single = list_answer(item)
    else:
        single = one_answer(item.kind, item.values, item.low, item.high, item.max_length,
                            item.places or 1)
    if item.sided:
        return maybe(st.fixed_dictionaries({}, optional={side: maybe(single)
                                                         for side in SIDES}))
    return maybe(single)


def section(name, exclude=()):
    """Any subset of a section's declarations, each drawn from its own answers."""
    return st.fixed_dictionaries({}, optional={item.name: answer(item)
                                               for item in dictionary.section(name)
                                               if item.name not in exclude})


STUDY = section("diagnostics.studies")
DIAGNOSTICS = st.fixed_dictionaries({}, optional={
    "studies": maybe(st.lists(STUDY, max_size=3)),
    "labs": maybe(section("diagnostics.labs")),
})
# Dates are drawn apart, so that the onset never follows the visit.
HISTORY = section("history", exclude=("onset_date",))


PAIN_RATINGS = ("pain_best", "pain_now", "pain_worst")


def consistent(history: dict, patient: dict | None = None) -> dict:
    """Drop the answers to questions whose condition does not hold (docs/findings.md: a
    dependent question is asked only under its condition, which may read the patient, as
    pregnancy does), and put the pain ratings in order (best <= now <= worst: a cross-field
    check of rules version 2)."""
    answers = {f"patient.{name}": value for name, value in (patient or {}).items()}
    answers.update({f"history.{name}": value for name, value in history.items()})
    for item in dictionary.findings_of("history"):
        if item.asked_when is not None and item.name in history \
                and not item.asked_when.holds(answers):
            del history[item.name]
            del answers[item.path]  # a question it conditions is not asked either
    rated = [name for name in PAIN_RATINGS if history.get(name) is not None]
    for name, value in zip(rated, sorted(history[name] for name in rated), strict=True):
        history[name] = value
    return history


@st.composite
def findings_documents(draw):
    """Any valid findings document: any subset of sections and fields, consistent dates,
    dependent questions only under their condition."""
    document = {}
    patient = draw(section("patient"))
    visit = draw(st.fixed_dictionaries({}, optional={
        "visit_date": maybe(dates), "visit_type": answer(dictionary.declaration(
            "visit.visit_type"))}))
    history = consistent(draw(HISTORY), patient)
    if draw(st.booleans()):
        latest = visit.get("visit_date") or TODAY
        history["onset_date"] = draw(maybe(st.dates(EARLIEST, latest)))
    if visit.get("visit_date"):
        visit["visit_date"] = visit["visit_date"].isoformat()
    if history.get("onset_date"):
        history["onset_date"] = history["onset_date"].isoformat()
    # Symptoms cannot have begun at an age the patient has not reached.
    if history.get("age_at_onset") is not None and patient.get("age_years") is not None:
        history["age_at_onset"] = min(history["age_at_onset"], patient["age_years"])

    for name, value in (("patient", patient), ("visit", visit), ("history", history)):
        if value or draw(st.booleans()):
            document[name] = value
    for name, strategy in (("exam", section("exam")), ("diagnostics", DIAGNOSTICS),
                           ("questionnaires", section("questionnaires"))):
        if draw(st.booleans()):
            document[name] = draw(maybe(strategy))
    return document
