"""The examination step's form: general findings, then the neurological grids by root, laid
out from the data dictionary (backpain/clinical/dictionary/exam.py)."""

from crispy_forms.layout import Layout
from django.utils.translation import gettext_lazy

from backpain.clinical.dictionary.exam import BY_ROOT, GROUPS

from ..models import Examination
from .base import StepForm
from .declared import (
    ask_in_context,
    declared_fieldsets,
    prepare_tables,
    refuse_unasked_answers,
)
from .fields import findings_formfield, visit_answers
from .last_visit import mark_last_visit
from .quick_answers import (
    DEFAULT_SAVE,
    examined_roots,
    fill_posted_quick_answers,
    normal_neurological_button,
)

NOT_EXAMINED = gettext_lazy("Not examined")


class ExaminationForm(StepForm):
    blank_label = NOT_EXAMINED

    class Meta(StepForm.Meta):
        model = Examination
        fields = Examination.finding_field_names()
        formfield_callback = findings_formfield

    def __init__(self, *args, last_visit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.context = visit_answers(self.instance)
        ask_in_context(self, "exam", self.context)
        # The roots of the recorded regions are shown, the others folded (unless filled in).
        self.examined_roots = examined_roots(self.context.get("history.regions"))
        fieldsets = declared_fieldsets(self, "exam", GROUPS)
        normal = normal_neurological_button(self, self.examined_roots)
        for fieldset in fieldsets:
            if fieldset.legend == BY_ROOT:
                fieldset.fields.insert(0, normal)
        fill_posted_quick_answers(self, [normal])
        self.helper.layout = Layout(DEFAULT_SAVE, *fieldsets)
        mark_last_visit(self, "exam", last_visit)

    def clean(self):
        cleaned = super().clean()
        refuse_unasked_answers(self, "exam")
        return cleaned


# The same for every instance: done once, on the fields each instance copies (issue 17),
# after the empty options are named (a table cell's is "–").
prepare_tables(ExaminationForm.base_fields, "exam", NOT_EXAMINED)
