"""The history step's form: the questions of the data dictionary in the order a clinician
asks them (backpain/clinical/dictionary/history.py)."""

from crispy_forms.layout import Layout

from ..models import History
from .base import StepForm
from .declared import declared_fieldsets, refuse_unasked_answers
from .fields import findings_formfield, label_blank_choices, not_after, today, visit_of


class HistoryForm(StepForm):
    class Meta(StepForm.Meta):
        model = History
        fields = History.finding_field_names()
        formfield_callback = findings_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_blank_choices(self, "Not asked")
        self.helper.layout = Layout(*declared_fieldsets(self, "history"))

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
        refuse_unasked_answers(self, "history")
        return cleaned
