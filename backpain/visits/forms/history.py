"""The history step's form: the questions of the data dictionary in the order a clinician
asks them (backpain/clinical/dictionary/history.py)."""

from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import History
from .base import StepForm
from .declared import ask_in_context, declared_fieldsets, refuse_unasked_answers
from .fields import (
    findings_formfield,
    not_after,
    today,
    visit_answers,
    visit_of,
)
from .last_visit import mark_last_visit
from .quick_answers import (
    DEFAULT_SAVE,
    all_negative_button,
    fill_posted_quick_answers,
    screening_blocks,
)


class HistoryForm(StepForm):
    blank_label = gettext_lazy("Not asked")

    class Meta(StepForm.Meta):
        model = History
        fields = History.finding_field_names()
        formfield_callback = findings_formfield

    def __init__(self, *args, last_visit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.context = visit_answers(self.instance)
        ask_in_context(self, "history", self.context)
        fieldsets = declared_fieldsets(self, "history")
        self.screening_blocks = screening_blocks(self, "history")
        buttons = []
        for fieldset in fieldsets:
            if answers := self.screening_blocks.get(fieldset.legend):
                buttons.append(all_negative_button(self, fieldset.legend, answers))
                fieldset.fields.insert(0, buttons[-1])
        fill_posted_quick_answers(self, buttons)
        self.helper.layout = Layout(DEFAULT_SAVE, *fieldsets)
        mark_last_visit(self, "history", last_visit)

    def clean_onset_date(self):
        # The episode is dated against the visit, which may be documented days later.
        visit = visit_of(self.instance)
        limit = visit.visit_date if visit is not None else today()
        return not_after(
            self.cleaned_data.get("onset_date"), limit,
            _("The episode cannot start after the visit date.") if visit is not None
            else _("The episode cannot start in the future."),
        )

    def clean(self):
        cleaned = super().clean()
        refuse_unasked_answers(self, "history")
        pain_in_order(self, cleaned)
        return cleaned


def pain_in_order(form, cleaned):
    """Best pain <= pain now <= worst pain (docs/findings.md, cross-field checks)."""
    best, now, worst = (cleaned.get(name) for name in ("pain_best", "pain_now", "pain_worst"))
    if best is not None and now is not None and best > now:
        form.add_error("pain_best", forms.ValidationError(
            _("The best pain cannot be above the pain now."), code="pain_order"))
    if now is not None and worst is not None and now > worst:
        form.add_error("pain_worst", forms.ValidationError(
            _("The worst pain cannot be below the pain now."), code="pain_order"))
