"""A visit of a patient to the clinic; the documentation steps hang off it."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backpain.core.prepared_queries import PreparedQuery
from backpain.episodes.models import episode_to_join
from backpain.patients.models import age_in_years


class VisitType(models.TextChoices):
    NEW = "new", gettext_lazy("New patient")
    FOLLOW_UP = "follow_up", gettext_lazy("Follow-up")
    POST_OP = "post_op", gettext_lazy("Post-operative")


class VisitStatus(models.TextChoices):
    # Booked ahead: the only status whose date may be in the future (lifecycle.py).
    SCHEDULED = "scheduled", gettext_lazy("Scheduled")
    DRAFT = "draft", gettext_lazy("Draft")
    AWAITING_SIGNATURE = "awaiting_signature", gettext_lazy("Awaiting signature")
    SIGNED = "signed", gettext_lazy("Signed")
    AMENDED = "amended", gettext_lazy("Amended")


SIGNED_STATUSES = ("signed", "amended")
# Documented but not signed: what the work lists show (booked visits wait apart).
OPEN_STATUSES = ("draft", "awaiting_signature")
# What a signature covers on the visit row itself; status and version may still move on.
SIGNED_CONTENT_FIELDS = ("patient_id", "visit_date", "visit_type", "chief_complaint",
                         "assigned_physician_id")


class VisitLocked(Exception):
    """The visit is signed: its content can no longer change (corrections are addenda)."""


class Visit(models.Model):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="visits")
    # Every visit belongs to an episode of care of its patient (episodes.models).
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT,
                                related_name="visits")
    visit_date = models.DateField()
    visit_type = models.CharField(max_length=20, choices=VisitType.choices)
    chief_complaint = models.CharField(max_length=500, blank=True)
    assigned_physician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_visits",
    )
    status = models.CharField(max_length=20, choices=VisitStatus.choices, default=VisitStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="opened_visits"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: every step save bumps it; a save of a step that someone else
    # saved after the version the writer loaded is a conflict, never a silent overwrite.
    version = models.PositiveIntegerField(default=1)
    # Intake staff hand the visit to the physician's queue when the intake is done.
    intake_completed_at = models.DateTimeField(null=True, blank=True)
    intake_completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-visit_date", "-id"]
        permissions = [
            ("examine_patient", "Can record the examination, diagnostics, assessment and plan"),
            ("sign_visit", "Can sign a visit note"),
            ("export_visits", "Can export visit records"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visit_type__in=VisitType.values), name="visit_type_in_vocabulary"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=VisitStatus.values), name="visit_status_in_vocabulary"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="visit_version_positive"
            ),
        ]
        indexes = [
            # Today's list.
            models.Index(fields=["visit_date", "status"]),
            # The work lists read only the open visits, through partial indexes: their cost
            # follows the visits waiting, never the signed history (selectors.py).
            models.Index(fields=["assigned_physician", "visit_date", "id"],
                         condition=models.Q(status__in=OPEN_STATUSES),
                         name="visit_open_by_physician"),
            models.Index(fields=["visit_date", "id"],
                         condition=models.Q(intake_completed_at__isnull=True,
                                            status__in=OPEN_STATUSES),
                         name="visit_intake_open"),
            # The visits of an episode by date: whether a follow-up's window holds a visit
            # (followups.py) is a probe per episode, not a scan of every visit.
            models.Index(fields=["episode", "visit_date"], name="visit_episode_date"),
        ]

    def __str__(self):
        # The date as the clinic's locale writes it (ClinicLocaleMiddleware): 27 Nov 2026.
        return _("%(visit_type)s visit on %(date)s") % {
            "visit_type": self.get_visit_type_display(),
            "date": formats.date_format(self.visit_date, "DATE_FORMAT")}

    def save(self, *args, **kwargs):
        if self.episode_id is None and self.patient_id is not None:
            # open_visit chooses the episode; a visit made any other way (the demo, a
            # factory) joins by the same rule rather than belonging to none.
            self.episode = episode_to_join(self.patient, self.visit_type, self.visit_date,
                                           self.chief_complaint)
        if not self._state.adding and self.pk:
            stored = stored_state(self.pk)
            if stored and stored["status"] in SIGNED_STATUSES and (
                    self.status not in SIGNED_STATUSES
                    or any(getattr(self, f) != stored[f] for f in SIGNED_CONTENT_FIELDS)):
                raise VisitLocked("A signed visit cannot change: add an addendum.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if is_signed_as_stored(self.pk):
            raise VisitLocked("A signed visit cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_signed(self):
        return self.status in SIGNED_STATUSES

    def step_record(self, relation):
        """The visit's record of one step (history, examination, ...), or None."""
        try:
            return getattr(self, relation)
        except ObjectDoesNotExist:
            return None

    def to_findings(self) -> dict:
        """The engine's findings document for this visit (docs/findings.md).

        Each step converts itself; a step never saved is left out, which the engine reads
        as "not asked" (so the exam-dependent screening gaps wait for the exam).
        """
        document = {
            "patient": patient_findings(self.patient, self.visit_date),
            "visit": {"visit_date": self.visit_date.isoformat(), "visit_type": self.visit_type},
        }
        for relation, key in (("history", "history"), ("examination", "exam"),
                              ("questionnaires", "questionnaires")):
            record = self.step_record(relation)
            if record is not None:
                document[key] = record.to_findings()
        diagnostics = {"studies": [study.to_findings() for study in self.studies.all()]}
        labs = self.step_record("labs")
        if labs is not None:
            diagnostics["labs"] = labs.to_findings()
        document["diagnostics"] = diagnostics
        return document


# What a signed visit's row holds that no save may change, and its status, as stored: read on
# every save of the visit and of each of its records (models cannot change once signed),
# so prepared once per process (core/prepared_queries.py).
STORED_STATE = PreparedQuery(
    lambda pk: Visit.objects.filter(pk=pk).values(*SIGNED_CONTENT_FIELDS, "status")[:1],
    pk=Visit._meta.pk)


def stored_state(pk) -> dict | None:
    """The visit's SIGNED_CONTENT_FIELDS and status as stored, or None for no such visit."""
    found = STORED_STATE.rows(pk=pk)
    return found[0] if found else None


def is_signed_as_stored(pk) -> bool:
    stored = stored_state(pk)
    return stored is not None and stored["status"] in SIGNED_STATUSES


def patient_findings(patient, visit_date) -> dict:
    """The `patient` part of a visit's findings document: age at the visit, and sex."""
    return {"age_years": age_in_years(patient.date_of_birth, visit_date), "sex": patient.sex}
