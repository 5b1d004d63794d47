"""An episode of care (one condition of one patient, followed from an index date) and the
clinic's follow-up schedule measured from that date."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class EpisodeStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Open")
    CLOSED = "closed", gettext_lazy("Closed")


class IndexEvent(models.TextChoices):
    FIRST_VISIT = "first_visit", gettext_lazy("First visit")
    PROCEDURE = "procedure", gettext_lazy("Procedure")


class Episode(models.Model):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT,
                                related_name="episodes")
    condition = models.CharField(gettext_lazy("condition"), max_length=200)
    start_date = models.DateField(gettext_lazy("start date"))
    # Follow-up points are measured from the index date: the first visit, or the date of a
    # procedure (registries time post-operative follow-up from the operation).
    index_event = models.CharField(gettext_lazy("index event"), max_length=20,
                                   choices=IndexEvent.choices, default=IndexEvent.FIRST_VISIT)
    index_date = models.DateField(gettext_lazy("index date"))
    status = models.CharField(gettext_lazy("status"), max_length=10,
                              choices=EpisodeStatus.choices, default=EpisodeStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = gettext_lazy("episode of care")
        verbose_name_plural = gettext_lazy("episodes of care")
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=EpisodeStatus.values),
                                   name="episode_status_in_vocabulary"),
            models.CheckConstraint(condition=models.Q(index_event__in=IndexEvent.values),
                                   name="episode_index_event_in_vocabulary"),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_on__isnull=True)
                | models.Q(status="closed", closed_on__isnull=False),
                name="episode_closed_on_only_when_closed"),
        ]
        indexes = [
            models.Index(fields=["patient", "status"]),
            # The follow-ups work list reads the open episodes whose index date falls in a
            # window, oldest first (visits/followups.py): by this index, not a scan of every
            # episode the clinic ever had.
            models.Index(fields=["index_date", "id"], condition=models.Q(status="open"),
                         name="episode_open_by_index_date"),
        ]

    def __str__(self):
        return f"{self.condition} ({self.start_date:%Y-%m-%d})"

    @property
    def is_open(self):
        return self.status == EpisodeStatus.OPEN

    def set_status(self, status, today):
        """Open or close the episode (not saved); a closed one remembers the day."""
        self.status = status
        self.closed_on = today if status == EpisodeStatus.CLOSED else None


def episode_to_join(patient, visit_type, visit_date, condition="") -> Episode:
    """The episode a visit joins when none was chosen: a new-patient visit starts one; any
    other joins the patient's most recently started open episode, or starts one if none is
    open."""
    if visit_type != "new":
        latest = Episode.objects.filter(patient=patient, status=EpisodeStatus.OPEN).order_by(
            "-start_date", "-id").first()
        if latest is not None:
            return latest
    return Episode.objects.create(patient=patient, condition=condition[:200] or "Back pain",
                                  start_date=visit_date, index_date=visit_date)


class FollowUpPoint(models.Model):
    """One follow-up of the clinic's schedule: `days_after_index` is the target, and a visit
    from `window_before_days` before it to `window_after_days` after it counts for it."""

    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.CASCADE,
                               related_name="follow_up_points",
                               verbose_name=gettext_lazy("clinic"))
    label = models.CharField(gettext_lazy("name"), max_length=60,
                             help_text=gettext_lazy("As the clinic says it, e.g. “3 months”."))
    days_after_index = models.PositiveIntegerField(
        gettext_lazy("target (days after the index date)"))
    window_before_days = models.PositiveIntegerField(
        gettext_lazy("window opens (days before the target)"))
    window_after_days = models.PositiveIntegerField(
        gettext_lazy("window closes (days after the target)"))

    class Meta:
        ordering = ["days_after_index"]
        verbose_name = gettext_lazy("follow-up point")
        verbose_name_plural = gettext_lazy("follow-up schedule")
        constraints = [
            models.UniqueConstraint(fields=["clinic", "days_after_index"],
                                    name="follow_up_point_unique_per_clinic"),
            models.CheckConstraint(
                condition=models.Q(window_before_days__lte=models.F("days_after_index")),
                name="follow_up_window_opens_after_index"),
        ]

    def __str__(self):
        return self.label

    def window(self, index_date: datetime.date):
        """(opens, target, closes) for an episode whose index date is `index_date`."""
        target = index_date + datetime.timedelta(days=self.days_after_index)
        return (target - datetime.timedelta(days=self.window_before_days), target,
                target + datetime.timedelta(days=self.window_after_days))


class TreatmentKind(models.TextChoices):
    """The staged management of back pain: conservative care, then interventions, then surgery."""

    PHYSIOTHERAPY = "physiotherapy", gettext_lazy("Physiotherapy")
    EXERCISE = "exercise", gettext_lazy("Home exercise programme")
    MEDICATION = "medication", gettext_lazy("Medication")
    EPIDURAL = "epidural", gettext_lazy("Epidural steroid injection")
    FACET = "facet", gettext_lazy("Facet joint injection")
    RADIOFREQUENCY = "radiofrequency", gettext_lazy("Radiofrequency denervation")
    SURGICAL_CONSULT = "surgical_consult", gettext_lazy("Surgical consultation")
    SURGERY = "surgery", gettext_lazy("Surgery")
    OTHER = "other", gettext_lazy("Other (in words)")


# The stage each kind belongs to, in the order care usually escalates.
TREATMENT_STAGES: dict[str, str] = {
    TreatmentKind.PHYSIOTHERAPY: "conservative", TreatmentKind.EXERCISE: "conservative",
    TreatmentKind.MEDICATION: "conservative", TreatmentKind.EPIDURAL: "intervention",
    TreatmentKind.FACET: "intervention", TreatmentKind.RADIOFREQUENCY: "intervention",
    TreatmentKind.SURGICAL_CONSULT: "surgical", TreatmentKind.SURGERY: "surgical",
    TreatmentKind.OTHER: "other",
}


class TreatmentResponse(models.TextChoices):
    BETTER = "better", gettext_lazy("Better")
    SAME = "same", gettext_lazy("No change")
    WORSE = "worse", gettext_lazy("Worse")


class Treatment(models.Model):
    """One treatment tried in an episode, from its start date; the response is recorded at the
    next visit (better, no change or worse, with a word of detail)."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="treatments")
    kind = models.CharField(gettext_lazy("treatment"), max_length=20,
                            choices=TreatmentKind.choices)
    detail = models.CharField(gettext_lazy("detail"), max_length=200, blank=True)
    start_date = models.DateField(gettext_lazy("start date"))
    response = models.CharField(gettext_lazy("response"), max_length=10, blank=True,
                                choices=TreatmentResponse.choices)
    response_note = models.CharField(gettext_lazy("response in words"), max_length=200,
                                     blank=True)
    response_on = models.DateField(gettext_lazy("response recorded on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = gettext_lazy("treatment")
        verbose_name_plural = gettext_lazy("treatments")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=TreatmentKind.values),
                                   name="treatment_kind_in_vocabulary"),
            models.CheckConstraint(
                condition=models.Q(response__in=["", *TreatmentResponse.values]),
                name="treatment_response_in_vocabulary"),
            models.CheckConstraint(
                condition=models.Q(response="", response_on__isnull=True)
                | (~models.Q(response="") & models.Q(response_on__isnull=False)),
                name="treatment_response_dated"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.kind == TreatmentKind.OTHER:
            return self.detail
        label = str(self.get_kind_display())
        return f"{label}: {self.detail}" if self.detail else label

    @property
    def stage(self) -> str:
        return TREATMENT_STAGES.get(self.kind, "other")
