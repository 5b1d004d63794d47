from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PhrasesConfig(AppConfig):
    name = "backpain.phrases"
    verbose_name = gettext_lazy("Phrase templates")
