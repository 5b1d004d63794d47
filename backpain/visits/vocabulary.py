"""The findings' value sets as Django choices (`Region.LUMBAR`, `Radiation.choices`), made from
the data dictionary (backpain/clinical/dictionary/vocabularies.py, docs/findings.md): the
values and their labels are written there once."""

from typing import TYPE_CHECKING, Any

from django.db import models

from backpain.clinical.dictionary import vocabularies as dictionary
from backpain.clinical.dictionary.kinds import Vocabulary
from backpain.clinical.dictionary.roots import REFLEXES, ROOT_TESTS, ROOTS, SIDES

__all__ = ["REFLEXES", "ROOTS", "ROOT_TESTS", "SIDES", "text_choices"]


def text_choices(name: str, vocabulary: Vocabulary) -> type[models.TextChoices]:
    """Django's TextChoices of a vocabulary: members named by their values (LUMBAR)."""
    members = [(value.upper(), (value, label)) for value, label in vocabulary.choices]
    # Enum's functional API, which django-stubs' TextChoices overloads do not declare.
    return models.TextChoices(name, members, module=__name__)  # type: ignore[call-overload]


def _class_name(constant: str) -> str:
    return "".join(part.capitalize() for part in constant.split("_"))


# Region, Radiation, BladderDysfunction, ... one class per vocabulary of the dictionary.
for _constant, _vocabulary in vars(dictionary).items():
    if isinstance(_vocabulary, Vocabulary):
        globals()[_class_name(_constant)] = text_choices(_class_name(_constant), _vocabulary)
        __all__.append(_class_name(_constant))
del _constant, _vocabulary


if TYPE_CHECKING:
    from collections.abc import Callable

    # The classes above are made at import time, so the type checker cannot see them:
    # `v.Region` and `from .vocabulary import Region` type-check as Any. Only for the type
    # checker: at run time an unknown name still raises AttributeError. (Declared, not
    # defined with `def`: mypy reads a def's signature only after every module's top level,
    # and the models' class bodies, which use these classes, are top level.)
    __getattr__: Callable[[str], Any]
