"""The findings' value sets as Django choices (`Region.LUMBAR`, `Radiation.choices`), made from
the data dictionary (backpain/clinical/dictionary/vocabularies.py, docs/findings.md): the
values and their labels are written there once."""

from django.db import models

from backpain.clinical.dictionary import vocabularies as dictionary
from backpain.clinical.dictionary.kinds import Vocabulary
from backpain.clinical.dictionary.roots import REFLEXES, ROOT_TESTS, ROOTS, SIDES

__all__ = ["REFLEXES", "ROOTS", "ROOT_TESTS", "SIDES", "text_choices"]


def text_choices(name: str, vocabulary: Vocabulary) -> type[models.TextChoices]:
    """Django's TextChoices of a vocabulary: members named by their values (LUMBAR)."""
    members = [(value.upper(), (value, label)) for value, label in vocabulary.choices]
    return models.TextChoices(name, members, module=__name__)


def _class_name(constant: str) -> str:
    return "".join(part.capitalize() for part in constant.split("_"))


# Region, Radiation, BladderDysfunction, ... one class per vocabulary of the dictionary.
for _constant, _vocabulary in vars(dictionary).items():
    if isinstance(_vocabulary, Vocabulary):
        globals()[_class_name(_constant)] = text_choices(_class_name(_constant), _vocabulary)
        __all__.append(_class_name(_constant))
del _constant, _vocabulary
