"""The outcome questionnaires: item responses only (the copyrighted item wording is not shipped)."""

from django.db import models

from .fields import bounded, with_vocabulary_constraints
from .step import StepRecord

ODI_ITEMS = NDI_ITEMS = 10
STARTBACK_ITEMS = 9

# Neutral section titles: the licensed wording of each item stays with its owner.
ODI_SECTIONS = (
    "Pain intensity",
    "Personal care",
    "Lifting",
    "Walking",
    "Sitting",
    "Standing",
    "Sleeping",
    "Sex life",
    "Social life",
    "Travelling",
)
NDI_SECTIONS = (
    "Pain intensity",
    "Personal care",
    "Lifting",
    "Reading",
    "Headaches",
    "Concentration",
    "Work",
    "Driving",
    "Sleeping",
    "Recreation",
)


@with_vocabulary_constraints
class Questionnaires(StepRecord):
    visit = models.OneToOneField(
        "visits.Visit", on_delete=models.PROTECT, primary_key=True, related_name="questionnaires"
    )
    for _n in range(1, ODI_ITEMS + 1):
        locals()[f"odi_{_n}"] = bounded(0, 5, f"ODI section {_n}: {ODI_SECTIONS[_n - 1]}")
    for _n in range(1, NDI_ITEMS + 1):
        locals()[f"ndi_{_n}"] = bounded(0, 5, f"NDI item {_n}: {NDI_SECTIONS[_n - 1]}")
    for _n in range(1, STARTBACK_ITEMS):
        locals()[f"startback_{_n}"] = bounded(0, 1, f"STarT Back item {_n}")
    startback_9 = bounded(0, 4, "STarT Back item 9 (bothersomeness)")
    del _n

    class Meta:
        verbose_name = verbose_name_plural = "questionnaires"
        constraints = []

    def item_list(self, instrument, count):
        return [getattr(self, f"{instrument}_{n}") for n in range(1, count + 1)]

    def to_findings(self) -> dict:
        return {
            "odi": self.item_list("odi", ODI_ITEMS),
            "ndi": self.item_list("ndi", NDI_ITEMS),
            "startback": self.item_list("startback", STARTBACK_ITEMS),
        }
