"""Step 2, the examination: the physician's findings, with the neurological grids by root."""

from django.db import models

from .. import vocabulary as v
from .fields import (
    bounded,
    bounded_decimal,
    choice,
    choice_list,
    tri,
    with_vocabulary_constraints,
)
from .step import StepRecord

# Left/right tri-state signs, stored as <sign>_left and <sign>_right.
PAIRED_SIGNS = {
    "hoffmann": "Hoffmann sign",
    "babinski": "Babinski (upgoing plantar)",
    "clonus": "Sustained ankle clonus",
    "slr": "Straight-leg raise reproduces leg pain below the knee (30-70°)",
    "femoral_stretch": "Femoral stretch test positive",
    "spurling": "Spurling test positive",
    "hip_rotation_painful": "Hip internal rotation painful or restricted",
}
GRIDS = ("motor", "reflex", "sensation")


def grid_field_name(grid, key, side):
    return f"{grid}_{key.lower()}_{side}"


@with_vocabulary_constraints
class Examination(StepRecord):
    visit = models.OneToOneField(
        "visits.Visit", on_delete=models.PROTECT, primary_key=True, related_name="examination"
    )
    temperature_c = bounded_decimal(30, 45, "Temperature (°C)", digits=3, places=1)
    gait = choice(v.Gait, "Gait")
    deformity = choice(v.Deformity, "Deformity")
    midline_tenderness = tri("Spinous-process (midline) tenderness")
    paraspinal_tenderness = tri("Paraspinal tenderness")
    rom_restricted = tri("Range of motion restricted")
    rom_painful = choice_list(v.RomMovement, "Painful movements")

    # The grids: MRC motor grade 0-5 and sensation per root, reflex grade 0-4, each side.
    for _side in v.SIDES:
        for _root in v.ROOTS:
            locals()[grid_field_name("motor", _root, _side)] = bounded(
                0, 5, f"{_root} motor ({v.ROOT_TESTS[_root][0].lower()}), {_side}"
            )
            locals()[grid_field_name("sensation", _root, _side)] = choice(
                v.Sensation, f"{_root} sensation ({v.ROOT_TESTS[_root][1].lower()}), {_side}"
            )
        for _reflex in v.REFLEXES:
            locals()[grid_field_name("reflex", _reflex, _side)] = bounded(
                0, 4, f"{_reflex.capitalize()} reflex, {_side}"
            )
        for _sign, _label in PAIRED_SIGNS.items():
            locals()[f"{_sign}_{_side}"] = tri(f"{_label}, {_side}")
        locals()[f"slr_angle_{_side}"] = bounded(0, 90, f"SLR angle (degrees), {_side}")
    del _side, _root, _reflex, _sign, _label

    saddle_sensation = choice(v.Sensation, "Saddle sensation")
    anal_tone = choice(v.AnalTone, "Anal tone")
    post_void_residual_ml = bounded(0, 3000, "Post-void residual (ml)")
    crossed_slr = tri("Crossed straight-leg raise")
    si_provocation_positive = bounded(0, 5, "Positive sacroiliac provocation tests (of 5)")
    pulsatile_abdominal_mass = tri("Pulsatile abdominal mass")
    pedal_pulses = choice(v.PedalPulses, "Pedal pulses")

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
