"""The findings vocabulary (docs/findings.md) as choices with plain clinical labels.

Values are the contract shared with the engine, the PDF and the exports; a test checks
them against the engine's input schema so the two can never drift apart.
"""

from django.db import models


class Region(models.TextChoices):
    CERVICAL = "cervical", "Cervical (neck)"
    THORACIC = "thoracic", "Thoracic (mid back)"
    LUMBAR = "lumbar", "Lumbar (low back)"
    SACRAL = "sacral", "Sacral / buttock"


class Side(models.TextChoices):
    MIDLINE = "midline", "Midline"
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BILATERAL = "bilateral", "Both sides"


class Radiation(models.TextChoices):
    NONE = "none", "None"
    BUTTOCK = "buttock", "Buttock"
    THIGH = "thigh", "Thigh"
    BELOW_KNEE = "below_knee", "Below the knee"
    FOOT = "foot", "Foot"
    GROIN = "groin", "Groin"
    SHOULDER = "shoulder", "Shoulder"
    UPPER_ARM = "upper_arm", "Upper arm"
    FOREARM_HAND = "forearm_hand", "Forearm or hand"
    CHEST_WALL = "chest_wall", "Chest wall"
    ABDOMEN = "abdomen", "Abdomen"


class NumbnessArea(models.TextChoices):
    NONE = "none", "None"
    BUTTOCK = "buttock", "Buttock"
    THIGH = "thigh", "Thigh"
    BELOW_KNEE = "below_knee", "Below the knee"
    FOOT = "foot", "Foot"
    GROIN = "groin", "Groin"
    SHOULDER = "shoulder", "Shoulder"
    UPPER_ARM = "upper_arm", "Upper arm"
    FOREARM_HAND = "forearm_hand", "Forearm or hand"
    CHEST_WALL = "chest_wall", "Chest wall"
    ABDOMEN = "abdomen", "Abdomen"
    HAND = "hand", "Hand"
    SADDLE = "saddle", "Saddle area"


class RadiationSide(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BILATERAL = "bilateral", "Both sides"


class Onset(models.TextChoices):
    SUDDEN = "sudden", "Sudden"
    GRADUAL = "gradual", "Gradual"


class Trigger(models.TextChoices):
    NONE = "none", "None"
    LIFTING = "lifting", "Lifting"
    TWISTING = "twisting", "Twisting"
    FALL = "fall", "Fall"
    MOTOR_VEHICLE = "motor_vehicle", "Motor vehicle collision"
    SPORT = "sport", "Sport"
    OTHER = "other", "Other"


class Trauma(models.TextChoices):
    NONE = "none", "None"
    MINOR = "minor", "Minor (low energy)"
    MAJOR = "major", "Major (high energy: collision, fall > 1 m or 5 stairs, axial load)"


class PainCourse(models.TextChoices):
    CONSTANT = "constant", "Constant"
    INTERMITTENT = "intermittent", "Comes and goes"


class PainQuality(models.TextChoices):
    ACHING = "aching", "Aching"
    SHARP = "sharp", "Sharp"
    BURNING = "burning", "Burning"
    SHOOTING = "shooting", "Shooting"
    ELECTRIC = "electric", "Electric"
    THROBBING = "throbbing", "Throbbing"
    CRAMPING = "cramping", "Cramping"
    TEARING = "tearing", "Tearing"


class Aggravating(models.TextChoices):
    FLEXION = "flexion", "Bending forward"
    EXTENSION = "extension", "Bending backward"
    ROTATION = "rotation", "Twisting"
    SITTING = "sitting", "Sitting"
    STANDING = "standing", "Standing"
    WALKING = "walking", "Walking"
    LIFTING = "lifting", "Lifting"
    COUGH_SNEEZE = "cough_sneeze", "Coughing or sneezing"
    LYING = "lying", "Lying down"
    REST = "rest", "Rest"


class Relieving(models.TextChoices):
    REST = "rest", "Rest"
    MOVEMENT = "movement", "Movement"
    SITTING = "sitting", "Sitting"
    FLEXION = "flexion", "Bending forward"
    LYING = "lying", "Lying down"
    MEDICATION = "medication", "Medication"
    NOTHING = "nothing", "Nothing helps"


class NightPain(models.TextChoices):
    NONE = "none", "No night pain"
    WAKES_SECOND_HALF = (
        "wakes_second_half",
        "Wakes in the second half of the night, eases on getting up",
    )
    UNREMITTING = "unremitting", "Constant at night, no position relieves it"


class BladderDysfunction(models.TextChoices):
    NONE = "none", "None"
    RETENTION = "retention", "Retention (cannot pass urine)"
    INCONTINENCE = "incontinence", "Incontinence"
    ALTERED_SENSATION = "altered_sensation", "Altered bladder sensation"
    URGENCY_NEW = "urgency_new", "New urgency"


class InflammatoryCondition(models.TextChoices):
    NONE = "none", "None"
    PSORIASIS = "psoriasis", "Psoriasis"
    INFLAMMATORY_BOWEL_DISEASE = "inflammatory_bowel_disease", "Inflammatory bowel disease"
    UVEITIS = "uveitis", "Uveitis"
    SPONDYLOARTHRITIS = "spondyloarthritis", "Spondyloarthritis"
    OTHER = "other", "Other"


class PriorTreatment(models.TextChoices):
    NONE = "none", "None"
    PHYSIOTHERAPY = "physiotherapy", "Physiotherapy"
    PARACETAMOL = "paracetamol", "Paracetamol"
    NSAID = "nsaid", "NSAID"
    OPIOID = "opioid", "Opioid"
    NEUROPATHIC_AGENT = "neuropathic_agent", "Neuropathic agent"
    MUSCLE_RELAXANT = "muscle_relaxant", "Muscle relaxant"
    INJECTION = "injection", "Injection"
    MANUAL_THERAPY = "manual_therapy", "Manual therapy"
    SURGERY = "surgery", "Surgery"


class TreatmentResponse(models.TextChoices):
    BETTER = "better", "Better"
    SAME = "same", "Same"
    WORSE = "worse", "Worse"


class WorkStatus(models.TextChoices):
    WORKING_FULL = "working_full", "Working full duties"
    MODIFIED_DUTY = "modified_duty", "Modified duties"
    OFF_WORK = "off_work", "Off work"
    NOT_EMPLOYED = "not_employed", "Not employed"
    RETIRED = "retired", "Retired"
    STUDENT = "student", "Student"


class Gait(models.TextChoices):
    NORMAL = "normal", "Normal"
    ANTALGIC = "antalgic", "Antalgic"
    FOOT_DROP = "foot_drop", "Foot drop"
    ATAXIC = "ataxic", "Ataxic"
    WIDE_BASED = "wide_based", "Wide-based"
    UNABLE = "unable", "Unable to walk"


class Deformity(models.TextChoices):
    NONE = "none", "None"
    SCOLIOSIS = "scoliosis", "Scoliosis"
    KYPHOSIS = "kyphosis", "Kyphosis"
    STEP_OFF = "step_off", "Step-off"


class RomMovement(models.TextChoices):
    FLEXION = "flexion", "Flexion"
    EXTENSION = "extension", "Extension"
    ROTATION = "rotation", "Rotation"
    SIDE_BENDING = "side_bending", "Side bending"


class Sensation(models.TextChoices):
    NORMAL = "normal", "Normal"
    REDUCED = "reduced", "Reduced"
    ABSENT = "absent", "Absent"


class AnalTone(models.TextChoices):
    NORMAL = "normal", "Normal"
    REDUCED = "reduced", "Reduced"


class PedalPulses(models.TextChoices):
    NORMAL = "normal", "Normal"
    REDUCED = "reduced", "Reduced"
    ABSENT = "absent", "Absent"


# Roots of the neurological examination and the reflexes, in examination order.
ROOTS = ("C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1")
REFLEXES = ("biceps", "brachioradialis", "triceps", "patellar", "achilles")
SIDES = ("left", "right")

ROOT_TESTS = {
    "C5": ("Shoulder abduction", "Lateral arm"),
    "C6": ("Wrist extension", "Lateral forearm, thumb"),
    "C7": ("Elbow extension", "Middle finger"),
    "C8": ("Finger flexion", "Little finger, medial forearm"),
    "T1": ("Finger abduction", "Medial arm"),
    "L2": ("Hip flexion", "Anterior thigh"),
    "L3": ("Knee extension", "Medial thigh to knee"),
    "L4": ("Ankle dorsiflexion", "Medial leg"),
    "L5": ("Great toe extension", "Dorsum of foot, lateral leg"),
    "S1": ("Ankle plantarflexion", "Lateral foot, sole"),
}


class Modality(models.TextChoices):
    XRAY = "xray", "X-ray"
    MRI = "mri", "MRI"
    CT = "ct", "CT"
    LABS = "labs", "Laboratory"
    EMG_NCS = "emg_ncs", "EMG / nerve conduction"
    DEXA = "dexa", "DEXA"
    BONE_SCAN = "bone_scan", "Bone scan"


class StudyRegion(models.TextChoices):
    CERVICAL = "cervical", "Cervical"
    THORACIC = "thoracic", "Thoracic"
    LUMBAR = "lumbar", "Lumbar"
    SACRAL = "sacral", "Sacral"
    PELVIS = "pelvis", "Pelvis"
    HIP = "hip", "Hip"
    OTHER = "other", "Other"


class StudyStatus(models.TextChoices):
    ORDERED = "ordered", "Ordered"
    RESULTED = "resulted", "Resulted"


class StudyFinding(models.TextChoices):
    NORMAL = "normal", "Normal"
    DEGENERATIVE = "degenerative", "Degenerative change"
    DISC_HERNIATION = "disc_herniation", "Disc herniation"
    STENOSIS = "stenosis", "Stenosis"
    SPONDYLOLISTHESIS = "spondylolisthesis", "Spondylolisthesis"
    FRACTURE = "fracture", "Fracture"
    CORD_COMPRESSION = "cord_compression", "Cord compression"
    CAUDA_EQUINA_COMPRESSION = "cauda_equina_compression", "Cauda equina compression"
    INFECTION = "infection", "Infection"
    TUMOUR = "tumour", "Tumour"
    SACROILIITIS = "sacroiliitis", "Sacroiliitis"
    OTHER = "other", "Other"


class HlaB27(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"


class Disposition(models.TextChoices):
    ROUTINE = "routine", "Routine care"
    EXPEDITED_REVIEW = "expedited_review", "Expedited specialist review"
    URGENT_SAME_DAY = "urgent_same_day", "Urgent same-day assessment"
    EMERGENCY_DEPARTMENT = "emergency_department", "Emergency department now"


class Education(models.TextChoices):
    REASSURANCE = "reassurance", "Reassurance"
    STAY_ACTIVE = "stay_active", "Advice to stay active"
    ACTIVITY_MODIFICATION = "activity_modification", "Activity modification"
    RED_FLAG_SAFETY_NET = "red_flag_safety_net", "Red-flag safety-netting"


class Medication(models.TextChoices):
    NONE = "none", "None"
    PARACETAMOL = "paracetamol", "Paracetamol"
    NSAID = "nsaid", "NSAID"
    TOPICAL_NSAID = "topical_nsaid", "Topical NSAID"
    NEUROPATHIC_AGENT = "neuropathic_agent", "Neuropathic agent"
    MUSCLE_RELAXANT = "muscle_relaxant", "Muscle relaxant"
    OPIOID_SHORT_COURSE = "opioid_short_course", "Opioid, short course"


class Rehabilitation(models.TextChoices):
    NONE = "none", "None"
    PHYSIOTHERAPY = "physiotherapy", "Physiotherapy"
    HOME_EXERCISE = "home_exercise", "Home exercise programme"
    GRADED_ACTIVITY = "graded_activity", "Graded activity"
    COGNITIVE_FUNCTIONAL_THERAPY = "cognitive_functional_therapy", "Cognitive functional therapy"
    WORK_HARDENING = "work_hardening", "Work hardening"


class ImagingOrdered(models.TextChoices):
    NONE = "none", "None"
    XRAY = "xray", "X-ray"
    MRI = "mri", "MRI"
    CT = "ct", "CT"


class LabsOrdered(models.TextChoices):
    NONE = "none", "None"
    CRP_ESR = "crp_esr", "CRP and ESR"
    FBC = "fbc", "Full blood count"
    HLA_B27 = "hla_b27", "HLA-B27"
    OTHER = "other", "Other"


class Referral(models.TextChoices):
    NONE = "none", "None"
    SPINE_SURGERY = "spine_surgery", "Spine surgery"
    PAIN_INTERVENTION = "pain_intervention", "Pain intervention"
    RHEUMATOLOGY = "rheumatology", "Rheumatology"
    NEUROLOGY = "neurology", "Neurology"
    EMERGENCY = "emergency", "Emergency department"
    ONCOLOGY = "oncology", "Oncology"
    VASCULAR_SURGERY = "vascular_surgery", "Vascular surgery"


class Intervention(models.TextChoices):
    NONE = "none", "None"
    EPIDURAL_STEROID_INJECTION = "epidural_steroid_injection", "Epidural steroid injection"
    FACET_BLOCK = "facet_block", "Facet block"
    RADIOFREQUENCY_ABLATION = "radiofrequency_ablation", "Radiofrequency ablation"
    SI_JOINT_INJECTION = "si_joint_injection", "Sacroiliac joint injection"


class WorkAdvice(models.TextChoices):
    FULL_DUTY = "full_duty", "Full duties"
    MODIFIED_DUTY = "modified_duty", "Modified duties"
    OFF_WORK = "off_work", "Off work"
