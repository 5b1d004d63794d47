"""The history step's form: the questions in the order a clinician asks them."""

from crispy_forms.layout import Fieldset, Layout
from django import forms

from .. import vocabulary as v
from ..models import History
from .base import StepForm
from .fields import findings_formfield, label_blank_choices, not_after, today, visit_of
from .layout import inline, row, shown_when

HALF = "col-md-6"
SPREADING = [value for value in v.Radiation.values if value != v.Radiation.NONE]


class HistoryForm(StepForm):
    class Meta(StepForm.Meta):
        model = History
        fields = History.finding_field_names()
        formfield_callback = findings_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_blank_choices(self, "Not asked")
        self.helper.layout = Layout(
            Fieldset(
                "Location and course",
                *inline(self, "regions", "side", "radiation"),
                shown_when(self, "radiation", SPREADING, *inline(self, "radiation_side")),
                row("onset", "onset_date"),
                row("trigger", "trauma"),
                row("pain_now", "pain_worst", "pain_best"),
                *inline(self, "pain_course", "pain_qualities", "aggravating", "relieving",
                        "night_pain"),
                row("morning_stiffness_minutes", "age_at_onset", width=HALF),
                row(*inline(self, "improves_with_exercise", "improves_with_rest",
                            "alternating_buttock_pain", "leg_symptoms_walking_relieved_by_sitting"),
                    width=HALF),
            ),
            Fieldset(
                "Neurological symptoms",
                *inline(self, "numbness"),
                shown_when(self, "numbness", ["true"], *inline(self, "numbness_areas")),
                *inline(self, "weakness"),
                shown_when(self, "weakness", ["true"], *inline(self, "weakness_progressive")),
                row(*inline(self, "gait_change", "hand_clumsiness", "lhermitte"), width=HALF),
            ),
            Fieldset(
                "Bladder, bowel and sexual function (cauda equina screen)",
                row(*inline(self, "saddle_numbness", "bladder_dysfunction", "bowel_incontinence",
                            "sexual_dysfunction_new"), width=HALF),
            ),
            Fieldset(
                "Systemic context",
                row(*inline(self, "fever", "unexplained_weight_loss"), width=HALF),
                *inline(self, "cancer_history"),
                shown_when(self, "cancer_history", ["true"], *inline(self, "cancer_metastatic")),
                row(*inline(self, "immunosuppression", "iv_drug_use", "recent_infection",
                            "recent_spinal_procedure", "osteoporosis", "long_term_steroids",
                            "anticoagulation"), width=HALF),
                *inline(self, "inflammatory_conditions"),
                row(*inline(self, "family_history_spondyloarthritis", "abdominal_pain",
                            "chest_pain_or_dyspnoea", "vascular_disease"), width=HALF),
            ),
            Fieldset(
                "Course, treatment and function",
                *inline(self, "prior_episodes", "prior_treatments", "treatment_response"),
                row("walking_tolerance_minutes", "sitting_tolerance_minutes", width=HALF),
                "work_status",
            ),
        )

    def clean_onset_date(self):
        # The episode is dated against the visit, which may be documented days later.
        visit = visit_of(self.instance)
        limit = visit.visit_date if visit is not None else today()
        return not_after(
            self.cleaned_data.get("onset_date"), limit,
            "The episode cannot start after the visit date." if visit is not None
            else "The episode cannot start in the future.",
        )

    def clean(self):
        cleaned = super().clean()
        radiation = cleaned.get("radiation")
        if (cleaned.get("radiation_side") and "radiation" not in self.errors
                and not set(radiation or []) - {v.Radiation.NONE}):
            self.add_error(
                "radiation_side",
                forms.ValidationError(
                    "Leave the side empty when the pain does not spread.", code="no_radiation"
                ),
            )
        return cleaned
