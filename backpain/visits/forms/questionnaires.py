"""The questionnaires step's form: item responses by number, under neutral section titles.

The ODI and NDI item wording is copyrighted and not shipped: staff copy the number the
patient marked on the licensed paper form. The scores are the engine's, shown beside.
"""

from crispy_forms.layout import Div, Fieldset, Layout
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from .. import vocabulary as v
from ..models import Questionnaires
from ..models.questionnaires import (
    NDI_ITEMS,
    NDI_SECTIONS,
    ODI_ITEMS,
    ODI_SECTIONS,
    STARTBACK_ITEMS,
)
from .base import StepForm
from .fields import grade_field, visit_of
from .layout import paragraph

# STarT Back is validated for low back pain only (Hill et al. 2008; docs/clinical-rules.md,
# "Scores").
STARTBACK_REGIONS = {v.Region.LUMBAR, v.Region.SACRAL}
# Keele's statement as it is granted (marked for translation, translated where shown).
STARTBACK_COPYRIGHT = gettext_noop(
    "The STarT Back Tool is copyright Keele University, used with permission for "
    "non-commercial clinical use."
)
STARTBACK_NOT_OFFERED = gettext_lazy(
    "The STarT Back Tool is not offered: it is validated for low back pain only, and the "
    "history records neither the lumbar nor the sacral region."
)
NOT_ANSWERED = gettext_lazy("Not answered")
AGREEMENT = [("", NOT_ANSWERED), (0, gettext_lazy("Disagree (0)")),
             (1, gettext_lazy("Agree (1)"))]
BOTHERSOMENESS = [
    ("", NOT_ANSWERED),
    (0, gettext_lazy("0: Not at all")),
    (1, gettext_lazy("1: Slightly")),
    (2, gettext_lazy("2: Moderately")),
    (3, gettext_lazy("3: Very much")),
    (4, gettext_lazy("4: Extremely")),
]


def startback_offered(record) -> bool:
    """Offered unless the saved history names regions and none of them is low back."""
    visit = visit_of(record)
    history = visit.step_record("history") if visit is not None else None
    return history is None or not history.regions or bool(STARTBACK_REGIONS & set(history.regions))


def item_grid(names):
    return Div(*(Div(name, css_class="col-sm-6 col-lg-4") for name in names), css_class="row")


class QuestionnairesForm(StepForm):
    class Meta(StepForm.Meta):
        model = Questionnaires
        fields = Questionnaires.finding_field_names()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ODI_ITEMS + 1):
            self.fields[f"odi_{n}"] = grade_field(
                0, 5, _("Section %(number)d: %(title)s") % {"number": n,
                                                            "title": ODI_SECTIONS[n - 1]},
                blank=NOT_ANSWERED
            )
        for n in range(1, NDI_ITEMS + 1):
            self.fields[f"ndi_{n}"] = grade_field(
                0, 5, _("Item %(number)d: %(title)s") % {"number": n,
                                                         "title": NDI_SECTIONS[n - 1]},
                blank=NOT_ANSWERED
            )
        startback = [f"startback_{n}" for n in range(1, STARTBACK_ITEMS + 1)]
        self.startback_offered = startback_offered(self.instance)
        if self.startback_offered:
            for name in startback[:-1]:
                n = name.rpartition("_")[2]
                self.fields[name] = grade_field(0, 1, _("Item %(number)s") % {"number": n})
                self.fields[name].choices = AGREEMENT
            self.fields["startback_9"] = grade_field(0, 4, _("Item 9: Bothersomeness"))
            self.fields["startback_9"].choices = BOTHERSOMENESS
            startback_section = Fieldset(
                _("STarT Back Screening Tool"),
                paragraph(_(STARTBACK_COPYRIGHT), "form-text", "startback-copyright"),
                item_grid(startback),
            )
        else:
            # Leaving the fields out keeps any saved answers untouched rather than erased.
            for name in startback:
                del self.fields[name]
            startback_section = Fieldset(
                _("STarT Back Screening Tool"),
                paragraph(STARTBACK_NOT_OFFERED, "text-body-secondary", "startback-not-offered"))
        self.helper.layout = Layout(
            paragraph(_("Enter the response number the patient marked on the licensed form; "
                        "leave a section blank if it was not answered."), "form-text"),
            Fieldset(
                _("Oswestry Disability Index (ODI)"),
                item_grid([f"odi_{n}" for n in range(1, ODI_ITEMS + 1)]),
            ),
            Fieldset(
                _("Neck Disability Index (NDI)"),
                item_grid([f"ndi_{n}" for n in range(1, NDI_ITEMS + 1)]),
            ),
            startback_section,
        )
