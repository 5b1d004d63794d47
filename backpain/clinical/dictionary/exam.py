"""Step 2, the examination: the physician's findings, with the neurological grids by root
(docs/findings.md, "exam")."""

from typing import Any

from . import vocabularies as v
from .declare import all_of, any_of, choice, choices, decimal, integer, text, tri, when, when_yes
from .history import PROSE
from .kinds import Finding, Grid, Kind, Unit
from .roots import REFLEX_ROOTS, REFLEXES, ROOT_TESTS, ROOTS

GENERAL = "General examination"
PALPATION = "Palpation and movement"
BY_ROOT = "Neurological examination by root"
SIGNS = "Neurological and tension signs"
CAUDA_EQUINA = "Cauda equina examination"
VASCULAR = "Vascular and abdominal"
NECK_INJURY_GROUP = "Neck injury (Canadian C-Spine Rule)"
COMMENT = "Examination in words"
GROUPS = (GENERAL, PALPATION, NECK_INJURY_GROUP, BY_ROOT, SIGNS, CAUDA_EQUINA, VASCULAR, COMMENT)
NECK_INJURY = all_of(when("history.trauma", "minor", "major"), when("history.regions", "cervical"),
                     described="the history records an injury with neck pain")
AFTER_A_PROCEDURE = any_of(when("visit.visit_type", "post_op"),
                           when_yes("history.recent_spinal_procedure"),
                           described="after spinal surgery or an injection")


def sign(name: str, label: str, **options: Any) -> Finding:
    """A yes/no sign examined on each side."""
    return tri(f"exam.{name}", label, group=SIGNS, sided=True, **options)


MOTOR = Grid("exam.motor", "motor", ROOTS, Kind.INTEGER, "Motor power (MRC grade 0-5)", BY_ROOT,
             low=0, high=5, key_detail={root: tests[0] for root, tests in ROOT_TESTS.items()},
             detail_heading="Key muscle", label_format="{key} motor ({detail}), {side}")
SENSATION = Grid("exam.sensation", "sensation", ROOTS, Kind.CHOICE, "Sensation by dermatome",
                 BY_ROOT, values=v.SENSATION,
                 key_detail={root: tests[1] for root, tests in ROOT_TESTS.items()},
                 detail_heading="Dermatome", label_format="{key} sensation ({detail}), {side}")
REFLEX = Grid("exam.reflexes", "reflex", REFLEXES, Kind.INTEGER,
              "Reflexes (0 absent, 1 reduced, 2 normal, 3 brisk, 4 clonus)", BY_ROOT, low=0,
              high=4, key_detail=REFLEX_ROOTS, detail_heading="Root", row_heading="Reflex",
              label_format="{Key} reflex, {side}")
GRIDS = (MOTOR, SENSATION, REFLEX)

EXAM = (
    decimal("exam.temperature_c", 30.0, 45.0, "Temperature (°C)", group=GENERAL,
            unit=Unit("Cel", "°C"), digits=3),
    integer("exam.systolic_bp", 40, 260, "Systolic blood pressure (mmHg)", group=GENERAL,
            unit=Unit("mm[Hg]", "mmHg")),
    choice("exam.gait", v.GAIT, "Gait", group=GENERAL),
    choice("exam.tandem_gait", v.TANDEM_GAIT, "Tandem (heel-to-toe) gait", group=GENERAL),
    choice("exam.deformity", v.DEFORMITY, "Deformity", group=GENERAL),
    tri("exam.midline_tenderness", "Spinous-process (midline) tenderness", group=PALPATION),
    tri("exam.paraspinal_tenderness", "Paraspinal tenderness", group=PALPATION),
    tri("exam.rom_restricted", "Range of motion restricted", group=PALPATION),
    choices("exam.rom_painful", v.ROM_MOVEMENT, "Painful movements", group=PALPATION),
    tri("exam.spinal_contusion_abrasion", "Bruising or abrasion over the spine", group=PALPATION),
    tri("exam.wound_concern", "Wound: discharge, dehiscence or spreading redness",
        group=PALPATION, asked_when=AFTER_A_PROCEDURE),
    tri("exam.ccr_low_risk",
        "A low-risk factor: simple rear-end collision, walking at any time since, delayed "
        "onset of neck pain, or no midline neck tenderness", group=NECK_INJURY_GROUP,
        asked_when=NECK_INJURY),
    choice("exam.neck_rotation_45", v.NECK_ROTATION, "Active neck rotation 45° left and right",
           group=NECK_INJURY_GROUP, asked_when=NECK_INJURY),
    sign("hoffmann", "Hoffmann sign"),
    sign("babinski", "Babinski (upgoing plantar)"),
    sign("clonus", "Sustained ankle clonus"),
    sign("inverted_supinator", "Inverted supinator (brachioradialis) reflex"),
    sign("slr", "Straight-leg raise reproduces leg pain below the knee (30-70°)"),
    integer("exam.slr_angle", 0, 90, "SLR angle (degrees)", group=SIGNS, sided=True,
            unit=Unit("deg", "degrees")),
    sign("femoral_stretch", "Femoral stretch test positive"),
    sign("spurling", "Spurling test positive"),
    sign("hip_rotation_painful", "Hip internal rotation painful or restricted"),
    choice("exam.saddle_sensation", v.SENSATION, "Saddle sensation", group=CAUDA_EQUINA),
    choice("exam.anal_tone", v.ANAL_TONE, "Anal tone", group=CAUDA_EQUINA),
    integer("exam.post_void_residual_ml", 0, 3000, "Post-void residual (ml)",
            group=CAUDA_EQUINA, unit=Unit("mL", "mL")),
    tri("exam.crossed_slr", "Crossed straight-leg raise", group=SIGNS),
    integer("exam.si_provocation_positive", 0, 5,
            "Positive sacroiliac provocation tests (of 5)", group=SIGNS),
    tri("exam.pulsatile_abdominal_mass", "Pulsatile abdominal mass", group=VASCULAR),
    tri("exam.pulse_deficit", "Unequal or absent limb pulses", group=VASCULAR),
    choice("exam.pedal_pulses", v.PEDAL_PULSES, "Pedal pulses", group=VASCULAR),
    # What the grids cannot say; kept in the note, never read by the engine.
    text("exam.comment", PROSE, "Examination comment", group=COMMENT),
)
