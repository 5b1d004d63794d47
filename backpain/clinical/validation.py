"""Reading a findings document: every offending field is reported, nothing is half-read."""

import datetime
import decimal
import json

from pydantic import ValidationError

from .findings import Findings


class FindingsError(ValueError):
    """The document is not valid findings. ``errors`` holds (field path, reason) pairs."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("; ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [f"{path}: {reason}" for path, reason in self.errors]


def field_path(location) -> str:
    path = ""
    for part in location:
        if part == "[key]":  # pydantic marks a bad map key; the path already names it
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(document)"


def _json_default(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def parse_findings(document) -> Findings:
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


CROSS_FIELDS = {"patient": ("age_years",), "visit": ("visit_date",),
                "history": ("onset_date", "age_at_onset")}


def cross_field_part(document) -> Findings:
    """The fields the consistency checks read, each kept only when valid on its own."""
    try:
        raw = json.loads(document)
    except (ValueError, RecursionError):
        return Findings()
    kept = {}
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


def consistency_problems(findings: Findings):
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
    history, patient = findings.history, findings.patient
    if history and patient and history.age_at_onset is not None \
            and patient.age_years is not None and history.age_at_onset > patient.age_years:
        yield ("history.age_at_onset",
               f"the age at onset ({history.age_at_onset}) is above the patient's age "
               f"({patient.age_years})")
