"""The audit trail in words: the patient by name and MRN, the record as words ("Visit of 27 Nov
2026"), the details as sentences, for the audit page.

The trail keeps plain ids (models.py) and names none of the apps above it: each app registers
how to name its own records. A namer is asked once per page with every id on it, never once
per row.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext


@dataclass(frozen=True)
class Named:
    text: str
    url: str = ""  # only where the reader may open it
    mrn: str = ""  # patients only


# (reader, patient ids) -> {patient id: Named}: registered by the patients app.
PATIENT_NAMERS: list[Callable[[Any, set[int]], dict[int, Named]]] = []
# object_type ("visits.Visit") -> (reader, object ids) -> {object id: Named}.
RECORD_NAMERS: dict[str, Callable[[Any, set[str]], dict[str, Named]]] = {}
# A detail's key -> the words for one of its values (a step's title for "step"), registered by
# the app that owns the values; a value without words is shown as it is stored.
VALUE_WORDS: dict[str, Callable[[str], str]] = {}

# Keys shown by their phrase; %(value)s is the value in words. Other keys read "Key: value".
PHRASES = {
    "reason": gettext_lazy("Reason: %(value)s"),
    "path": gettext_lazy("Address: %(value)s"),
    "method": gettext_lazy("Request: %(value)s"),
    "step": gettext_lazy("Step: %(value)s"),
    "version": gettext_lazy("Version %(value)s"),
    "loaded_version": gettext_lazy("The form was opened at version %(value)s"),
    "changed_fields": gettext_lazy("Changed: %(value)s"),
    "visit_date": gettext_lazy("Visit date: %(value)s"),
    "visit_type": gettext_lazy("Type of visit: %(value)s"),
    "meaning": gettext_lazy("Meaning of the signature: %(value)s"),
    "content_hash": gettext_lazy("Content hash (SHA-256) %(value)s"),
    "pdf_sha256": gettext_lazy("PDF hash (SHA-256) %(value)s"),
    "problems": gettext_lazy("Problems found: %(value)s"),
    "format": gettext_lazy("Format: %(value)s"),
    "filters": gettext_lazy("Filters: %(value)s"),
    "file_name": gettext_lazy("File: %(value)s"),
    "export_started": gettext_lazy("Ends the export started as event %(value)s"),
    "page": gettext_lazy("Page %(value)s"),
    "to_user": gettext_lazy("Sent to the user %(value)s"),
    "unlocked_username": gettext_lazy("Account unlocked: %(value)s"),
    "ip_address": gettext_lazy("From the address %(value)s"),
    "error": gettext_lazy("Error: %(value)s"),
}
HASH_KEYS = {"content_hash", "pdf_sha256"}
REASON_WORDS = {"idle": gettext_lazy("no activity for too long"),
                "absolute": gettext_lazy("the session reached its maximum length")}


def readable(events: list, reader) -> list:
    """Give each event `patient` and `record` (Named or None) and `sentences` (list of str):
    one query per kind of record on the page, whatever the number of rows."""
    patient_ids = {e.patient_id for e in events if e.patient_id is not None}
    patients: dict[int, Named] = {}
    for namer in PATIENT_NAMERS:
        patients.update(namer(reader, patient_ids) if patient_ids else {})
    ids_by_type: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.object_type and event.object_id:
            ids_by_type[event.object_type].add(event.object_id)
    records = {object_type: RECORD_NAMERS[object_type](reader, ids)
               for object_type, ids in ids_by_type.items() if object_type in RECORD_NAMERS}
    for event in events:
        event.patient = patients.get(event.patient_id) if event.patient_id is not None else None
        event.record = (records.get(event.object_type, {}).get(event.object_id)
                        or unnamed_record(event.object_type, event.object_id))
        event.sentences = sentences(event.details)
    return events


def unnamed_record(object_type: str, object_id: str) -> Named | None:
    """A record no app names (a user account): its kind in words and its id."""
    if not object_type:
        return None
    try:
        kind = str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        kind = object_type
    return Named(f"{kind[:1].upper()}{kind[1:]} {object_id}".strip())


def sentences(details: dict) -> list[str]:
    """The details of an event, one short sentence each, in a stable order."""
    if not isinstance(details, dict):
        return [str(details)]
    shown = dict(details)
    if "changes" in shown:  # the changes name their fields: no separate list of them
        shown.pop("changed_fields", None)
    said = []
    for key, value in shown.items():
        if value in (None, "", [], {}):
            continue
        said.append(sentence(key, value))
    return [s for s in said if s]


def sentence(key: str, value) -> str:
    if key == "changes" and isinstance(value, dict):
        return "; ".join(_("%(field)s changed from “%(old)s” to “%(new)s”") % {
            "field": key_words(name), "old": words(old), "new": words(new)}
            for name, (old, new) in value.items()) + "."
    if key == "new_account":
        return _("A new account.") if value else ""
    if key == "row_count":
        return ngettext("%(count)d record.", "%(count)d records.", value) % {"count": value}
    if key == "bytes_sent":
        return _("%(size)s sent.") % {"size": formats.number_format(value, force_grouping=True)
                                      + " " + _("bytes")}
    if key == "failures":
        return ngettext("%(count)d failed attempt.", "%(count)d failed attempts.",
                        value) % {"count": value}
    text = words(value, key)
    if key in HASH_KEYS and isinstance(value, str):
        text = f"{value[:12]}…"
    if key == "reason" and value in REASON_WORDS:
        text = str(REASON_WORDS[value])
    phrase = PHRASES.get(key)
    said = (str(phrase) % {"value": text} if phrase
            else _("%(key)s: %(value)s") % {"key": key_words(key), "value": text})
    return said if said.endswith((".", "?", "!")) else f"{said}."


def words(value, key: str = "") -> str:
    """A stored value as a reader says it: lists joined, dates written out, codes in words."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return ", ".join(f"{key_words(k)} {words(v, k)}" for k, v in value.items()) or "—"
    if isinstance(value, Iterable) and not isinstance(value, str):
        return ", ".join(words(v, key) for v in value) or "—"
    if isinstance(value, str):
        if key in VALUE_WORDS:
            return VALUE_WORDS[key](value)
        if key in ("changed_fields",):
            return key_words(value).lower()
        if key.startswith("date") or key.endswith("date") or key.endswith("_from") \
                or key.endswith("_to"):
            try:
                return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
            except ValueError:
                return value
    return "—" if value is None else str(value)


def key_words(key: str) -> str:
    text = str(key).replace("_", " ").strip()
    return f"{text[:1].upper()}{text[1:]}"
