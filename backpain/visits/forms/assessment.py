"""The assessment step's form: the physician's patterns, diagnoses and red-flag review,
beside the engine's suggestions (which are alternatives, never applied automatically)."""

import re

from crispy_forms.layout import Layout
from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backpain.clinical import icd10cm
from backpain.clinical.codes import PATTERN_CODES, label_for
from backpain.clinical.diagnoses import ICD10_TEXT

from ..models import Assessment
from .base import StepForm
from .layout import Fieldset, inline, paragraph

# The engine's vocabulary: one table of codes and labels for the engine, forms and note.
PATTERNS = {code: label_for(code) for code in PATTERN_CODES}
# docs/clinical-rules.md, "ICD-10-CM suggestions".
ICD10CM = ICD10_TEXT


def suggested(label) -> str:
    """A choice the engine suggests, marked as such (it is never applied automatically)."""
    return _("%(label)s (suggested)") % {"label": label}


def flag_label(flag):
    name = label_for(flag["code"])
    return f"{name} ({flag['urgency']})" if flag.get("urgency") else name


def diagnosis_label(code, is_suggested):
    label = icd10cm.described(code)
    return suggested(label) if is_suggested else label


def parse_codes(text):
    return [icd10cm.normalised(code) for code in re.split(r"[,;\s]+", text or "")
            if code.strip()]


class AssessmentForm(StepForm):
    confirmed_patterns = forms.MultipleChoiceField(
        label=gettext_lazy("Pain patterns confirmed"),
        choices=list(PATTERNS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    diagnoses = forms.MultipleChoiceField(
        label=gettext_lazy("Diagnoses (ICD-10-CM)"), widget=forms.CheckboxSelectMultiple,
        required=False
    )
    other_diagnoses = forms.CharField(
        label=gettext_lazy("Other ICD-10-CM codes"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Any code of the full ICD-10-CM set, separated by commas (e.g. "
                               "M51.16, M43.16); type a code or words to see matching codes."),
        widget=forms.TextInput(attrs={"list": "icd10cm-options", "autocomplete": "off",
                                      "data-icd10cm-search": "true"}),
    )
    acknowledged_red_flags = forms.MultipleChoiceField(
        label=gettext_lazy("I have reviewed these red flags"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta(StepForm.Meta):
        model = Assessment
        fields = ["confirmed_patterns", "override_reason", "diagnoses", "acknowledged_red_flags",
                  "impression"]
        widgets = {"override_reason": forms.Textarea(attrs={"rows": 3}),
                   "impression": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, engine=None, **kwargs):
        super().__init__(*args, **kwargs)
        # None: the engine's output was not supplied, so there is nothing to differ from.
        self.engine = engine
        engine = engine or {}
        self.engine_patterns = [p["code"] for p in engine.get("patterns", [])]
        self.flags = engine.get("red_flags", [])
        suggestions = list(dict.fromkeys(engine.get("diagnosis_suggestions", [])))
        record = self.instance

        self.fields["confirmed_patterns"].choices = [
            (code, suggested(label) if code in self.engine_patterns else label)
            for code, label in PATTERNS.items()
        ]
        if not self.is_bound and not record.confirmed_patterns and not record.override_reason:
            self.initial["confirmed_patterns"] = [
                code for code in self.engine_patterns if code in PATTERNS
            ]

        listed = suggestions + [code for code in ICD10CM if code not in suggestions]
        self.fields["diagnoses"].choices = [
            (code, diagnosis_label(code, code in suggestions)) for code in listed
        ]
        saved = list(record.diagnoses or [])
        self.initial["diagnoses"] = [code for code in saved if code in listed]
        self.initial["other_diagnoses"] = ", ".join(code for code in saved if code not in listed)

        if self.flags:
            codes = [flag["code"] for flag in self.flags]
            self.fields["acknowledged_red_flags"].choices = [
                (flag["code"], flag_label(flag)) for flag in self.flags
            ]
            self.initial["acknowledged_red_flags"] = [
                code for code in record.acknowledged_red_flags or [] if code in codes
            ]
        else:
            # No current flag: nothing to review, and the saved review stays as it was.
            del self.fields["acknowledged_red_flags"]

        self.fields["other_diagnoses"].widget.attrs["data-icd10cm-url"] = reverse(
            "visits:icd10cm_search")
        self.helper.layout = Layout(
            Fieldset(
                _("Pain patterns"),
                *inline(self, "confirmed_patterns"),
                "override_reason",
            ),
            # Long labels: one per line, as crispy's default list.
            Fieldset(_("Diagnoses"), "diagnoses", "other_diagnoses"),
            Fieldset(_("Impression"), "impression"),
        )
        if self.flags:
            self.helper.layout.append(Fieldset(_("Red flags"), "acknowledged_red_flags"))
        elif self.engine is not None:
            self.helper.layout.append(Fieldset(_("Red flags"), paragraph(
                _("No red flag is raised by the findings saved so far."), "text-body-secondary")))

    def clean_other_diagnoses(self):
        codes = parse_codes(self.cleaned_data.get("other_diagnoses"))
        problems = [found for code in codes if (found := icd10cm.problem(code))]
        if problems:
            raise forms.ValidationError(problems)
        return codes

    def clean(self):
        cleaned = super().clean()
        if "confirmed_patterns" in cleaned and self.engine is not None:
            differs = set(cleaned["confirmed_patterns"]) != set(self.engine_patterns)
            if differs and not (cleaned.get("override_reason") or "").strip():
                self.add_error(
                    "override_reason",
                    forms.ValidationError(
                        _("Give a reason for differing from the suggested patterns."),
                        code="override_reason_required",
                    ),
                )
        if "diagnoses" in cleaned and "other_diagnoses" in cleaned:
            diagnoses = list(dict.fromkeys(cleaned["diagnoses"] + cleaned["other_diagnoses"]))
            cleaned["diagnoses"] = diagnoses
            # ICD-10-CM M54.5- excludes low back pain with sciatica (M54.4-).
            if "M54.50" in diagnoses and any(code.startswith("M54.4") for code in diagnoses):
                self.add_error(
                    "diagnoses",
                    forms.ValidationError(
                        _("M54.50 (low back pain) is not coded together with M54.4x (lumbago "
                          "with sciatica): choose one."),
                        code="excludes",
                    ),
                )
        return cleaned
