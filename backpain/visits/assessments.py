"""The engine's assessment of a visit: run when what it reads is saved, stored with the visit
version and rules version it assessed, and read back everywhere else (docs/clinical-rules.md).

Saving a step, a study, the visit or its patient re-assesses the visit in the same
transaction (signals.py), and signing a visit (or an addendum) re-assesses the patient's later
unsigned visits, which compare with it; a service saving several records at once defers that to one
assessment at its end (`deferred`). A signed visit keeps the assessment it was signed with.
"""

import threading
from contextlib import contextmanager
from datetime import date
from functools import lru_cache

import orjson
from django.utils import timezone

from backpain.clinical.result import RULES_VERSION, URGENCY_ORDER

from .decision_support import VisitAssessment
from .models import StoredAssessment, Visit

_pending = threading.local()


def findings_document(visit) -> dict:
    """The visit's findings, with the previous signed visit's for the engine to compare with."""
    document = visit.to_findings()
    previous = previous_signed_findings(visit)
    if previous is not None:
        document["previous"] = previous
    return document


# A signed visit's steps and studies never change (models/step.py refuses, and on PostgreSQL
# the database's triggers too), and signing moves its version on: what was read from a signed
# visit at a version holds for good. Each process keeps the latest it read, so the saves of a
# later visit of the episode (several per visit: each step, each study) read one small row
# instead of the signed visit with a dozen tables joined (issue 17). Kept in the process, not
# in the shared cache, so that no clinical data is copied into Redis (docs/operations.md,
# "Memory of an app process").
SIGNED_VISITS_KEPT = 256


@lru_cache(maxsize=SIGNED_VISITS_KEPT)
def signed_visit_sections(pk: int, version: int) -> bytes:
    """The signed visit's findings but the patient's part, as JSON: each reader parses its
    own copy (five times faster than a deep copy of the parsed document)."""
    from .selectors import VISIT_WITH_STEPS

    document = VISIT_WITH_STEPS.get(pk=pk).to_findings()
    return orjson.dumps({name: part for name, part in document.items() if name != "patient"})


def previous_signed_findings(visit) -> dict | None:
    """The previous signed visit's findings (selectors.earlier_signed says which), or None.
    The patient's part is made from the patient as recorded now, as the visit itself would
    give it (a corrected date of birth changes it); earlier visits are the same patient's."""
    from .models.visit import patient_findings
    from .selectors import previous_signed_version

    found = previous_signed_version(visit)
    if found is None:
        return None
    sections = orjson.loads(signed_visit_sections(*found))
    on = date.fromisoformat(sections["visit"]["visit_date"])
    return {"patient": patient_findings(visit.patient, on), **sections}


def run_engine(visit) -> VisitAssessment:
    """The engine on the visit's saved steps. Never raises for bad stored data: the result
    says what the engine could not read instead."""
    from backpain.clinical import FindingsError, assess_document

    document = findings_document(visit)
    try:
        return VisitAssessment(data=assess_document(document))
    except FindingsError as error:
        if "previous" in document and all(path.startswith("previous.")
                                          for path, _reason in error.errors):
            # The last visit's stored values cannot be read: this visit is still assessed,
            # on its own, rather than not at all.
            return run_alone(document)
        return VisitAssessment(problems=error.messages)


def run_alone(document) -> VisitAssessment:
    from backpain.clinical import FindingsError, assess_document

    alone = {key: value for key, value in document.items() if key != "previous"}
    try:
        return VisitAssessment(data=assess_document(alone))
    except FindingsError as error:
        return VisitAssessment(problems=error.messages)


def store(visit) -> StoredAssessment:
    """Assess the visit (its steps joined in) and store the result."""
    result = run_engine(visit)
    flags = result.red_flags
    top = min(flags, key=lambda f: (URGENCY_ORDER.index(f["urgency"]), f["code"]), default=None)
    values = {
        "rules_version": RULES_VERSION, "visit_version": visit.version,
        "data": result.data, "problems": result.problems,
        "top_flag": top["code"] if top else "", "top_urgency": top["urgency"] if top else "",
        "top_urgency_rank": URGENCY_ORDER.index(top["urgency"]) if top else None,
        "flag_count": len(flags), "assessed_at": timezone.now()}
    # One UPDATE where the visit has its row, as nearly every visit has (update_or_create
    # read the row, locked, inside a savepoint first: four round trips where one does).
    if StoredAssessment.objects.filter(visit_id=visit.pk).update(**values):
        stored = StoredAssessment(visit_id=visit.pk, **values)
        stored._state.adding, stored._state.db = False, StoredAssessment.objects.db
        return stored
    # The first assessment of a visit: update_or_create, which stays right if another
    # transaction stores the same visit's first assessment meanwhile.
    stored, _ = StoredAssessment.objects.update_or_create(visit_id=visit.pk, defaults=values)
    return stored


def reassess(visit_ids, *, held=None) -> int:
    """Re-assess these visits unless signed (or deferred to the end of `deferred`); `held`:
    visits already in hand with their steps as saved, by id."""
    from .selectors import with_steps

    ids = set(visit_ids)
    if getattr(_pending, "ids", None) is not None:
        _pending.ids |= ids
        return 0
    in_hand = [visit for pk, visit in (held or {}).items() if pk in ids]
    unsigned = Visit.objects.filter(pk__in=ids - {visit.pk for visit in in_hand})
    visits = [*(visit for visit in in_hand if not visit.is_signed),
              *(with_steps(unsigned.exclude(status__in=("signed", "amended")))
                if len(in_hand) < len(ids) else ())]
    for visit in visits:
        store(visit)
    return len(visits)


@contextmanager
def deferred():
    """Saves inside this block re-assess each visit they touch once, at its end. The block
    may hand over a visit it holds with its steps and studies as saved (`hold(visit)`): that
    visit is assessed as held, not read again."""
    outer = getattr(_pending, "ids", None)
    _pending.ids = set() if outer is None else outer
    held = {} if outer is None else _pending.held

    def hold(visit):
        held[visit.pk] = visit
        return visit

    _pending.held = held
    try:
        yield hold
    finally:
        ids = _pending.ids
        if outer is None:
            _pending.ids = _pending.held = None
            reassess(ids, held=held)


def refresh(visit) -> VisitAssessment:
    """Assess the visit now and store it: what signing reads, whatever came before."""
    visit.stored_assessment = store(visit)
    return VisitAssessment(data=visit.stored_assessment.data,
                           problems=visit.stored_assessment.problems)


def assessment_of(visit) -> VisitAssessment:
    """The stored assessment of a visit (steps joined in): for a signed visit the one it was
    signed with. Missing, or older than the visit or the rules (a visit saved before this was
    stored), the engine runs without storing."""
    stored = getattr(visit, "stored_assessment", None) if _has_stored(visit) else None
    if stored is not None and (visit.is_signed or (
            stored.visit_version == visit.version and stored.rules_version == RULES_VERSION)):
        return VisitAssessment(data=stored.data, problems=stored.problems)
    return run_engine(visit)


def _has_stored(visit) -> bool:
    try:
        visit.stored_assessment  # noqa: B018 - a missing row raises
    except StoredAssessment.DoesNotExist:
        return False
    return True
