"""The value sets of the findings, each value with the label clinicians read
(docs/findings.md). Values are never renamed; labels may be improved."""

from .kinds import vocabulary

REGION = vocabulary(
    "region",
    ("cervical", "Cervical (neck)"),
    ("thoracic", "Thoracic (mid back)"),
    ("lumbar", "Lumbar (low back)"),
    ("sacral", "Sacral / buttock"),
)

SIDE = vocabulary(
    "side",
    ("midline", "Midline"),
    ("left", "Left"),
    ("right", "Right"),
    ("bilateral", "Both sides"),
)

RADIATION = vocabulary(
    "radiation",
    ("none", "None"),
    ("buttock", "Buttock"),
    ("thigh", "Thigh"),
    ("below_knee", "Below the knee"),
    ("foot", "Foot"),
    ("groin", "Groin"),
    ("shoulder", "Shoulder"),
    ("upper_arm", "Upper arm"),
    ("forearm_hand", "Forearm or hand"),
    ("chest_wall", "Chest wall"),
    ("abdomen", "Abdomen"),
)

NUMBNESS_AREA = vocabulary(
    "numbness_area",
    ("none", "None"),
    ("buttock", "Buttock"),
    ("thigh", "Thigh"),
    ("below_knee", "Below the knee"),
    ("foot", "Foot"),
    ("groin", "Groin"),
    ("shoulder", "Shoulder"),
    ("upper_arm", "Upper arm"),
    ("forearm_hand", "Forearm or hand"),
    ("chest_wall", "Chest wall"),
    ("abdomen", "Abdomen"),
    ("hand", "Hand"),
    ("saddle", "Saddle area"),
)

RADIATION_SIDE = vocabulary(
    "radiation_side",
    ("left", "Left"),
    ("right", "Right"),
    ("bilateral", "Both sides"),
)

ONSET = vocabulary(
    "onset",
    ("sudden", "Sudden"),
    ("gradual", "Gradual"),
)

TRIGGER = vocabulary(
    "trigger",
    ("none", "None"),
    ("lifting", "Lifting"),
    ("twisting", "Twisting"),
    ("fall", "Fall"),
    ("motor_vehicle", "Motor vehicle collision"),
    ("sport", "Sport"),
    ("other", "Other"),
)

TRAUMA = vocabulary(
    "trauma",
    ("none", "None"),
    ("minor", "Minor (low energy)"),
    ("major", "Major (high energy: collision, fall > 1 m or 5 stairs, axial load)"),
)

PAIN_COURSE = vocabulary(
    "pain_course",
    ("constant", "Constant"),
    ("intermittent", "Comes and goes"),
)

PAIN_QUALITY = vocabulary(
    "pain_quality",
    ("aching", "Aching"),
    ("sharp", "Sharp"),
    ("burning", "Burning"),
    ("shooting", "Shooting"),
    ("electric", "Electric"),
    ("throbbing", "Throbbing"),
    ("cramping", "Cramping"),
    ("tearing", "Tearing"),
)

AGGRAVATING = vocabulary(
    "aggravating",
    ("flexion", "Bending forward"),
    ("extension", "Bending backward"),
    ("rotation", "Twisting"),
    ("sitting", "Sitting"),
    ("standing", "Standing"),
    ("walking", "Walking"),
    ("lifting", "Lifting"),
    ("cough_sneeze", "Coughing or sneezing"),
    ("lying", "Lying down"),
    ("rest", "Rest"),
)

RELIEVING = vocabulary(
    "relieving",
    ("rest", "Rest"),
    ("movement", "Movement"),
    ("sitting", "Sitting"),
    ("flexion", "Bending forward"),
    ("lying", "Lying down"),
    ("medication", "Medication"),
    ("nothing", "Nothing helps"),
)

NIGHT_PAIN = vocabulary(
    "night_pain",
    ("none", "No night pain"),
    ("wakes_second_half", "Wakes in the second half of the night, eases on getting up"),
    ("unremitting", "Constant at night, no position relieves it"),
)

BLADDER_DYSFUNCTION = vocabulary(
    "bladder_dysfunction",
    ("none", "None"),
    ("retention", "Retention (cannot pass urine)"),
    ("incontinence", "Incontinence"),
    ("altered_sensation", "Altered bladder sensation"),
    ("urgency_new", "New urgency"),
)

INFLAMMATORY_CONDITION = vocabulary(
    "inflammatory_condition",
    ("none", "None"),
    ("psoriasis", "Psoriasis"),
    ("inflammatory_bowel_disease", "Inflammatory bowel disease"),
    ("uveitis", "Uveitis"),
    ("spondyloarthritis", "Spondyloarthritis"),
    ("other", "Other"),
)

PRIOR_TREATMENT = vocabulary(
    "prior_treatment",
    ("none", "None"),
    ("physiotherapy", "Physiotherapy"),
    ("paracetamol", "Paracetamol"),
    ("nsaid", "NSAID"),
    ("opioid", "Opioid"),
    ("neuropathic_agent", "Neuropathic agent"),
    ("muscle_relaxant", "Muscle relaxant"),
    ("injection", "Injection"),
    ("manual_therapy", "Manual therapy"),
    ("surgery", "Surgery"),
)

TREATMENT_RESPONSE = vocabulary(
    "treatment_response",
    ("better", "Better"),
    ("same", "Same"),
    ("worse", "Worse"),
)

WORK_STATUS = vocabulary(
    "work_status",
    ("working_full", "Working full duties"),
    ("modified_duty", "Modified duties"),
    ("off_work", "Off work"),
    ("not_employed", "Not employed"),
    ("retired", "Retired"),
    ("student", "Student"),
)

GAIT = vocabulary(
    "gait",
    ("normal", "Normal"),
    ("antalgic", "Antalgic"),
    ("foot_drop", "Foot drop"),
    ("ataxic", "Ataxic"),
    ("wide_based", "Wide-based"),
    ("unable", "Unable to walk"),
)

DEFORMITY = vocabulary(
    "deformity",
    ("none", "None"),
    ("scoliosis", "Scoliosis"),
    ("kyphosis", "Kyphosis"),
    ("step_off", "Step-off"),
)

ROM_MOVEMENT = vocabulary(
    "rom_movement",
    ("flexion", "Flexion"),
    ("extension", "Extension"),
    ("rotation", "Rotation"),
    ("side_bending", "Side bending"),
)

SENSATION = vocabulary(
    "sensation",
    ("normal", "Normal"),
    ("reduced", "Reduced"),
    ("absent", "Absent"),
)

ANAL_TONE = vocabulary(
    "anal_tone",
    ("normal", "Normal"),
    ("reduced", "Reduced"),
)

PEDAL_PULSES = vocabulary(
    "pedal_pulses",
    ("normal", "Normal"),
    ("reduced", "Reduced"),
    ("absent", "Absent"),
)

MODALITY = vocabulary(
    "modality",
    ("xray", "X-ray"),
    ("mri", "MRI"),
    ("ct", "CT"),
    ("labs", "Laboratory"),
    ("emg_ncs", "EMG / nerve conduction"),
    ("dexa", "DEXA"),
    ("bone_scan", "Bone scan"),
)

STUDY_REGION = vocabulary(
    "study_region",
    ("cervical", "Cervical"),
    ("thoracic", "Thoracic"),
    ("lumbar", "Lumbar"),
    ("sacral", "Sacral"),
    ("pelvis", "Pelvis"),
    ("hip", "Hip"),
    ("other", "Other"),
)

STUDY_STATUS = vocabulary(
    "study_status",
    ("ordered", "Ordered"),
    ("resulted", "Resulted"),
)

STUDY_FINDING = vocabulary(
    "study_finding",
    ("normal", "Normal"),
    ("degenerative", "Degenerative change"),
    ("disc_herniation", "Disc herniation"),
    ("stenosis", "Stenosis"),
    ("spondylolisthesis", "Spondylolisthesis"),
    ("fracture", "Fracture"),
    ("cord_compression", "Cord compression"),
    ("cauda_equina_compression", "Cauda equina compression"),
    ("infection", "Infection"),
    ("tumour", "Tumour"),
    ("sacroiliitis", "Sacroiliitis"),
    ("other", "Other"),
)

HLA_B27 = vocabulary(
    "hla_b27",
    ("positive", "Positive"),
    ("negative", "Negative"),
)

DISPOSITION = vocabulary(
    "disposition",
    ("routine", "Routine care"),
    ("expedited_review", "Expedited specialist review"),
    ("urgent_same_day", "Urgent same-day assessment"),
    ("emergency_department", "Emergency department now"),
)

EDUCATION = vocabulary(
    "education",
    ("reassurance", "Reassurance"),
    ("stay_active", "Advice to stay active"),
    ("activity_modification", "Activity modification"),
    ("red_flag_safety_net", "Red-flag safety-netting"),
)

MEDICATION = vocabulary(
    "medication",
    ("none", "None"),
    ("paracetamol", "Paracetamol"),
    ("nsaid", "NSAID"),
    ("topical_nsaid", "Topical NSAID"),
    ("neuropathic_agent", "Neuropathic agent"),
    ("muscle_relaxant", "Muscle relaxant"),
    ("opioid_short_course", "Opioid, short course"),
)

REHABILITATION = vocabulary(
    "rehabilitation",
    ("none", "None"),
    ("physiotherapy", "Physiotherapy"),
    ("home_exercise", "Home exercise programme"),
    ("graded_activity", "Graded activity"),
    ("cognitive_functional_therapy", "Cognitive functional therapy"),
    ("work_hardening", "Work hardening"),
)

IMAGING_ORDERED = vocabulary(
    "imaging_ordered",
    ("none", "None"),
    ("xray", "X-ray"),
    ("mri", "MRI"),
    ("ct", "CT"),
)

LABS_ORDERED = vocabulary(
    "labs_ordered",
    ("none", "None"),
    ("crp_esr", "CRP and ESR"),
    ("fbc", "Full blood count"),
    ("hla_b27", "HLA-B27"),
    ("other", "Other"),
)

REFERRAL = vocabulary(
    "referral",
    ("none", "None"),
    ("spine_surgery", "Spine surgery"),
    ("pain_intervention", "Pain intervention"),
    ("rheumatology", "Rheumatology"),
    ("neurology", "Neurology"),
    ("emergency", "Emergency department"),
    ("oncology", "Oncology"),
    ("vascular_surgery", "Vascular surgery"),
)

INTERVENTION = vocabulary(
    "intervention",
    ("none", "None"),
    ("epidural_steroid_injection", "Epidural steroid injection"),
    ("facet_block", "Facet block"),
    ("radiofrequency_ablation", "Radiofrequency ablation"),
    ("si_joint_injection", "Sacroiliac joint injection"),
)

WORK_ADVICE = vocabulary(
    "work_advice",
    ("full_duty", "Full duties"),
    ("modified_duty", "Modified duties"),
    ("off_work", "Off work"),
)


SEX = vocabulary(
    "sex",
    ("female", "Female"),
    ("male", "Male"),
    ("other", "Other"),
    ("unknown", "Unknown"),
)

VISIT_TYPE = vocabulary(
    "visit_type",
    ("new", "New patient"),
    ("follow_up", "Follow-up"),
    ("post_op", "Post-operative"),
)


# Rules version 2 (docs/clinical-rules.md).
BILATERAL_LEG_ONSET = vocabulary(
    "bilateral_leg_onset",
    ("new_within_14_days", "New, within the last 14 days"),
    ("new_15_to_90_days", "New, 15 to 90 days ago"),
    ("progressed_within_90_days", "Present before, worse within the last 90 days"),
    ("longstanding_stable", "Longstanding and stable"),
)

URINARY_SYMPTOM = vocabulary(
    "urinary_symptom",
    ("none", "None"),
    ("dysuria", "Pain passing urine"),
    ("haematuria", "Blood in the urine"),
    ("loin_pain", "Loin pain"),
    ("frequency", "Passing urine more often"),
)

GI_SYMPTOM = vocabulary(
    "gi_symptom",
    ("none", "None"),
    ("related_to_meals", "Pain related to meals"),
    ("vomiting", "Vomiting"),
    ("melaena", "Black, tarry stools"),
)

NSAID_RESPONSE = vocabulary(
    "nsaid_response",
    ("good_within_48h", "Good relief within 48 hours"),
    ("partial", "Partial relief"),
    ("none", "No relief"),
    ("not_tried", "Not tried"),
)

NECK_ROTATION = vocabulary(
    "neck_rotation",
    ("able", "Able to rotate 45° left and right"),
    ("unable", "Unable"),
    ("not_tested", "Not tested"),
)

TANDEM_GAIT = vocabulary(
    "tandem_gait",
    ("normal", "Normal"),
    ("abnormal", "Abnormal"),
    ("not_tested", "Not tested"),
)

# Outcomes at follow-up (docs/findings.md, "questionnaires"; docs/clinical-rules.md,
# "Change over time"). The 7-point global rating of change as in the registries' transition
# question (Kamper et al. 2009; Swespine and NORspine ask it with these steps).
GLOBAL_CHANGE = vocabulary(
    "global_change",
    ("completely_recovered", "Completely recovered"),
    ("much_improved", "Much improved"),
    ("slightly_improved", "Slightly improved"),
    ("no_change", "No change"),
    ("slightly_worse", "Slightly worse"),
    ("much_worse", "Much worse"),
    ("worse_than_ever", "Worse than ever"),
)

SATISFACTION = vocabulary(
    "satisfaction",
    ("very_satisfied", "Very satisfied"),
    ("somewhat_satisfied", "Somewhat satisfied"),
    ("neutral", "Neither satisfied nor dissatisfied"),
    ("somewhat_dissatisfied", "Somewhat dissatisfied"),
    ("very_dissatisfied", "Very dissatisfied"),
)

USUAL_TASKS = vocabulary(
    "usual_tasks",
    ("all", "Does all usual tasks"),
    ("some", "Does some usual tasks"),
    ("unable", "Unable to do usual tasks"),
)
