"""Step 2, the examination: the physician's findings, with the neurological grids by root
(declared in the data dictionary, backpain/clinical/dictionary/exam.py)."""

from django.db import models

from backpain.clinical.dictionary import Kind
from backpain.clinical.dictionary.exam import EXAM

from .. import vocabulary as v
from .fields import finding_columns, with_vocabulary_constraints
from .step import StepRecord

# Left/right tri-state signs, stored as <sign>_left and <sign>_right.
PAIRED_SIGNS = {f.name: f.label for f in EXAM if f.sided and f.kind is Kind.TRI}
GRIDS = ("motor", "reflex", "sensation")


@with_vocabulary_constraints
class Examination(StepRecord):
    visit = models.OneToOneField(
        "visits.Visit", on_delete=models.PROTECT, primary_key=True, related_name="examination"
    )
    # Every finding of the examination, the grids by root and the signs by side included,
    # declared in backpain/clinical/dictionary/exam.py.
    locals().update(finding_columns("exam"))

    class Meta:
        verbose_name = "examination"
        constraints = []

    def to_findings(self) -> dict:
        flat = super().to_findings()
        findings = {}
        grids = {"motor": {}, "reflexes": {}, "sensation": {}}
        for name, value in flat.items():
            head, _, side = name.rpartition("_")
            grid, _, key = head.partition("_")
            if side in v.SIDES and grid in GRIDS and key:
                target = grids["reflexes" if grid == "reflex" else grid]
                # Roots are upper case in the vocabulary (L5), reflexes lower case (achilles).
                key = key if grid == "reflex" else key.upper()
                target.setdefault(key, {"left": None, "right": None})[side] = value
            elif side in v.SIDES:
                findings.setdefault(head, {"left": None, "right": None})[side] = value
            else:
                findings[name] = value
        # An absent key means not examined; a pair is present when either side was examined.
        for name, grid in grids.items():
            findings[name] = {k: pair for k, pair in grid.items() if pair != EMPTY_PAIR}
        for name in [*PAIRED_SIGNS, "slr_angle"]:
            if findings.get(name) == EMPTY_PAIR:
                findings[name] = None
        return findings


EMPTY_PAIR = {"left": None, "right": None}
