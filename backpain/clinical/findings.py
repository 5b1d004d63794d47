"""The findings document the engine reads: the vocabulary of docs/findings.md as typed models.

Every field is optional and ``None`` means "not asked / not examined", never "no". Unknown
keys, wrong types and out-of-range values are rejected with their field path (see
``validation.py``).
"""

from datetime import date as Date
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

T = TypeVar("T")

Tri = bool | None

Region = Literal["cervical", "thoracic", "lumbar", "sacral"]
Radiation = Literal["none", "buttock", "thigh", "below_knee", "foot", "groin", "shoulder",
                    "upper_arm", "forearm_hand", "chest_wall", "abdomen"]
NumbnessArea = Literal["none", "buttock", "thigh", "below_knee", "foot", "groin", "shoulder",
                       "upper_arm", "forearm_hand", "chest_wall", "abdomen", "hand", "saddle"]
PainQuality = Literal["aching", "sharp", "burning", "shooting", "electric", "throbbing",
                      "cramping", "tearing"]
Aggravating = Literal["flexion", "extension", "rotation", "sitting", "standing", "walking",
                      "lifting", "cough_sneeze", "lying", "rest"]
Relieving = Literal["rest", "movement", "sitting", "flexion", "lying", "medication", "nothing"]
InflammatoryCondition = Literal["none", "psoriasis", "inflammatory_bowel_disease", "uveitis",
                                "spondyloarthritis", "other"]
PriorTreatment = Literal["none", "physiotherapy", "paracetamol", "nsaid", "opioid",
                         "neuropathic_agent", "muscle_relaxant", "injection", "manual_therapy",
                         "surgery"]
RomMovement = Literal["flexion", "extension", "rotation", "side_bending"]
Sensation = Literal["normal", "reduced", "absent"]
StudyFinding = Literal["normal", "degenerative", "disc_herniation", "stenosis",
                       "spondylolisthesis", "fracture", "cord_compression",
                       "cauda_equina_compression", "infection", "tumour", "sacroiliitis", "other"]

ROOTS = ("C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1")
REFLEXES = ("biceps", "brachioradialis", "triceps", "patellar", "achilles")
SIDES = ("left", "right")
Root = Literal["C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1"]
Reflex = Literal["biceps", "brachioradialis", "triceps", "patellar", "achilles"]


def _no_duplicates(values):
    seen = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed more than once")
        seen.add(value)
    return values


def _at_least_one(values):
    if not values:
        raise ValueError("list at least one value, or leave the field out when not asked")
    return values


# A list of vocabulary values: order irrelevant, no duplicates.
Choices = Annotated[list[T], AfterValidator(_no_duplicates)]


def bounded(low, high, kind=int):
    return Annotated[kind, Field(ge=low, le=high)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Pair(Section):
    left: Tri = None
    right: Tri = None

    def sides(self):
        return (("left", self.left), ("right", self.right))


class GradePair(Section):
    left: bounded(0, 5) | None = None
    right: bounded(0, 5) | None = None

    def sides(self):
        return (("left", self.left), ("right", self.right))


class ReflexPair(GradePair):
    left: bounded(0, 4) | None = None
    right: bounded(0, 4) | None = None


class SensationPair(GradePair):
    left: Sensation | None = None
    right: Sensation | None = None


class AnglePair(GradePair):
    left: bounded(0, 90) | None = None
    right: bounded(0, 90) | None = None


class Patient(Section):
    age_years: bounded(0, 120) | None = None
    sex: Literal["female", "male", "other", "unknown"] | None = None


class Visit(Section):
    visit_date: Date | None = None
    visit_type: Literal["new", "follow_up", "post_op"] | None = None


class History(Section):
    # Location and course
    regions: Annotated[Choices[Region], AfterValidator(_at_least_one)] | None = None
    side: Literal["midline", "left", "right", "bilateral"] | None = None
    radiation: Choices[Radiation] | None = None
    radiation_side: Literal["left", "right", "bilateral"] | None = None
    onset: Literal["sudden", "gradual"] | None = None
    onset_date: Date | None = None
    trigger: Literal["none", "lifting", "twisting", "fall", "motor_vehicle", "sport",
                     "other"] | None = None
    trauma: Literal["none", "minor", "major"] | None = None
    pain_now: bounded(0, 10) | None = None
    pain_worst: bounded(0, 10) | None = None
    pain_best: bounded(0, 10) | None = None
    pain_course: Literal["constant", "intermittent"] | None = None
    pain_qualities: Choices[PainQuality] | None = None
    aggravating: Choices[Aggravating] | None = None
    relieving: Choices[Relieving] | None = None
    night_pain: Literal["none", "wakes_second_half", "unremitting"] | None = None
    morning_stiffness_minutes: bounded(0, 1440) | None = None
    age_at_onset: bounded(0, 120) | None = None
    improves_with_exercise: Tri = None
    improves_with_rest: Tri = None
    alternating_buttock_pain: Tri = None
    leg_symptoms_walking_relieved_by_sitting: Tri = None
    # Neurological symptoms
    numbness: Tri = None
    numbness_areas: Choices[NumbnessArea] | None = None
    weakness: Tri = None
    weakness_progressive: Tri = None
    gait_change: Tri = None
    hand_clumsiness: Tri = None
    lhermitte: Tri = None
    saddle_numbness: Tri = None
    bladder_dysfunction: Literal["none", "retention", "incontinence", "altered_sensation",
                                 "urgency_new"] | None = None
    bowel_incontinence: Tri = None
    sexual_dysfunction_new: Tri = None
    # Systemic context
    fever: Tri = None
    unexplained_weight_loss: Tri = None
    cancer_history: Tri = None
    cancer_metastatic: Tri = None
    immunosuppression: Tri = None
    iv_drug_use: Tri = None
    recent_infection: Tri = None
    recent_spinal_procedure: Tri = None
    osteoporosis: Tri = None
    long_term_steroids: Tri = None
    anticoagulation: Tri = None
    inflammatory_conditions: Choices[InflammatoryCondition] | None = None
    family_history_spondyloarthritis: Tri = None
    abdominal_pain: Tri = None
    chest_pain_or_dyspnoea: Tri = None
    vascular_disease: Tri = None
    # Course, treatment, function
    prior_episodes: bounded(0, 100) | None = None
    prior_treatments: Choices[PriorTreatment] | None = None
    treatment_response: Literal["better", "same", "worse"] | None = None
    walking_tolerance_minutes: bounded(0, 600) | None = None
    sitting_tolerance_minutes: bounded(0, 600) | None = None
    work_status: Literal["working_full", "modified_duty", "off_work", "not_employed", "retired",
                         "student"] | None = None


class Exam(Section):
    temperature_c: bounded(30.0, 45.0, float) | None = None
    gait: Literal["normal", "antalgic", "foot_drop", "ataxic", "wide_based", "unable"] | None = None
    deformity: Literal["none", "scoliosis", "kyphosis", "step_off"] | None = None
    midline_tenderness: Tri = None
    paraspinal_tenderness: Tri = None
    rom_restricted: Tri = None
    rom_painful: Choices[RomMovement] | None = None
    motor: dict[Root, GradePair] | None = None
    reflexes: dict[Reflex, ReflexPair] | None = None
    sensation: dict[Root, SensationPair] | None = None
    saddle_sensation: Sensation | None = None
    anal_tone: Literal["normal", "reduced"] | None = None
    post_void_residual_ml: bounded(0, 3000) | None = None
    hoffmann: Pair | None = None
    babinski: Pair | None = None
    clonus: Pair | None = None
    slr: Pair | None = None
    slr_angle: AnglePair | None = None
    crossed_slr: Tri = None
    femoral_stretch: Pair | None = None
    spurling: Pair | None = None
    hip_rotation_painful: Pair | None = None
    si_provocation_positive: bounded(0, 5) | None = None
    pulsatile_abdominal_mass: Tri = None
    pedal_pulses: Literal["normal", "reduced", "absent"] | None = None


class Study(Section):
    modality: Literal["xray", "mri", "ct", "labs", "emg_ncs", "dexa", "bone_scan"] | None = None
    region: Literal["cervical", "thoracic", "lumbar", "sacral", "pelvis", "hip",
                    "other"] | None = None
    status: Literal["ordered", "resulted"] | None = None
    date: Date | None = None
    findings: Choices[StudyFinding] | None = None
    impression: Annotated[str, Field(max_length=4000)] | None = None


class Labs(Section):
    crp_mg_l: bounded(0, 500, float) | None = None
    esr_mm_h: bounded(0, 150, float) | None = None
    wbc_10e9_l: bounded(0, 100, float) | None = None
    hla_b27: Literal["positive", "negative"] | None = None


class Diagnostics(Section):
    studies: list[Study] | None = None
    labs: Labs | None = None


OdiItem = bounded(0, 5) | None
StartBackItem = bounded(0, 1) | None


class Questionnaires(Section):
    odi: Annotated[list[OdiItem], Field(min_length=10, max_length=10)] | None = None
    ndi: Annotated[list[OdiItem], Field(min_length=10, max_length=10)] | None = None
    # Items 1-8 agree (1) / disagree (0); item 9 bothersomeness 0-4.
    startback: tuple[StartBackItem, StartBackItem, StartBackItem, StartBackItem,
                     StartBackItem, StartBackItem, StartBackItem, StartBackItem,
                     bounded(0, 4) | None] | None = None


class Findings(Section):
    """One visit's findings document, the input of ``assess``."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True,
                              title="Back-pain visit findings (docs/findings.md)")

    patient: Patient | None = None
    visit: Visit | None = None
    history: History | None = None
    exam: Exam | None = None
    diagnostics: Diagnostics | None = None
    questionnaires: Questionnaires | None = None
