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
        except (TypeError, ValueError) as error:
            raise FindingsError([("(document)", str(error))]) from None
    try:
        findings = Findings.model_validate_json(document)
    except ValidationError as error:
        raise FindingsError(
            (field_path(e["loc"]), e["msg"]) for e in error.errors(include_url=False)
        ) from None
    problems = list(consistency_problems(findings))
    if problems:
        raise FindingsError(problems)
    return findings


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
