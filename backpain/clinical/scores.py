"""Outcome scores (docs/clinical-rules.md, "Scores"): ODI, NDI, STarT Back and pain ratings."""

from decimal import ROUND_HALF_UP, Decimal

from .findings import History, Questionnaires
from .result import NdiScore, NprsScore, OdiScore, Scores, StartBackScore

MIN_ANSWERED = 8  # ODI and NDI are scored with at most two sections missing.


def one_decimal(value: Decimal | float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def odi(items: list[int | None] | None) -> OdiScore | None:
    """Oswestry v2.1a: percent of the maximum over answered sections (Fairbank & Pynsent)."""
    answered = [item for item in items or [] if item is not None]
    if len(answered) < MIN_ANSWERED:
        return None
    percent = one_decimal(Decimal(100 * sum(answered)) / (5 * len(answered)))
    bands = ((20, "minimal"), (40, "moderate"), (60, "severe"), (80, "crippling"))
    band = next((name for limit, name in bands if percent <= limit), "bed_bound")
    return OdiScore(percent=percent, band=band)


def ndi(items: list[int | None] | None) -> NdiScore | None:
    """Neck Disability Index 0-50; missing items take the mean of the answered (Vernon)."""
    answered = [item for item in items or [] if item is not None]
    if items is None or len(answered) < MIN_ANSWERED:
        return None
    missing = len(items) - len(answered)
    raw = Decimal(sum(answered)) + Decimal(sum(answered)) / len(answered) * missing
    score = one_decimal(raw)
    bands = ((5, "none"), (15, "mild"), (25, "moderate"))
    band = next((name for limit, name in bands if score < limit),
                "severe" if score <= 34 else "complete")
    return NdiScore(score=score, percent=one_decimal(raw * 2), band=band)


def startback(items: list[int | None] | None) -> StartBackScore | None:
    """STarT Back: all nine items answered; item 9 counts when very much or extremely (>= 3)."""
    answers = [item for item in items or [] if item is not None]
    if items is None or len(answers) != len(items):
        return None
    bothersome = 1 if answers[8] >= 3 else 0
    total = sum(answers[:8]) + bothersome
    psychosocial = sum(answers[4:8]) + bothersome
    risk = "low" if total <= 3 else "high" if psychosocial >= 4 else "medium"
    return StartBackScore(total=total, psychosocial=psychosocial, risk=risk)


def nprs(history: History) -> NprsScore | None:
    values = (history.pain_now, history.pain_worst, history.pain_best)
    if all(value is None for value in values):
        return None
    return NprsScore(now=values[0], worst=values[1], best=values[2])


LOW_BACK = {"lumbar", "sacral"}


def startback_applies(history: History) -> bool:
    """STarT Back is validated for low back pain only: not scored once the regions are known
    and include neither lumbar nor sacral (answers given earlier stay recorded)."""
    return history.regions is None or bool(LOW_BACK & set(history.regions))


def scores(questionnaires: Questionnaires | None, history: History) -> Scores:
    q = questionnaires or Questionnaires()
    items = list(q.startback) if q.startback and startback_applies(history) else None
    return Scores(odi=odi(q.odi), ndi=ndi(q.ndi), startback=startback(items),
                  nprs=nprs(history))
