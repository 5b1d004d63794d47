"""The diagnostics step's forms: the labs of the visit, and its studies as a formset."""

from crispy_forms.layout import HTML, Layout
from django import forms
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import DiagnosticStudy, Labs, Visit
from .base import StepForm
from .declared import declared_fieldsets
from .fields import findings_formfield, not_after, today
from .layout import inline, row


class LabsForm(StepForm):
    blank_label = gettext_lazy("Not tested")

    class Meta(StepForm.Meta):
        model = Labs
        fields = Labs.finding_field_names()
        formfield_callback = findings_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Moved under the studies and shown by static/js/quick-entry.js; without JavaScript a
        # new blank study form follows each save. (Braces escaped: crispy's HTML is a template.)
        add_study = format_html('<button type="button" class="btn btn-sm btn-outline-secondary '
                                'mb-2" data-add-study hidden>{}</button>', _("Add another study"))
        self.helper.layout = Layout(*declared_fieldsets(self, "diagnostics.labs"), HTML(
            add_study.replace("{", "&#123;").replace("}", "&#125;")))


class StudyForm(StepForm):
    class Meta(StepForm.Meta):
        model = DiagnosticStudy
        fields = DiagnosticStudy.finding_field_names()
        formfield_callback = findings_formfield
        widgets = {"impression": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The formset adds its id, visit and delete fields after this runs: render them too.
        self.helper.render_unmentioned_fields = True
        for name in ("modality", "region", "status"):
            self.fields[name].choices = [("", _("Choose…")), *self.fields[name].choices[1:]]
        self.helper.layout = Layout(
            row("modality", "region", "status", "date", width="col-sm-6 col-lg-3"),
            *inline(self, "findings"),
            "impression",
        )

    def clean_date(self):
        return not_after(self.cleaned_data.get("date"), today(),
                         _("A study cannot be dated in the future."))


class BaseStudyFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this study")


# An untouched extra form is skipped by the formset (empty_permitted): never saved, no errors.
StudyFormSet = inlineformset_factory(
    Visit,
    DiagnosticStudy,
    form=StudyForm,
    formset=BaseStudyFormSet,
    fields=DiagnosticStudy.finding_field_names(),
    extra=1,
    can_delete=True,
)
