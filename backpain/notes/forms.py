"""The signing and addendum forms: the password (and, first time, the username) re-entered."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backpain.core.input_limits import password_field

from .models import Addendum, SignatureMeaning
from .services import NOTE_MEANINGS


class SignForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Your username"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = password_field(label=gettext_lazy("Your password"),
                              widget=forms.PasswordInput(attrs={"autocomplete":
                                                                "current-password"}))
    meaning = forms.ChoiceField(label=gettext_lazy("Meaning of your signature"),
                                choices=[(m.value, m.label) for m in NOTE_MEANINGS],
                                initial=SignatureMeaning.AUTHORED)

    def __init__(self, *args, ask_username=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_username:
            del self.fields["username"]
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.add_input(Submit("sign", _("Sign the note"), css_class="btn-success"))


class AddendumForm(forms.Form):
    username = SignForm.base_fields["username"]
    text = forms.CharField(label=gettext_lazy("Addendum"),
                           max_length=Addendum._meta.get_field("text").max_length,
                           widget=forms.Textarea(attrs={"rows": 6}))
    reason = forms.CharField(label=gettext_lazy("Reason for the addendum"),
                             max_length=Addendum._meta.get_field("reason").max_length)
    password = password_field(label=gettext_lazy("Your password"),
                              widget=forms.PasswordInput(attrs={"autocomplete":
                                                                "current-password"}))

    def __init__(self, *args, ask_username=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_username:
            del self.fields["username"]
        self.order_fields(["text", "reason", "username", "password"])
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.add_input(Submit("sign", _("Sign the addendum"), css_class="btn-success"))
