"""The form that edits an episode: its condition and the date its follow-ups count from."""

from django import forms
from django.utils.translation import gettext_lazy

from .models import Episode


class EpisodeForm(forms.ModelForm):
    class Meta:
        model = Episode
        fields = ["condition", "index_event", "index_date"]
        labels = {
            "condition": gettext_lazy("Condition (in words)"),
            "index_event": gettext_lazy("Follow-ups count from"),
            "index_date": gettext_lazy("Date of the index event"),
        }
        help_texts = {"index_date": gettext_lazy(
            "The first visit's date, or the date of the procedure.")}
        widgets = {"index_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
