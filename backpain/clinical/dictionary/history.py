"""Step 1, the history: what the patient reports, asked by clinic staff in this order
(docs/findings.md, "history")."""

from . import vocabularies as v
from .declare import (
    MINUTES,
    Coding,
    all_of,
    any_of,
    between,
    choice,
    choices,
    date,
    integer,
    text,
    tri,
    when,
    when_yes,
)
from .kinds import LOINC

LOCATION = "Location and course"
NEUROLOGICAL = "Neurological symptoms"
CAUDA_EQUINA = "Bladder, bowel and sexual function (cauda equina screen)"
SYSTEMIC = "Systemic context"
COURSE = "Course, treatment and function"
NARRATIVE = "History in words"
# The free texts' limit: a page or two of prose, as the plan notes and a study's report.
PROSE = 4000
SPREADING = tuple(value for value in v.RADIATION.values if value != "none")
NECK = when("history.regions", "cervical")
# The myelopathy questions: at every cervical or thoracic visit, and every visit at 50 or over.
MYELOPATHY_SCREEN = any_of(when("history.regions", "cervical", "thoracic"),
                           between("patient.age_years", 50, 200))
# The Canadian C-Spine Rule's questions: an injury and neck pain.
NECK_INJURY = all_of(when("history.trauma", "minor", "major"), NECK,
                     described="an injury with neck pain is recorded")
# Pregnancy is asked of a patient who is not male, aged 12 to 55.
MAY_BE_PREGNANT = all_of(when("patient.sex", "female", "other", "unknown"),
                         between("patient.age_years", 12, 55),
                         described="the patient is not male and is aged 12 to 55")

HISTORY = (
    # Location and course
    choices("history.regions", v.REGION, "Where is the pain?", group=LOCATION,
            at_least_one=True),
    choice("history.side", v.SIDE, "Which side?", group=LOCATION),
    choices("history.radiation", v.RADIATION, "Does the pain spread?", group=LOCATION),
    choice("history.radiation_side", v.RADIATION_SIDE,
           "Spreads on which side? (both: the furthest spread is on both sides)", group=LOCATION,
           asked_when=when("history.radiation", *SPREADING, described="the pain spreads")),
    choice("history.bilateral_leg_onset", v.BILATERAL_LEG_ONSET,
           "When did the pain in both legs begin?", group=LOCATION,
           asked_when=when("history.radiation_side", "bilateral",
                           described="the pain spreads on both sides")),
    choice("history.onset", v.ONSET, "How did it start?", group=LOCATION),
    date("history.onset_date", "When did this episode start?", group=LOCATION),
    choice("history.trigger", v.TRIGGER, "What set it off?", group=LOCATION),
    choice("history.trauma", v.TRAUMA, "Injury", group=LOCATION, screens_for="spinal_fracture"),
    tri("history.dangerous_mechanism",
        "Dangerous mechanism: fall from 1 m or 5 stairs, axial load, high-speed or rollover "
        "collision, ejection, bicycle collision?", group=LOCATION, asked_when=NECK_INJURY),
    tri("history.limb_paraesthesia_after_trauma", "Tingling in the arms or legs since the injury?",
        group=LOCATION, asked_when=NECK_INJURY),
    integer("history.pain_now", 0, 10, "Pain now (0-10)", group=LOCATION,
            coding=Coding(LOINC, "72514-3",
                          "Pain severity - 0-10 verbal numeric rating [Score] - Reported")),
    integer("history.pain_worst", 0, 10, "Worst pain (0-10)", group=LOCATION),
    integer("history.pain_best", 0, 10, "Best pain (0-10)", group=LOCATION),
    choice("history.pain_course", v.PAIN_COURSE, "Is the pain constant?", group=LOCATION),
    choices("history.pain_qualities", v.PAIN_QUALITY, "What is the pain like?", group=LOCATION),
    choices("history.aggravating", v.AGGRAVATING, "What makes it worse?", group=LOCATION),
    choices("history.relieving", v.RELIEVING, "What eases it?", group=LOCATION),
    choice("history.night_pain", v.NIGHT_PAIN, "Pain at night", group=LOCATION),
    integer("history.morning_stiffness_minutes", 0, 1440, "Morning stiffness (minutes)",
            group=LOCATION, unit=MINUTES),
    integer("history.age_at_onset", 0, 120, "Age when back symptoms first began",
            group=LOCATION, stable=True),
    tri("history.improves_with_exercise", "Better with exercise?", group=LOCATION),
    tri("history.improves_with_rest", "Better with rest?", group=LOCATION),
    tri("history.alternating_buttock_pain", "Buttock pain that alternates sides?",
        group=LOCATION),
    tri("history.leg_symptoms_walking_relieved_by_sitting",
        "Leg pain or heaviness on walking or standing, eased by sitting or bending forward?",
        group=LOCATION),
    # Neurological symptoms
    tri("history.numbness", "Numbness or pins and needles?", group=NEUROLOGICAL),
    choices("history.numbness_areas", v.NUMBNESS_AREA, "Where is the numbness?",
            group=NEUROLOGICAL, asked_when=when_yes("history.numbness")),
    tri("history.weakness", "Weakness?", group=NEUROLOGICAL,
        screens_for="severe_neurological_deficit"),
    tri("history.weakness_progressive", "Weakness getting worse over hours or days?",
        group=NEUROLOGICAL, asked_when=when_yes("history.weakness")),
    tri("history.gait_change", "Unsteady or clumsy walking?", group=NEUROLOGICAL,
        screens_for="myelopathy", screened_when=MYELOPATHY_SCREEN),
    tri("history.hand_clumsiness", "Dropping things, trouble with buttons or writing?",
        group=NEUROLOGICAL, screens_for="myelopathy", screened_when=MYELOPATHY_SCREEN),
    tri("history.lhermitte", "Electric sensation down the spine on bending the neck?",
        group=NEUROLOGICAL),
    tri("history.saddle_numbness",
        "Numbness in the saddle area (perineum, buttocks, inner thighs)?", group=CAUDA_EQUINA,
        screens_for="cauda_equina_syndrome"),
    choice("history.bladder_dysfunction", v.BLADDER_DYSFUNCTION, "Bladder problems",
           group=CAUDA_EQUINA, screens_for="cauda_equina_syndrome"),
    tri("history.bowel_incontinence", "Loss of bowel control?", group=CAUDA_EQUINA,
        screens_for="cauda_equina_syndrome"),
    tri("history.rectal_sensation_change", "Change in feeling when opening the bowels?",
        group=CAUDA_EQUINA, screens_for="cauda_equina_syndrome"),
    tri("history.sexual_dysfunction_new", "New sexual dysfunction?", group=CAUDA_EQUINA),
    # Systemic context
    tri("history.fever", "Fever, chills or night sweats?", group=SYSTEMIC,
        screens_for="spinal_infection"),
    tri("history.unexplained_weight_loss", "Unexplained weight loss?", group=SYSTEMIC,
        screens_for="malignancy"),
    tri("history.cancer_history",
        "History of cancer (not non-melanoma skin cancer or carcinoma in situ)?",
        group=SYSTEMIC, screens_for="malignancy", stable=True),
    tri("history.cancer_metastatic", "Known metastatic disease?", group=SYSTEMIC,
        asked_when=when_yes("history.cancer_history"), stable=True),
    tri("history.immunosuppression",
        "Immunosuppression (HIV, transplant, chemotherapy, biologics)?", group=SYSTEMIC, stable=True),
    tri("history.iv_drug_use", "Intravenous drug use?", group=SYSTEMIC, stable=True),
    tri("history.diabetes", "Diabetes?", group=SYSTEMIC, stable=True),
    tri("history.recent_infection", "Bacterial infection in the last 3 months?", group=SYSTEMIC),
    tri("history.recent_spinal_procedure", "Spinal surgery or injection in the last 3 months?",
        group=SYSTEMIC),
    integer("history.days_since_spinal_procedure", 0, 3650, "Days since the procedure",
            group=SYSTEMIC, asked_when=when_yes("history.recent_spinal_procedure")),
    tri("history.osteoporosis", "Osteoporosis?", group=SYSTEMIC, stable=True),
    tri("history.long_term_steroids", "Systemic corticosteroids for more than 3 months?",
        group=SYSTEMIC, stable=True),
    tri("history.anticoagulation", "Taking anticoagulants?", group=SYSTEMIC, stable=True),
    choices("history.inflammatory_conditions", v.INFLAMMATORY_CONDITION,
            "Inflammatory conditions", group=SYSTEMIC, stable=True),
    tri("history.peripheral_arthritis", "Swollen joints (arthritis), now or in the past?",
        group=SYSTEMIC, stable=True),
    tri("history.enthesitis", "Heel or tendon-insertion pain (enthesitis), now or in the past?",
        group=SYSTEMIC, stable=True),
    tri("history.family_history_spondyloarthritis", "Family history of spondyloarthritis?",
        group=SYSTEMIC, stable=True),
    tri("history.abdominal_pain", "Abdominal pain?", group=SYSTEMIC),
    choices("history.urinary_symptoms", v.URINARY_SYMPTOM, "Urinary symptoms", group=SYSTEMIC),
    choices("history.gi_symptoms", v.GI_SYMPTOM, "Bowel and stomach symptoms", group=SYSTEMIC),
    tri("history.chest_pain_or_dyspnoea",
        "New chest pain or breathlessness with this episode?", group=SYSTEMIC),
    tri("history.syncope", "Fainting or collapse with this episode?", group=SYSTEMIC),
    tri("history.vascular_disease",
        "Known aortic aneurysm, peripheral arterial disease, or smoker with vascular disease?",
        group=SYSTEMIC, stable=True),
    tri("history.smoker", "Smoker?", group=SYSTEMIC, stable=True),
    tri("history.pregnant", "Pregnant?", group=SYSTEMIC, asked_when=MAY_BE_PREGNANT),
    # Course, treatment, function
    integer("history.prior_episodes", 0, 100, "Previous episodes", group=COURSE, stable=True),
    choices("history.prior_treatments", v.PRIOR_TREATMENT, "Treatments tried", group=COURSE, stable=True),
    choice("history.treatment_response", v.TREATMENT_RESPONSE, "Response to treatment",
           group=COURSE),
    integer("history.failed_conservative_care_weeks", 0, 520,
            "Weeks of supervised conservative care without improvement", group=COURSE),
    choice("history.nsaid_response", v.NSAID_RESPONSE, "Response to anti-inflammatories (NSAID)",
           group=COURSE),
    integer("history.walking_tolerance_minutes", 0, 600, "Walking tolerance (minutes)",
            group=COURSE, unit=MINUTES),
    integer("history.sitting_tolerance_minutes", 0, 600, "Sitting tolerance (minutes)",
            group=COURSE, unit=MINUTES),
    choice("history.work_status", v.WORK_STATUS, "Work status", group=COURSE),
    # The story as the clinician tells it; kept in the note, never read by the engine.
    text("history.narrative", PROSE, "History narrative", group=NARRATIVE),
)
