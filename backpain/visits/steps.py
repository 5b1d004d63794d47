"""The documentation steps of a visit, in clinical order: one registry entry per step.

A step names its model, its form, the permission that edits it, and the fields a note needs
before it can be signed. One view and one template render any step; adding a step is an entry here,
a model and a form.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Field
from django.http import Http404
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .models import Assessment, Examination, History, Labs, Plan, Questionnaires
from .models.step import StepRecord
from .models.step import plain_value as plain

# Intake staff and physicians document the intake; only physicians the rest.
INTAKE_AND_PHYSICIAN = "visits.change_visit"
PHYSICIAN_ONLY = "visits.examine_patient"


class StepState:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    LABELS = {NOT_STARTED: _("Not started"), IN_PROGRESS: _("In progress"),
              COMPLETE: _("Complete")}


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise  # translated when shown
    model: type[StepRecord]
    form_path: str
    permission: str  # the Django permission that edits this step
    required_to_sign: tuple[str, ...] = ()
    formset_path: str | None = None
    intake: bool = False
    uses_engine: bool = False  # the form offers the engine's patterns, flags and codes
    help: str | Promise = ""

    @cached_property
    def form_class(self):
        return import_string(self.form_path)

    @cached_property
    def formset_class(self):
        return import_string(self.formset_path) if self.formset_path else None

    @property
    def related_name(self):
        return self.model._meta.get_field("visit").remote_field.related_name

    def can_edit(self, user) -> bool:
        return user.has_perm(self.permission)

    def record_of(self, visit):
        """The saved record of this step for the visit, or None."""
        return visit.step_record(self.related_name)

    def studies_of(self, visit):
        return list(visit.studies.all()) if self.formset_path else []

    def missing_fields(self, visit) -> list[str]:
        record = self.record_of(visit)
        return [name for name in self.required_to_sign
                if record is None or getattr(record, name) in (None, "", [])]

    def state(self, visit) -> str:
        started = self.record_of(visit) is not None or bool(self.studies_of(visit))
        if not started:
            return StepState.NOT_STARTED
        return StepState.IN_PROGRESS if self.missing_fields(visit) else StepState.COMPLETE

    def snapshot(self, visit) -> dict:
        """The step's saved values as plain JSON, for revisions and the conflict page."""
        # A step never saved reads as the model's defaults (empty lists, nulls).
        record = self.record_of(visit) or self.model()
        data = {name: plain(getattr(record, name)) for name in self.model.finding_field_names()}
        if self.formset_path:
            data["studies"] = [
                {"id": s.pk, **{n: plain(getattr(s, n)) for n in s.finding_field_names()}}
                for s in self.studies_of(visit)
            ]
        return data

    def field_label(self, name) -> str:
        if name == "studies":
            return str(_("Diagnostic studies"))
        field = self.model._meta.get_field(name)
        assert isinstance(field, Field)  # a finding's column, never a reverse relation
        return str(field.verbose_name)


STEPS = (
    Step("history", _("History"), History, "backpain.visits.forms.history.HistoryForm",
         INTAKE_AND_PHYSICIAN, required_to_sign=("regions", "onset", "pain_now"), intake=True,
         help=_("What the patient reports: location, course, neurological and systemic "
                "symptoms.")),
    Step("questionnaires", _("Questionnaires"), Questionnaires,
         "backpain.visits.forms.questionnaires.QuestionnairesForm", INTAKE_AND_PHYSICIAN,
         intake=True, help=_("Outcome measures: Oswestry, Neck Disability Index, STarT Back.")),
    Step("examination", _("Examination"), Examination,
         "backpain.visits.forms.examination.ExaminationForm", PHYSICIAN_ONLY,
         required_to_sign=("gait",),
         help=_("Inspection, palpation, neurological examination by root, tension signs.")),
    Step("diagnostics", _("Diagnostics"), Labs, "backpain.visits.forms.diagnostics.LabsForm",
         PHYSICIAN_ONLY, formset_path="backpain.visits.forms.diagnostics.StudyFormSet",
         help=_("Imaging and other studies, laboratory results.")),
    Step("assessment", _("Assessment"), Assessment,
         "backpain.visits.forms.assessment.AssessmentForm", PHYSICIAN_ONLY,
         required_to_sign=("diagnoses",), uses_engine=True,
         help=_("Confirm or override the suggested patterns, choose diagnoses, review red "
                "flags.")),
    Step("plan", _("Plan"), Plan, "backpain.visits.forms.plan.PlanForm", PHYSICIAN_ONLY,
         required_to_sign=("disposition", "follow_up_weeks"),
         help=_("Management, referrals and follow-up.")),
)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}
STEP_RELATIONS = [step.related_name for step in STEPS]


def step_for(slug) -> Step:
    try:
        return STEPS_BY_SLUG[slug]
    except KeyError:
        raise Http404("No such step") from None


def next_step(step, user) -> Step | None:
    later = STEPS[STEPS.index(step) + 1:]
    return next((s for s in later if s.can_edit(user)), None)


def missing_to_sign(visit) -> list[tuple[Step, str]]:
    return [(step, name) for step in STEPS for name in step.missing_fields(visit)]
