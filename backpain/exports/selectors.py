"""Reads for exports: the visits of one clinic that match the administrator's filters.

Every export reads visits through `export_records`, which iterates a server-side cursor in
chunks and reads, per chunk, the steps' stored values (one query, plain values rather than a
model per step), the studies, signatures and note versions; so an export of a year costs the
same memory and the same number of queries per chunk as a week.
"""

import gc
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache

import orjson
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext_lazy

from backpain.accounts.models import User
from backpain.accounts.roles import Role
from backpain.core.read_ahead import read_ahead
from backpain.notes.models import NoteVersion, Signature
from backpain.visits.assessments import assessment_of
from backpain.visits.models import DiagnosticStudy, StoredAssessment, Visit, VisitStatus
from backpain.visits.selectors import with_steps
from backpain.visits.steps import STEPS

from .models import ExportJob

CHUNK_SIZE = 200


class StatusChoice:
    SIGNED = "signed"
    AMENDED = "amended"
    UNSIGNED = "unsigned"
    ANY = "any"
    CHOICES = [
        (SIGNED, gettext_lazy("Signed only (signed or amended)")),
        (AMENDED, gettext_lazy("Amended only")),
        (UNSIGNED, gettext_lazy("Not yet signed (draft or awaiting signature)")),
        (ANY, gettext_lazy("Any status")),
    ]
    STATUSES = {
        SIGNED: (VisitStatus.SIGNED, VisitStatus.AMENDED),
        AMENDED: (VisitStatus.AMENDED,),
        UNSIGNED: (VisitStatus.DRAFT, VisitStatus.AWAITING_SIGNATURE),
        ANY: None,
    }


class RedFlagChoice:
    ANY = "any"
    YES = "yes"
    NO = "no"
    CHOICES = [(ANY, gettext_lazy("With or without red flags")),
               (YES, gettext_lazy("With red flags")), (NO, gettext_lazy("Without red flags"))]


@dataclass(frozen=True)
class ExportFilters:
    date_from: date | None = None
    date_to: date | None = None
    physician_id: int | None = None
    status: str = StatusChoice.SIGNED
    red_flags: str = RedFlagChoice.ANY

    def as_audit(self) -> dict:
        """The filters as plain JSON, for the audit event of an export."""
        return {name: value.isoformat() if isinstance(value, date) else value
                for name, value in asdict(self).items()}

    @classmethod
    def from_audit(cls, data: dict) -> "ExportFilters":
        """The filters back from as_audit()'s JSON (an export job keeps them so)."""
        dates = {name: date.fromisoformat(data[name]) if data.get(name) else None
                 for name in ("date_from", "date_to")}
        return cls(**{**data, **dates})


def physicians_for_export(clinic_id):
    """Physicians of the clinic, former staff included: their visits are still records."""
    return User.objects.filter(clinic_id=clinic_id, groups__name=Role.PHYSICIAN.value).order_by(
        "last_name", "first_name", "username")


def matching_visits(clinic_id, filters: ExportFilters):
    """The clinic's visits matching the database filters (not yet the red-flag filter)."""
    visits = Visit.objects.filter(patient__clinic_id=clinic_id)
    if filters.date_from:
        visits = visits.filter(visit_date__gte=filters.date_from)
    if filters.date_to:
        visits = visits.filter(visit_date__lte=filters.date_to)
    if filters.physician_id:
        visits = visits.filter(assigned_physician_id=filters.physician_id)
    statuses = StatusChoice.STATUSES[filters.status]
    if statuses is not None:
        visits = visits.filter(status__in=statuses)
    return visits


def with_export_relations(visits):
    """Visits with their steps, signatures and note versions as model instances, for the
    outcome series (visits/trends reads the steps): a fixed number of queries."""
    return with_steps(visits).prefetch_related(
        Prefetch("signatures", queryset=note_signatures(), to_attr="note_signatures"),
        Prefetch("note_versions", queryset=note_versions().order_by("-number"),
                 to_attr="versions_newest_first"),
    )


# Each step's stored findings, read as plain values (no model instances): the export reads
# hundreds of columns per visit, and building a model per step cost more than the query.
STEP_MODELS = {step.related_name: step.model for step in STEPS}
STEP_FIELDS = {relation: model.finding_field_names() for relation, model in STEP_MODELS.items()}
STEP_LOOKUPS = ["pk", *(lookup for relation, names in STEP_FIELDS.items()
                        for lookup in (f"{relation}__pk",
                                       *(f"{relation}__{name}" for name in names)))]


def is_json(lookup: str) -> bool:
    relation, _, name = lookup.partition("__")
    return name not in ("", "pk") and isinstance(STEP_MODELS[relation]._meta.get_field(name),
                                                 models.JSONField)


# A JSON column (ticked lists) is read as its text and parsed with orjson: Django's JSONField
# parses with the standard library, which was a third of reading a chunk's steps.
STEP_COLUMNS = [Cast(lookup, TextField()) if is_json(lookup) else lookup
                for lookup in STEP_LOOKUPS]
STEP_JSON_AT = [at for at, lookup in enumerate(STEP_LOOKUPS) if is_json(lookup)]


def json_or_none(text):
    """JSON text as Python; text that is not JSON (SQLite extracts a JSON string unquoted)
    comes back as it is."""
    if text is None:
        return None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return text


@lru_cache(maxsize=1)
def step_values():
    """The visits' step values query, set up once (resolving its 223 columns took 9 ms)."""
    return Visit.objects.values_list(*STEP_COLUMNS).order_by()  # rows are looked up by visit


def step_rows(ids):
    """Each visit's row of stored step values, JSON parsed (selectors.STEP_LOOKUPS' order)."""
    for row in step_values().filter(pk__in=ids):
        row = list(row)
        for at in STEP_JSON_AT:
            row[at] = json_or_none(row[at])
        yield row


@dataclass
class ExportRecord:
    """One visit as every export format reads it.

    `visit` has its patient, episode and physician joined in; its steps come as `steps`
    (relation -> {field: stored value}, or None for a step never saved), beside its studies,
    note signature and note versions, all read once per chunk of visits.
    """

    visit: Visit
    decision_support: dict
    engine_as_of: str  # "signing": as shown on the signed note; "saved": as last assessed
    engine_problems: list[str] = field(default_factory=list)
    steps: dict[str, dict | None] = field(default_factory=dict)
    studies: list[DiagnosticStudy] = field(default_factory=list)
    note_signature: Signature | None = None
    versions_newest_first: list[NoteVersion] = field(default_factory=list)

    @property
    def latest_version(self) -> NoteVersion | None:
        versions = self.versions_newest_first
        return versions[0] if versions else None

    @property
    def latest_stored_version(self) -> NoteVersion | None:
        """The newest version whose PDF the worker has stored (a note signed moments ago may
        still be waiting for its PDF)."""
        return next((v for v in self.versions_newest_first if not v.pending), None)

    @property
    def red_flag_codes(self) -> list[str]:
        return [flag["code"] for flag in self.decision_support.get("red_flags", [])]


def note_signatures():
    """Signatures of the notes themselves (not addenda), with the engine's reading at signing
    but without the rest of the signed document (see with_decision_support)."""
    return signatures_query().all()  # a copy: the one kept is never run


@lru_cache(maxsize=1)
def signatures_query():
    """note_signatures' query, set up once per process. Django resolves the JSON path
    `content__decision_support` by raising and catching an exception; its traceback held the
    calling frame, and so an export chunk's records, in a cycle only the cyclic collector
    freed: set up per chunk, every chunk's records waited for it (a twentieth of a CSV
    export's time went into collecting them)."""
    return (Signature.objects.filter(addendum__isnull=True)
            .annotate(decision_support_json=Cast(F("content__decision_support"), TextField()))
            .defer("content"))


def with_decision_support(signatures):
    """Signatures read by note_signatures, each with `decision_support` parsed from its JSON
    text by orjson (the standard library's parser took a quarter of reading them)."""
    for signature in signatures:
        signature.decision_support = json_or_none(signature.decision_support_json)
    return signatures


def note_versions():
    return NoteVersion.objects.select_related("signature").defer("signature__content")


VERSION_SIGNATURE = NoteVersion._meta.get_field("signature")


def with_signatures(versions, note_signatures: dict) -> list[NoteVersion]:
    """Note versions, each with its signature: a first version's is the note's own signature,
    read already (`note_signatures` by visit id); an addendum's are read in one query for all.
    Joining the signature into every version read each signature twice, and built it twice."""
    versions = list(versions)
    missing = []
    for version in versions:
        signature = note_signatures.get(version.visit_id)
        if signature is not None and signature.pk == version.signature_id:
            VERSION_SIGNATURE.set_cached_value(version, signature)
        else:
            missing.append(version)
    if missing:
        found = Signature.objects.defer("content").in_bulk(
            [version.signature_id for version in missing])
        for version in missing:
            VERSION_SIGNATURE.set_cached_value(version, found[version.signature_id])
    return versions


def engine_reading(visit, signature) -> tuple[dict, str, list[str]]:
    """The engine's reading of the visit: as signed when it is signed, else as stored when its
    findings were last saved: (data, "signing" or "saved", problems).

    A signed note is the legal record: its export shows the flags the physician saw and
    signed, even if a later release of the engine would read the same findings differently.
    """
    if signature is not None and isinstance(signature.decision_support, dict):
        return signature.decision_support, "signing", []
    assessment = assessment_of(visit)
    return assessment.data, "saved", assessment.problems


def export_record(visit) -> ExportRecord:
    """The record of a visit read with_export_relations (the outcome series reads those)."""
    signature = with_decision_support(visit.note_signatures)[0] if visit.note_signatures \
        else None
    data, as_of, problems = engine_reading(visit, signature)
    return ExportRecord(visit, data, as_of, problems, note_signature=signature,
                        versions_newest_first=visit.versions_newest_first)


def by_visit(rows) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.visit_id, []).append(row)
    return grouped


def chunk_records(visits: list[Visit]) -> list[ExportRecord]:
    """The records of one chunk of visits: a fixed number of queries, whatever its size."""
    ids = [visit.pk for visit in visits]
    steps = {}
    for row in step_rows(ids):
        found, at = {}, 1
        for relation, names in STEP_FIELDS.items():
            present, at = row[at] is not None, at + 1
            found[relation] = dict(zip(names, row[at:at + len(names)], strict=True)) \
                if present else None
            at += len(names)
        steps[row[0]] = found
    studies = by_visit(DiagnosticStudy.objects.filter(visit_id__in=ids))
    signatures = {s.visit_id: s
                  for s in with_decision_support(note_signatures().filter(visit_id__in=ids)
                                                 .order_by())}
    versions = by_visit(with_signatures(
        NoteVersion.objects.filter(visit_id__in=ids).order_by("visit_id", "-number"),
        signatures))
    unsigned = {visit.pk for visit in visits if not isinstance(
        getattr(signatures.get(visit.pk), "decision_support", None), dict)}
    stored = {s.visit_id: s for s in StoredAssessment.objects.filter(visit_id__in=unsigned)}
    records = []
    for visit in visits:
        if visit.pk in unsigned:
            # As prefetching would: a visit without a stored assessment reads as such, no query.
            STORED_ASSESSMENT.set_cached_value(visit, stored.get(visit.pk))
        signature = signatures.get(visit.pk)
        data, as_of, problems = engine_reading(visit, signature)
        records.append(ExportRecord(visit, data, as_of, problems, steps=steps[visit.pk],
                                    studies=studies.get(visit.pk, []),
                                    note_signature=signature,
                                    versions_newest_first=versions.get(visit.pk, [])))
    return records


# What no export reads of a visit, its patient and its episode (when and by whom rows were
# written): left unread, a model per row is built with a third fewer values.
NOT_EXPORTED = ("created_at", "updated_at", "created_by", "intake_completed_at",
                "intake_completed_by", "patient__created_at", "patient__updated_at",
                "episode__created_at", "episode__created_by")
STORED_ASSESSMENT = Visit._meta.get_field("stored_assessment")
ASSIGNED_PHYSICIAN = Visit._meta.get_field("assigned_physician")


def in_chunks_of(items, size):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def export_records(clinic_id, filters: ExportFilters, chunk_size=CHUNK_SIZE):
    """Each matching visit as an ExportRecord, streamed from the database chunk by chunk."""
    visits = (matching_visits(clinic_id, filters).select_related("patient", "episode")
              .defer(*NOT_EXPORTED).order_by("visit_date", "id"))
    # The clinic's staff, read once: a visit's physician is one of a few dozen users, and
    # joining one into every row built a user per visit.
    staff = {user.pk: user for user in User.objects.filter(clinic_id=clinic_id)}
    # An export allocates many short-lived dicts, which keep triggering the cyclic collector;
    # each full collection walked every object of the process (Django, the app, its caches),
    # half the time of a FHIR export. What lived before the export is left out of collections
    # until it ends (gc.freeze), and the collector's own runs are off meanwhile: triggered by
    # the count of new objects, they ran a dozen times per chunk over objects that all live
    # until the chunk is written. Instead the export collects after each chunk it wrote,
    # walking the chunk or two alive then and freeing their cycles (a note version and its
    # opened file refer to each other): memory stays that of a chunk or two, however long
    # the export.
    def chunks_read():
        for chunk in in_chunks_of(visits.iterator(chunk_size=chunk_size), chunk_size):
            for visit in chunk:
                if visit.assigned_physician_id in staff:
                    ASSIGNED_PHYSICIAN.set_cached_value(visit, staff[visit.assigned_physician_id])
            yield chunk_records(chunk)

    collecting = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        # The next chunk is read (core/read_ahead.py) while this one is written.
        for records in read_ahead(chunks_read):
            for record in records:
                if passes_red_flag_filter(record, filters):
                    yield record
            del records
            gc.collect()
    finally:
        if collecting:
            gc.enable()
        gc.unfreeze()


def in_chunks_collected(visits, chunk_size):
    """Visits read with_export_relations, streamed from the database chunk by chunk, the next
    chunk read ahead (core/read_ahead.py) while this one is used."""
    def chunks_read():
        return in_chunks_of(visits.iterator(chunk_size=chunk_size), chunk_size)

    for chunk in read_ahead(chunks_read):
        yield from chunk
        # The chunk is garbage now, but Django's relation caches tie each visit to its steps
        # both ways (visit.history, history.visit), cycles that only the cyclic collector
        # frees. Left to its own schedule it runs rarely, and memory would grow with the size
        # of the export.
        del chunk
        gc.collect()


def episode_visits(clinic_id, filters: ExportFilters, chunk_size=CHUNK_SIZE):
    """(visit, exported) for every visit of each episode that has a matching visit, episode
    by episode in date order: the outcome series needs the episode's earlier signed visits
    (the baseline) even where the filters leave them out of the export."""
    matching = matching_visits(clinic_id, filters)
    visits = (with_export_relations(Visit.objects.filter(
        episode_id__in=matching.values("episode_id")))
        .annotate(matches=Exists(matching.filter(pk=OuterRef("pk"))))
        .order_by("patient_id", "episode_id", "visit_date", "id"))
    for visit in in_chunks_collected(visits, chunk_size):
        exported = visit.matches and (filters.red_flags == RedFlagChoice.ANY
                                      or passes_red_flag_filter(export_record(visit), filters))
        yield visit, exported


def passes_red_flag_filter(record: ExportRecord, filters: ExportFilters) -> bool:
    if filters.red_flags == RedFlagChoice.YES:
        return bool(record.red_flag_codes)
    if filters.red_flags == RedFlagChoice.NO:
        return not record.red_flag_codes
    return True


def count_matching(clinic_id, filters: ExportFilters) -> int:
    """How many visits an export with these filters holds (shown before exporting)."""
    if filters.red_flags == RedFlagChoice.ANY:
        return matching_visits(clinic_id, filters).count()
    # Red flags are the engine's reading, not a column: each visit is read to count it.
    return sum(1 for _ in export_records(clinic_id, filters))


RECENT_JOBS = 10


def job_of(user, public_id) -> ExportJob:
    """The user's own export job, or 404: a job's file is handed only to the administrator
    who asked for it, in the clinic they asked it of (another user's id is refused and
    audited, by RefusedLookupAuditMiddleware)."""
    job = ExportJob.objects.filter(public_id=public_id, requested_by=user,
                                   clinic_id=user.clinic_id).first()
    if job is None:
        raise Http404("No such export.")
    return job


def recent_jobs(user):
    """The user's latest export jobs, newest first, for the export page."""
    return ExportJob.objects.filter(requested_by=user, clinic_id=user.clinic_id)[:RECENT_JOBS]
