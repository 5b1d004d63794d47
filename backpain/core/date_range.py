"""A "from / to" pair of date filters, shared by the export and audit filter forms."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class DateInput(forms.DateInput):
    """The browser's date picker, whose value is always ISO (YYYY-MM-DD) whatever the locale
    shows: the locale's first input format (25/10/2006 in en-gb) would be an invalid value."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class DateRangeForm(forms.Form):
    """Subclasses set the labels; the end may not come before the start."""

    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned
