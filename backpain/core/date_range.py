"""A "from / to" pair of date filters, shared by the export and audit filter forms."""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"


class DateRangeForm(forms.Form):
    """Subclasses set the labels; the end may not come before the start."""

    date_from = forms.DateField(label="From", required=False, widget=DateInput)
    date_to = forms.DateField(label="To", required=False, widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned
