"""Reading a findings document: every offending field is reported, nothing is half-read."""

import datetime
import decimal
import json
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import ValidationError

from .findings import Findings


class FindingsError(ValueError):
    """The document is not valid findings. ``errors`` holds (field path, reason) pairs."""

    def __init__(self, errors: Iterable[tuple[str, str]]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [f"{path}: {reason}" for path, reason in self.errors]


def field_path(location: Iterable[object]) -> str:
    path = ""
    for part in location:
        if part == "[key]":  # pydantic marks a bad map key; the path already names it
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(document)"


def _json_default(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def parse_findings(document: object) -> Findings:
    """A findings document (a JSON string or the dict it decodes to) as typed findings."""
    if not isinstance(document, str | bytes):
        if not isinstance(document, dict):
            raise FindingsError([("(document)", "a findings document is a JSON object")])
        try:
            document = json.dumps(document, default=_json_default)
        except (TypeError, ValueError, RecursionError) as error:
            raise FindingsError([("(document)", f"not a findings document ({error})")]) from None
    try:
        findings = Findings.model_validate_json(document)
    except RecursionError:
        raise FindingsError([("(document)", "nested too deeply to be findings")]) from None
    except ValidationError as error:
        problems = [(field_path(e["loc"]), e["msg"]) for e in error.errors(include_url=False)]
        named = {path for path, _ in problems}
        # The dates and ages may be fine on their own: report their order too.
        problems += [p for p in consistency_problems(cross_field_part(document))
                     if p[0] not in named]
        raise FindingsError(problems) from None
    problems = list(consistency_problems(findings))
    if problems:
        raise FindingsError(problems)
    return findings


CROSS_FIELDS = {"patient": ("age_years", "sex"), "visit": ("visit_date",),
                "history": ("onset_date", "age_at_onset", "radiation", "radiation_side",
                            "pain_best", "pain_now", "pain_worst", "cancer_history",
                            "cancer_metastatic", "pregnant", "bilateral_leg_onset")}


def cross_field_part(document: str | bytes) -> Findings:
    """The fields the consistency checks read, each kept only when valid on its own."""
    try:
        raw = json.loads(document)
    except (ValueError, RecursionError):
        return Findings()
    kept: dict[str, dict[str, Any]] = {}
    for section, names in CROSS_FIELDS.items():
        for name in names:
            value = raw.get(section, {}).get(name) if isinstance(raw, dict) and isinstance(
                raw.get(section), dict) else None
            if value is None:
                continue
            try:
                Findings.model_validate_json(json.dumps({section: {name: value}}))
            except ValidationError:
                continue
            kept.setdefault(section, {})[name] = value
    return Findings.model_validate_json(json.dumps(kept))


def previous_problems(findings: Findings) -> Iterator[tuple[str, str]]:
    """The previous visit is dated, before this one, and consistent in itself."""
    previous = getattr(findings, "previous", None)
    if previous is None:
        return
    before = previous.visit.visit_date if previous.visit else None
    now = findings.visit.visit_date if findings.visit else None
    if before is None:
        yield ("previous.visit.visit_date",
               "the previous visit's date is needed to compare with it")
    elif now is not None and before >= now:
        yield ("previous.visit.visit_date",
               f"the previous visit ({before}) is not before this visit ({now})")
    yield from ((f"previous.{path}", reason) for path, reason in consistency_problems(previous))


def consistency_problems(findings: Any) -> Iterator[tuple[str, str]]:
    """Checks across fields: dates in order, nothing in the future."""
    today = datetime.date.today()
    visit_date = findings.visit.visit_date if findings.visit else None
    onset_date = findings.history.onset_date if findings.history else None
    if visit_date and visit_date > today:
        yield "visit.visit_date", f"the visit date {visit_date} is in the future"
    if onset_date and visit_date and onset_date > visit_date:
        yield ("history.onset_date",
               f"the onset date {onset_date} is after the visit date {visit_date}")
    elif onset_date and onset_date > today:
        yield "history.onset_date", f"the onset date {onset_date} is in the future"
    yield from previous_problems(findings)
    history, patient = findings.history, findings.patient
    if history and patient and history.age_at_onset is not None \
            and patient.age_years is not None and history.age_at_onset > patient.age_years:
        yield ("history.age_at_onset",
               f"the age at onset ({history.age_at_onset}) is above the patient's age "
               f"({patient.age_years})")
    if history:
        yield from history_problems(history, patient)


def history_problems(history: Any, patient: Any) -> Iterator[tuple[str, str]]:
    """The history's answers that contradict each other (docs/findings.md, cross-field
    checks), each named by its path."""
    radiation = history.radiation or []
    if "none" in radiation and len(radiation) > 1:
        yield "history.radiation", "'none' cannot be listed with a place the pain spreads to"
    if history.radiation_side is not None and radiation == ["none"]:
        yield "history.radiation_side", "a side is given although the pain does not spread"
    best, now, worst = history.pain_best, history.pain_now, history.pain_worst
    if best is not None and now is not None and best > now:
        yield "history.pain_best", f"the best pain ({best}) is above the pain now ({now})"
    if now is not None and worst is not None and now > worst:
        yield "history.pain_worst", f"the worst pain ({worst}) is below the pain now ({now})"
    if history.cancer_metastatic is True and history.cancer_history is False:
        yield ("history.cancer_metastatic",
               "metastatic disease is recorded although there is no history of cancer")
    if history.pregnant is not None and patient is not None and patient.sex == "male":
        yield "history.pregnant", "pregnancy is answered for a male patient"
    if history.bilateral_leg_onset is not None and history.radiation_side != "bilateral":
        yield ("history.bilateral_leg_onset",
               "the onset of pain in both legs is given although it does not spread to both")
