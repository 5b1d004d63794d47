"""The questionnaires step's form: item responses by number, under neutral section titles.

The ODI and NDI item wording is copyrighted and not shipped: staff copy the number the
patient marked on the licensed paper form. The scores are the engine's, shown beside.
"""

from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from .. import vocabulary as v
from ..models import Questionnaires
from ..models.questionnaires import (
    NDI_ITEMS,
    NDI_SECTIONS,
    ODI_ITEMS,
    ODI_SECTIONS,
    OUTCOMES,
    STARTBACK_ITEMS,
)
from .base import StepForm
from .fields import grade_field, visit_of
from .layout import Div, Fieldset, inline, paragraph

# STarT Back is validated for low back pain only (Hill et al. 2008; docs/clinical-rules.md,
# "Scores"), the Neck Disability Index for neck pain (Vernon & Mior 1991).
STARTBACK_REGIONS = {v.Region.LUMBAR, v.Region.SACRAL}
NDI_REGIONS = {v.Region.CERVICAL}
# Keele's statement as it is granted (marked for translation, translated where shown).
STARTBACK_COPYRIGHT = gettext_noop(
    "The STarT Back Tool is copyright Keele University, used with permission for "
    "non-commercial clinical use."
)
STARTBACK_NOT_OFFERED = gettext_lazy(
    "The STarT Back Tool is not offered: it is validated for low back pain only, and the "
    "history records neither the lumbar nor the sacral region."
)
NDI_NOT_OFFERED = gettext_lazy(
    "The Neck Disability Index is not offered: it is for neck pain, and the history does not "
    "record the cervical region."
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


def offered_for(record, regions) -> bool:
    """Offered unless the saved history names regions and none of them is one of `regions`."""
    visit = visit_of(record)
    history = visit.step_record("history") if visit is not None else None
    return history is None or not history.regions or bool(regions & set(history.regions))


def startback_offered(record) -> bool:
    return offered_for(record, STARTBACK_REGIONS)


def item_grid(form, names, width="col-md-6"):
    """The items as radio groups; a digit typed on a focused group chooses that answer
    (static/js/quick-entry.js), as staff copy the numbers from the paper form."""
    return Div(*(Div(*inline(form, name), css_class=width) for name in names),
               css_class="row", data_digit_answers="true")


def as_radios(field):
    field.widget = forms.RadioSelect(choices=field.choices)
    return field


def unanswered_notice(form, names, word, rule):
    """Says which items of a partly answered questionnaire are blank, so none is left blank
    without a word (a blank item is "not answered", and may leave the score out)."""
    blank = [name.rpartition("_")[2] for name in names
             if form[name].value() in (None, "")]
    if not blank or len(blank) == len(names):
        return None
    return paragraph(_("Not answered: %(word)s %(items)s. %(rule)s") % {
        "word": word, "items": ", ".join(blank), "rule": rule},
        "alert alert-warning py-2 small", f"{names[0].rpartition('_')[0]}-unanswered")


class QuestionnairesForm(StepForm):
    class Meta(StepForm.Meta):
        model = Questionnaires
        fields = Questionnaires.finding_field_names()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        odi = [f"odi_{n}" for n in range(1, ODI_ITEMS + 1)]
        ndi = [f"ndi_{n}" for n in range(1, NDI_ITEMS + 1)]
        startback = [f"startback_{n}" for n in range(1, STARTBACK_ITEMS + 1)]
        for n, name in enumerate(odi, start=1):
            self.fields[name] = as_radios(grade_field(
                0, 5, _("Section %(number)d: %(title)s") % {"number": n,
                                                            "title": ODI_SECTIONS[n - 1]},
                blank=NOT_ANSWERED))
        self.ndi_offered = offered_for(self.instance, NDI_REGIONS)
        if self.ndi_offered:
            for n, name in enumerate(ndi, start=1):
                self.fields[name] = as_radios(grade_field(
                    0, 5, _("Item %(number)d: %(title)s") % {"number": n,
                                                             "title": NDI_SECTIONS[n - 1]},
                    blank=NOT_ANSWERED))
        self.startback_offered = startback_offered(self.instance)
        if self.startback_offered:
            for name in startback[:-1]:
                n = name.rpartition("_")[2]
                field = grade_field(0, 1, _("Item %(number)s") % {"number": n})
                field.choices = AGREEMENT
                self.fields[name] = as_radios(field)
            self.fields["startback_9"] = grade_field(0, 4, _("Item 9: Bothersomeness"))
            self.fields["startback_9"].choices = BOTHERSOMENESS
            as_radios(self.fields["startback_9"])
        # A questionnaire not offered leaves its fields out, which keeps any saved answers
        # untouched rather than erased.
        for offered, names in ((self.ndi_offered, ndi), (self.startback_offered, startback)):
            if not offered:
                for name in names:
                    del self.fields[name]
        scored_with_two_missing = _("It is scored with at most two sections missing.")
        odi_section = Fieldset(
            _("Oswestry Disability Index (ODI)"),
            *notices(unanswered_notice(self, odi, _("sections"), scored_with_two_missing)),
            item_grid(self, odi))
        if self.ndi_offered:
            ndi_section = Fieldset(
                _("Neck Disability Index (NDI)"),
                *notices(unanswered_notice(self, ndi, _("items"), scored_with_two_missing)),
                item_grid(self, ndi))
        else:
            ndi_section = Fieldset(_("Neck Disability Index (NDI)"), paragraph(
                NDI_NOT_OFFERED, "text-body-secondary", "ndi-not-offered"))
        if self.startback_offered:
            startback_section = Fieldset(
                _("STarT Back Screening Tool"),
                paragraph(_(STARTBACK_COPYRIGHT), "form-text", "startback-copyright"),
                *notices(unanswered_notice(
                    self, startback, _("items"),
                    _("The tool is scored only with all nine items answered."))),
                item_grid(self, startback[:-1], width="col-md-6 col-xl-4"),
                item_grid(self, startback[-1:], width="col-12"),
            )
        else:
            startback_section = Fieldset(
                _("STarT Back Screening Tool"),
                paragraph(STARTBACK_NOT_OFFERED, "text-body-secondary", "startback-not-offered"))
        self.helper.layout = Layout(
            paragraph(_("Choose the response number the patient marked on the licensed form "
                        "(or type it on the focused item); leave an item not answered if the "
                        "patient did not answer it."), "form-text"),
            Fieldset(_("Outcomes followed over time"),
                     paragraph(_("Pain over the past week, rated by the patient from 0 (none) "
                                 "to 10 (worst imaginable). The global rating of change and "
                                 "satisfaction are asked at follow-up visits."), "form-text"),
                     Div(*(Div(item.name, css_class="col-md-6") for item in OUTCOMES),
                         css_class="row")),
            odi_section,
            ndi_section,
            startback_section,
        )


def notices(notice):
    return [notice] if notice is not None else []
