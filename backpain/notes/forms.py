"""The signing and addendum forms: the password (and, first time, the username) re-entered."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from backpain.core.input_limits import password_field
from backpain.visits.forms.layout import PlainField
from backpain.visits.forms.widget_html import StepFormRenderer

from .models import Addendum, SignatureMeaning
from .services import NOTE_MEANINGS


class SignatureForm(forms.Form):
    """A form of the review page, written as the step forms are (visits/forms/layout.py and
    widget_html.py): its fields in Python, with the HTML of crispy's and Django's templates."""

    default_renderer = StepFormRenderer()
    submit_label: str | Promise = ""

    def __init__(self, *args, ask_username=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_username:
            del self.fields["username"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*(PlainField(name) for name in self.fields))
        self.helper.add_input(Submit("sign", self.submit_label, css_class="btn-success"))


class SignForm(SignatureForm):
    username = forms.CharField(label=gettext_lazy("Your username"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = password_field(label=gettext_lazy("Your password"),
                              widget=forms.PasswordInput(attrs={"autocomplete":
                                                                "current-password"}))
    meaning = forms.ChoiceField(label=gettext_lazy("Meaning of your signature"),
                                choices=[(m.value, m.label) for m in NOTE_MEANINGS],
                                initial=SignatureMeaning.AUTHORED)
    submit_label = gettext_lazy("Sign the note")


class AddendumForm(SignatureForm):
    username = SignForm.base_fields["username"]
    text = forms.CharField(label=gettext_lazy("Addendum"),
                           max_length=Addendum._meta.get_field("text").max_length,
                           widget=forms.Textarea(attrs={"rows": 6}))
    reason = forms.CharField(label=gettext_lazy("Reason for the addendum"),
                             max_length=Addendum._meta.get_field("reason").max_length)
    password = password_field(label=gettext_lazy("Your password"),
                              widget=forms.PasswordInput(attrs={"autocomplete":
                                                                "current-password"}))
    field_order = ["text", "reason", "username", "password"]
    submit_label = gettext_lazy("Sign the addendum")
