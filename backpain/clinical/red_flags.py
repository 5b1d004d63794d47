"""Red flags for serious pathology, rules version 2 (docs/clinical-rules.md, "Red flags
(condition level)").

One function per flag. Each returns the flag at the most urgent level its findings reach, with
every finding that raised it as evidence, its time frame, the imaging it calls for, a rationale
written for the case and its citation; or None. No advice hides an emergency, and weak signs
alone (age, fever alone, a risk factor alone, failed conservative care) are never urgent.
"""

from dataclasses import dataclass, field

from .derived import Facts, contains, equals, ev, is_true
from .result import TIME_FRAMES, URGENCY_RANK, RedFlag, SuggestedTest, evidence_in_words

CES_CITATION = ("NICE NG59 (2016, rev. 2020) 1.1.1; GIRFT National Suspected CES Pathway "
                "(2023); SBNS/BASS Standards of care for CES (2018)")
# The ACR Low Back Pain (2021) variant each level's imaging follows, cited for lumbar pain
# only: V4 suspected cauda equina syndrome; V5 prior surgery with new or progressing
# symptoms; V6 low-velocity trauma, osteoporosis, elderly or chronic steroids; V7 suspected
# cancer, infection or immunosuppression. Neck pain is cited to ACR Cervical instead.
ACR_LBP = {
    "cauda_equina_syndrome": "variant 4",
    "cauda_equina_risk": "variant 4",
    "epidural_haematoma_abscess": "variants 5 and 7",
    "spinal_fracture": "variant 6",
    "malignancy": "variant 7",
    "malignancy_child": "variant 7",
    "spinal_infection": "variant 7",
}
CITATIONS = {
    "cauda_equina_syndrome": CES_CITATION,
    "cauda_equina_risk": "GIRFT National Suspected CES Pathway (2023): new bilateral leg "
                         "symptoms or new bladder or sexual change need urgent assessment and "
                         "safety-netting; Finucane et al., JOSPT 2020",
    "severe_neurological_deficit": "ACP (Chou et al., Ann Intern Med 2011): severe or "
                                   "progressive deficits need prompt imaging",
    "epidural_haematoma_abscess": "ASRA Practice Advisory (Horlocker et al., Reg Anesth Pain "
                                  "Med 2018): neurological deficit after anticoagulation or a "
                                  "spinal procedure",
    "myelopathy": "ACR Appropriateness Criteria Myelopathy (2020); ACR Cervical Neck Pain or "
                  "Cervical Radiculopathy (2018); Davies et al., BMJ 2018 (degenerative "
                  "cervical myelopathy)",
    "spinal_fracture": "Downie et al., BMJ 2013; Henschke et al., Arthritis Rheum 2009 "
                       "(female, age > 70, significant trauma, prolonged corticosteroids; "
                       "two features: local choice)",
    "spinal_fracture_pregnancy": "ACOG Committee Opinion 723 (2017): MRI without gadolinium "
                                 "in pregnancy; Downie et al., BMJ 2013",
    "spinal_fracture_trauma": "ACR Appropriateness Criteria Suspected Spine Trauma (2018); "
                              "Canadian C-Spine Rule (Stiell et al., JAMA 2001)",
    "malignancy": "NICE NG234 (2023, metastatic spinal cord compression); Downie et al., BMJ "
                  "2013",
    "malignancy_ng12": "NICE NG12 (2015, rev. 2023): back pain with weight loss at 60 or over, "
                       "direct-access CT within 2 weeks (pancreatic cancer)",
    "malignancy_child": "AHCPR (1994): red flags in children and adolescents (under 18: local "
                        "choice; AHCPR used under 20)",
    "spinal_infection": "Finucane et al., JOSPT 2020; Davis et al., J Emerg Med 2004 (epidural "
                        "abscess)",
    "inflammatory_spondyloarthritis": "NICE NG65 (2017) 1.1 referral criteria; ASAS (Rudwaleit "
                                      "et al., Ann Rheum Dis 2009)",
    "vascular_or_visceral_cause": "NICE NG156 (2020, abdominal aortic aneurysm) 1.1; ESC 2014 "
                                  "aortic disease guideline (acute aortic syndrome)",
    "visceral_review": "NICE NG59 1.1.1 (exclude non-spinal causes)",
    "vascular_claudication": "Katz & Harris, NEJM 2008 (lumbar spinal stenosis: neurogenic "
                             "against vascular claudication)",
}


@dataclass
class Level:
    """One way a flag is met: its urgency, time frame, imaging and the words for the case."""

    urgency: str
    time_frame: str
    evidence: list[str]
    rationale: str
    imaging: str | None = None
    region: str | None = None
    citation_key: str | None = None
    tests: list[SuggestedTest] = field(default_factory=list)


FRAME_RANK = {frame: rank for rank, frame in enumerate(TIME_FRAMES)}


@dataclass(frozen=True)
class ImagingNeed:
    """The imaging one level of a flag calls for: every level met is a candidate for the
    imaging advice, so a lesser level's study is listed beside the primary (`also`)."""

    code: str
    urgency: str
    advice: str
    rationale: str
    citation: str
    region: str | None
    time_frame: str = "routine"


@dataclass
class Extras:
    """What the flags add beside themselves: tests to suggest, imaging they call for."""

    tests: list[SuggestedTest] = field(default_factory=list)
    needs: list[ImagingNeed] = field(default_factory=list)


def flag(f: Facts, code: str, levels: list[Level], extras: Extras) -> RedFlag | None:
    """The most urgent level met (then the shortest time frame), with the evidence of every
    level met: one flag per condition, at its highest urgency."""
    met = [level for level in levels if level.evidence]
    if not met:
        return None
    top = min(met, key=lambda level: (URGENCY_RANK[level.urgency], FRAME_RANK[level.time_frame]))
    evidence = list(dict.fromkeys([*top.evidence, *(e for level in met for e in level.evidence)]))
    for level in met:
        extras.tests += [test for test in level.tests if test not in extras.tests]
        if level.imaging is not None:
            extras.needs.append(ImagingNeed(code, level.urgency, level.imaging, level.rationale,
                                            citation(f, level.citation_key or code),
                                            level.region, level.time_frame))
    return RedFlag(code=code, urgency=top.urgency, time_frame=top.time_frame,
                   evidence=evidence, rationale=top.rationale,
                   citation=citation(f, top.citation_key or code), imaging=top.imaging,
                   imaging_region=top.region)


def citation(f: Facts, key: str) -> str:
    """The citation of a level, with the imaging guidance of the painful region: ACR Low
    Back Pain for the lumbar spine, ACR Cervical for the neck (never the other's)."""
    acr = ACR_LBP.get(key)
    if acr is None:
        return CITATIONS[key]
    if f.in_regions("lumbar", "sacral"):
        return f"{CITATIONS[key]}; ACR Appropriateness Criteria Low Back Pain (2021) {acr}"
    if f.in_regions("cervical"):
        return (f"{CITATIONS[key]}; ACR Appropriateness Criteria Cervical Neck Pain or "
                "Cervical Radiculopathy (2018)")
    return CITATIONS[key]


def spine_region(f: Facts) -> str:
    """The region to image, named from the painful regions."""
    named = {"cervical": "cervical spine", "thoracic": "thoracic spine",
             "lumbar": "lumbar spine", "sacral": "lumbar spine"}
    regions = list(dict.fromkeys(named[r] for r in f.regions))
    return " and ".join(regions) if regions else "painful region of the spine"


# --- Cauda equina -------------------------------------------------------------------------

def cauda_equina_syndrome(f: Facts, extras: Extras) -> RedFlag | None:
    h = f.h
    onset = h.bilateral_leg_onset
    bilateral = f.bilateral_leg_radiation
    new_bilateral = []
    if bilateral and onset == "new_within_14_days":
        new_bilateral = [*bilateral, ev("history.bilateral_leg_onset", onset)]
    elif bilateral and onset == "progressed_within_90_days" and h.treatment_response == "worse":
        new_bilateral = [*bilateral, ev("history.bilateral_leg_onset", onset),
                         ev("history.treatment_response", "worse")]
    urgency_with_sciatica = []
    if f.leg_radiation and h.bladder_dysfunction == "urgency_new":
        urgency_with_sciatica = [*f.leg_radiation, ev("history.bladder_dysfunction",
                                                      "urgency_new")]
    evidence = [*f.cauda_equina_findings, *f.study_findings("cauda_equina_compression"),
                *urgency_with_sciatica, *f.bilateral_lower_limb_deficit, *new_bilateral]
    return flag(f, "cauda_equina_syndrome", [Level(
        "emergency", "immediately", evidence,
        "Suspected cauda equina syndrome (bladder, bowel or saddle change, new bilateral leg "
        "symptoms or bilateral weakness): consider emergency MRI of the lumbar spine now; do "
        "not delay it for a rectal examination or bladder scan.",
        "emergency_mri", "lumbar spine")], extras)


def cauda_equina_risk(f: Facts, extras: Extras) -> RedFlag | None:
    h = f.h
    evidence = []
    if f.in_regions("lumbar", "sacral"):
        change = [*equals("history.bladder_dysfunction", h.bladder_dysfunction, "urgency_new"),
                  *is_true("history.sexual_dysfunction_new", h.sexual_dysfunction_new)]
        if change:
            evidence += [*change, *f.in_regions("lumbar", "sacral")]
    if f.bilateral_leg_radiation and h.bilateral_leg_onset != "longstanding_stable":
        evidence += [*f.bilateral_leg_radiation,
                     *([ev("history.bilateral_leg_onset", h.bilateral_leg_onset)]
                       if h.bilateral_leg_onset else [])]
    return flag(f, "cauda_equina_risk", [Level(
        "urgent", "within_1_week", evidence,
        "Bilateral leg symptoms or a new bladder or sexual change can precede cauda equina "
        "syndrome: give same-day safety-net advice (return at once with bladder, bowel or "
        "saddle change) and consider urgent MRI of the lumbar spine.",
        "urgent_mri", "lumbar spine")], extras)


# --- Neurological deficit -------------------------------------------------------------------

def severe_neurological_deficit(f: Facts, extras: Extras) -> RedFlag | None:
    h, x = f.h, f.x
    progressive = f.progressive_weakness
    foot_drop = equals("exam.gait", x.gait, "foot_drop")
    severe = [*f.severe_motor_deficit, *foot_drop]
    region = spine_region(f)
    fell = f.motor_decline_words()
    levels = [Level("urgent", "within_1_week",
                    [*f.severe_motor_deficit, *f.multilevel_motor_deficit, *progressive,
                     *foot_drop],
                    "A severe, multilevel or progressive motor deficit warrants urgent "
                    f"specialist review and MRI of the {region}.{fell}", "urgent_mri", region)]
    if progressive and severe:
        levels.append(Level("emergency", "same_day", [*progressive, *severe],
                            "Weakness that is getting worse with a grade 3 or less or a foot "
                            f"drop: consider emergency MRI of the {region} the same day."
                            f"{fell}",
                            "emergency_mri", region))
    compression = [*progressive, *f.cauda_equina_findings, *f.bilateral_lower_limb_deficit]
    anticoagulated = is_true("history.anticoagulation", h.anticoagulation)
    sudden = (h.onset == "sudden") or (f.duration_days is not None and f.duration_days <= 7)
    if anticoagulated and (compression or f.umn_sign) and sudden:
        levels.append(Level(
            "emergency", "immediately",
            [*anticoagulated, *compression, *f.umn_sign,
             *equals("history.onset", h.onset, "sudden")],
            "A new deficit while anticoagulated can mean a spinal epidural haematoma: consider "
            f"emergency MRI of the {region} now.", "emergency_mri", region,
            "epidural_haematoma_abscess"))
    procedure = f.procedure_within(30)
    if procedure and compression:
        levels.append(Level(
            "emergency", "immediately", [*procedure, *compression],
            "A new or progressing deficit within a month of a spinal procedure can mean an "
            f"epidural haematoma or abscess: consider emergency MRI of the {region} now.",
            "emergency_mri", region, "epidural_haematoma_abscess"))
    return flag(f, "severe_neurological_deficit", levels, extras)


def myelopathy(f: Facts, extras: Extras) -> RedFlag | None:
    domains = f.myelopathy_domains
    neck = f.in_regions("cervical", "thoracic")
    urgent = [*f.umn_sign, *f.study_findings("cord_compression")]
    if len(domains) >= 2 and neck:
        urgent += [e for domain in domains for e in domain] + neck
    levels = [Level("urgent", "within_1_week", urgent,
                    "Upper motor neuron signs, or two of gait, hand and Lhermitte symptoms with "
                    "neck or thoracic pain, suggest cord compression: consider urgent MRI of "
                    "the cervical spine (add the thoracic spine if it is normal).",
                    "urgent_mri", "cervical spine")]
    progressive = f.progressive_weakness
    if urgent and progressive:
        levels.append(Level("emergency", "same_day", [*urgent, *progressive],
                            "Signs of cord compression with weakness getting worse: consider "
                            "emergency MRI of the cervical spine the same day.",
                            "emergency_mri", "cervical spine"))
    if len(domains) >= 2 and not neck and not f.umn_sign:
        levels.append(Level("review", "routine", [e for domain in domains for e in domain],
                            "Two myelopathy symptoms without neck pain: examine for upper "
                            "motor neuron signs; degenerative cervical myelopathy often "
                            "presents without neck pain."))
    return flag(f, "myelopathy", levels, extras)


# --- Fracture ---------------------------------------------------------------------------------

def canadian_c_spine(f: Facts) -> tuple[list[str], bool]:
    """(evidence, indicated) of the Canadian C-Spine Rule where it applies: an injury with
    neck pain, age 16 or over, within 7 days. An unknown low-risk answer or untested rotation
    leans to safety (the rule then indicates imaging)."""
    h, x = f.h, f.x
    if not (h.trauma in ("minor", "major") and f.in_regions("cervical")
            and f.age is not None and f.age >= 16 and f.within_days(7)):
        return [], False
    high_risk = [*f.age_at_least(65),
                 *is_true("history.dangerous_mechanism", h.dangerous_mechanism),
                 *is_true("history.limb_paraesthesia_after_trauma",
                          h.limb_paraesthesia_after_trauma)]
    context = [ev("history.trauma", h.trauma), *f.in_regions("cervical")]
    if high_risk:
        return [*context, *high_risk], True
    if x.ccr_low_risk is False:
        return [*context, ev("exam.ccr_low_risk", False)], True
    if x.ccr_low_risk is True and x.neck_rotation_45 == "unable":
        return [*context, ev("exam.ccr_low_risk", True),
                ev("exam.neck_rotation_45", "unable")], True
    if x.ccr_low_risk is True and x.neck_rotation_45 == "able":
        return [], False
    return [*context, *equals("exam.neck_rotation_45", x.neck_rotation_45, "not_tested")], True


def rigid_spine(f: Facts) -> list[str]:
    return [*contains("history.inflammatory_conditions", f.h.inflammatory_conditions,
                      ("spondyloarthritis",)), *f.study_findings("sacroiliitis")]


def words_of(evidence: list[str]) -> str:
    """The findings that decided a level, named in the rationale ("Injury: Minor ...")."""
    return "; ".join(dict.fromkeys(evidence_in_words(item) for item in evidence))


def spinal_fracture(f: Facts, extras: Extras) -> RedFlag | None:
    h, x, age = f.h, f.x, f.age
    trauma = equals("history.trauma", h.trauma, ("minor", "major"))
    neck = bool(f.in_regions("cervical"))
    child_neck = neck and age is not None and age < 16
    neck_ct = neck and not child_neck
    steroids = is_true("history.long_term_steroids", h.long_term_steroids)
    osteoporosis = is_true("history.osteoporosis", h.osteoporosis)
    major = equals("history.trauma", h.trauma, "major")
    step_off = equals("exam.deformity", x.deformity, "step_off")
    neuro = [*f.neuro_finding]
    region = spine_region(f)
    study = "CT" if neck_ct else "radiographs"
    levels = []
    # Acute trauma (7 days or unknown): emergency, CT first (radiographs under 16 at the neck).
    if trauma and f.within_days(7):
        ccr, indicated = canadian_c_spine(f)
        emergency = [*major, *(ccr if indicated else []), *step_off, *neuro]
        if emergency:
            advice = "ct" if not child_neck or neuro else "xray"
            first = "CT" if advice == "ct" else "radiographs (a child's neck)"
            levels.append(Level(
                "emergency", "same_day", [*trauma, *emergency],
                f"A recent injury with a high-risk feature ({words_of(emergency)}): consider "
                f"{first} of the {region} the same day"
                + (", and MRI for the neurological finding." if neuro else "."),
                advice, region, "spinal_fracture_trauma"))
    # A rigid (ankylosed) spine: any injury of the last 6 weeks is an emergency (fractures
    # follow minor impact and displace late); beyond, review like any old injury.
    if trauma and rigid_spine(f) and f.within_days(42):
        levels.append(Level(
            "emergency", "same_day", [*trauma, *rigid_spine(f), *f.duration_evidence()],
            "Any injury to a rigid (ankylosed) spine can fracture it, often unstably: "
            "consider CT of the whole spine the same day.", "ct", "whole spine",
            "spinal_fracture_trauma"))
    # Within 42 days of an injury: urgent; beyond, review only if nothing imaged since.
    minor_fragility = []
    if h.trauma == "minor":
        fragility = [*f.age_at_least(70), *osteoporosis, *steroids]
        minor_fragility = [ev("history.trauma", "minor"), *fragility] if fragility else []
    after_injury = [*minor_fragility,
                    *is_true("exam.spinal_contusion_abrasion", x.spinal_contusion_abrasion),
                    *is_true("exam.midline_tenderness", x.midline_tenderness)]
    if not f.within_days(7):
        after_injury += major
    if not f.within_days(42):
        after_injury += rigid_spine(f)
    if trauma and after_injury and f.within_days(42):
        levels.append(Level(
            "urgent", "within_1_week", [*trauma, *after_injury],
            f"An injury in the last 6 weeks with fracture risk ({words_of(after_injury)}): "
            f"consider {study} of the {region}.", "ct" if neck_ct else "xray", region,
            "spinal_fracture_trauma" if major else None))
    elif trauma and after_injury and not imaged_since_onset(f):
        levels.append(Level(
            "review", "routine", [*trauma, *after_injury],
            f"An injury more than 6 weeks ago with fracture risk ({words_of(after_injury)}) and "
            f"no imaging since: consider {study} of the {region} if the pain persists.",
            citation_key="spinal_fracture_trauma" if major else None))
    # Without trauma: a step-off, Henschke's features, a fragility fracture.
    henschke = [*equals("patient.sex", f.patient.sex, "female"),
                *([f.age_evidence()] if age is not None and age > 70 else []),
                *major, *steroids]
    no_trauma_urgent = [*step_off]
    if len(henschke) >= 2 and f.acute_presentation:
        no_trauma_urgent += henschke
    fragile = [*osteoporosis, *steroids, *f.age_at_least(75)]
    if fragile and h.onset == "sudden" and f.duration_days is not None and f.duration_days <= 42:
        where = [*is_true("exam.midline_tenderness", x.midline_tenderness),
                 *f.in_regions("thoracic")]
        if where:
            no_trauma_urgent += [*fragile, ev("history.onset", "sudden"), *where,
                                 *f.duration_evidence()]
    no_trauma_urgent += f.study_findings("fracture")
    if no_trauma_urgent:
        # ACOG 723: radiographs of the lumbar spine for a fragility fracture in pregnancy
        # become MRI without gadolinium (the neck and thoracic spine keep theirs).
        lumbar_only = set(f.regions) <= {"lumbar", "sacral"} and bool(f.regions)
        in_pregnancy = f.pregnant and not trauma and lumbar_only
        levels.append(Level(
            "urgent", "within_1_week", no_trauma_urgent,
            f"Features of a vertebral fracture ({words_of(no_trauma_urgent)}): consider "
            + ("MRI without gadolinium" if in_pregnancy else study) + f" of the {region}.",
            "mri_pregnancy" if in_pregnancy else ("ct" if neck_ct else "xray"), region,
            "spinal_fracture_pregnancy" if in_pregnancy else None))
    return flag(f, "spinal_fracture", levels, extras)


def imaged_since_onset(f: Facts) -> bool:
    return any(f.prior_imaging(modality) for modality in ("xray", "ct", "mri"))


# --- Malignancy -------------------------------------------------------------------------------

def weak_cancer_features(f: Facts) -> list[list[str]]:
    h = f.h
    features = [is_true("history.unexplained_weight_loss", h.unexplained_weight_loss),
                equals("history.night_pain", h.night_pain, "unremitting"),
                f.inflammatory_marker_raised]
    weeks = h.failed_conservative_care_weeks
    if weeks is not None and weeks >= 4 and h.treatment_response == "worse":
        features.append([ev("history.failed_conservative_care_weeks", weeks),
                         ev("history.treatment_response", "worse")])
    return [feature for feature in features if feature]


def malignancy(f: Facts, extras: Extras) -> RedFlag | None:
    h, x = f.h, f.x
    cancer = [*is_true("history.cancer_history", h.cancer_history),
              *is_true("history.cancer_metastatic", h.cancer_metastatic)]
    levels = []
    compression = [*f.study_findings("cord_compression"),
                   *f.study_findings("cauda_equina_compression")]
    radicular = [*f.leg_radiation, *f.arm_radiation]
    radicular_counts = radicular and (
        (f.duration_days is not None and f.duration_days <= 84)
        or h.treatment_response == "worse" or not f.prior_imaging("mri"))
    if cancer and (f.neuro_finding or compression or radicular_counts):
        levels.append(Level(
            "emergency", "within_24h",
            [*cancer, *f.neuro_finding, *compression, *(radicular if radicular_counts else [])],
            "Known cancer with a neurological finding or compression can mean metastatic "
            "spinal cord compression: contact the MSCC coordinator now and consider MRI of the "
            "whole spine (without and with contrast) within 24 hours.", "emergency_mri",
            "whole spine"))
    urgent = []
    if h.cancer_metastatic is True:  # every visit is for spinal pain, regions recorded or not
        urgent += [ev("history.cancer_metastatic", True), *f.in_regions(*f.regions)]
    if h.cancer_history is True:
        metastatic_features = [
            *f.in_regions("thoracic", "cervical"),
            *([*f.duration_evidence()] if f.duration_days is not None and f.duration_days <= 84
              else []),
            *equals("history.treatment_response", h.treatment_response, "worse"),
            *equals("history.night_pain", h.night_pain, "unremitting"),
            *contains("history.aggravating", h.aggravating, ("cough_sneeze",)),
            *is_true("exam.midline_tenderness", x.midline_tenderness)]
        if metastatic_features:
            urgent += [ev("history.cancer_history", True), *metastatic_features]
    weak = weak_cancer_features(f)
    if f.age is not None and f.age >= 50 and len(weak) >= 2:
        urgent += [f.age_evidence(), *(e for feature in weak for e in feature)]
    loss = is_true("history.unexplained_weight_loss", h.unexplained_weight_loss)
    if loss and f.inflammatory_marker_raised:
        urgent += [*loss, *f.inflammatory_marker_raised]
    urgent += f.study_findings("tumour")
    region = spine_region(f)
    levels.append(Level(
        "urgent", "within_1_week", urgent,
        "Features suggesting spinal malignancy (known cancer with suspicious pain, or several "
        f"weaker features): consider urgent MRI of the {region} without and with contrast.",
        "urgent_mri", region))
    if loss and f.age is not None and f.age >= 60:
        levels.append(Level(
            "urgent", "within_2_weeks", [*loss, f.age_evidence()],
            "Back pain with unexplained weight loss at 60 or over: NICE advises a direct-access "
            "CT of the abdomen within 2 weeks to look for pancreatic cancer.",
            citation_key="malignancy_ng12",
            tests=[SuggestedTest(test="CT abdomen within 2 weeks",
                                 reason="Back pain with unexplained weight loss at 60 or over "
                                        "(possible pancreatic cancer)",
                                 citation=CITATIONS["malignancy_ng12"])]))
    if f.age is not None and f.age < 18:
        child = [*equals("history.night_pain", h.night_pain, "unremitting"), *f.fever,
                 *loss, *f.neuro_finding]
        if h.pain_course == "constant" and f.duration_days is not None and f.duration_days > 28:
            child += [ev("history.pain_course", "constant"), *f.duration_evidence()]
        if child:
            levels.append(Level(
                "urgent", "within_1_week", [f.age_evidence(), *child],
                "Red flags in a child or adolescent: arrange specialist paediatric assessment "
                f"and consider urgent MRI of the {region} without and with contrast (rather "
                "than radiographs).",
                "urgent_mri", region, "malignancy_child"))
    review = []
    if h.cancer_history is True and not urgent and not levels[0].evidence:
        review = [ev("history.cancer_history", True)]
    if f.age is not None and f.age >= 50 and len(weak) == 1:
        review += [f.age_evidence(), *weak[0]]
    levels.append(Level(
        "review", "routine", review,
        "A history of cancer, or one weaker feature over 50: check CRP, ESR and a blood count, "
        "keep a low threshold for MRI and image if the pain does not improve."))
    return flag(f, "malignancy", levels, extras)


# --- Infection -------------------------------------------------------------------------------

def strong_infection_risks(f: Facts) -> list[str]:
    h = f.h
    return [*is_true("history.iv_drug_use", h.iv_drug_use),
            *is_true("history.immunosuppression", h.immunosuppression),
            *is_true("history.recent_infection", h.recent_infection),
            *f.procedure_within(90)]


def spinal_infection(f: Facts, extras: Extras) -> RedFlag | None:
    h = f.h
    risks = strong_infection_risks(f)
    fever = f.fever
    night = equals("history.night_pain", h.night_pain, "unremitting")
    markers = f.inflammatory_marker_raised
    region = spine_region(f)
    same_day_tests = [SuggestedTest(test="CRP, ESR and blood cultures the same day",
                                    reason="Suspected spinal infection",
                                    citation=CITATIONS["spinal_infection"])]
    levels = []
    deficit = [*f.severe_motor_deficit,
               *f.progressive_weakness,
               *f.cauda_equina_findings, *f.study_findings("cauda_equina_compression")]
    if fever and deficit:
        levels.append(Level("emergency", "same_day", [*fever, *deficit, *risks],
                            "Fever with a neurological deficit can mean an epidural abscess: "
                            f"consider emergency MRI of the {region} without and with contrast "
                            "the same day.", "emergency_mri", region, tests=same_day_tests))
    if fever and risks and (f.within_days(42) or night or markers):
        levels.append(Level("emergency", "same_day",
                            [*fever, *risks, *night, *markers,
                             *([] if f.duration_days is None else f.duration_evidence())],
                            "Fever with a strong risk factor for spinal infection: consider "
                            f"emergency MRI of the {region} without and with contrast and "
                            "same-day CRP, ESR and blood cultures.", "emergency_mri", region,
                            tests=same_day_tests))
    urgent = []
    diabetes = is_true("history.diabetes", h.diabetes)
    if fever and diabetes and not risks:
        urgent += [*fever, *diabetes]
    if fever and risks:
        urgent += [*fever, *risks]  # beyond 42 days without markers or night pain
    if risks and (markers or night) and not fever:
        urgent += [*risks, *markers, *night]
    if f.after_a_procedure:
        urgent += is_true("exam.wound_concern", f.x.wound_concern)
    urgent += f.study_findings("infection")
    levels.append(Level("urgent", "within_1_week", urgent,
                        "Features of spinal infection (fever or raised markers with a risk "
                        f"factor, or a wound concern): consider urgent MRI of the {region} "
                        "without and with contrast, and CRP, ESR and blood cultures.",
                        "urgent_mri", region))
    urinary = contains("history.urinary_symptoms", h.urinary_symptoms,
                       ("dysuria", "haematuria", "loin_pain", "frequency"))
    review = [*fever, *(diabetes if fever else [])]
    if fever and urinary:
        review += urinary
    levels.append(Level("review", "routine", review,
                        "Fever with back pain: look for its source and review; if back pain "
                        "persists after treatment of another infection, consider spinal "
                        "infection."))
    return flag(f, "spinal_infection", levels, extras)


# --- Inflammatory ---------------------------------------------------------------------------

def ng65_points(f: Facts) -> list[list[str]]:
    """NICE NG65's criteria met (unknown answers score nothing)."""
    h = f.h
    onset_age, onset_evidence = f.age_at_onset
    points = [
        [onset_evidence] if onset_age is not None and onset_age < 35 and onset_evidence else [],
        equals("history.night_pain", h.night_pain, "wakes_second_half"),
        [*is_true("history.alternating_buttock_pain", h.alternating_buttock_pain),
         *contains("history.radiation", h.radiation, ("buttock",))],
        is_true("history.improves_with_exercise", h.improves_with_exercise),
        equals("history.nsaid_response", h.nsaid_response, "good_within_48h"),
        is_true("history.family_history_spondyloarthritis", h.family_history_spondyloarthritis),
        is_true("history.peripheral_arthritis", h.peripheral_arthritis),
        is_true("history.enthesitis", h.enthesitis),
        contains("history.inflammatory_conditions", h.inflammatory_conditions, ("psoriasis",)),
    ]
    return [point for point in points if point]


def inflammatory_spondyloarthritis(f: Facts, inflammatory_pattern: object,
                                   extras: Extras) -> RedFlag | None:
    onset_age, onset_evidence = f.age_at_onset
    sacroiliitis = f.study_findings("sacroiliitis")
    rationale = ("Chronic back pain that began before 45 with features of axial "
                 "spondyloarthritis: consider referral to rheumatology.")
    # Sacroiliitis on imaging counts even when the age at onset is unknown (not when it is
    # known to be 45 or over), in chronic pain like every criterion here.
    sacroiliitis_counts = (f.duration_category == "chronic"
                           and (onset_age is None or onset_age < 45))
    levels = [Level("review", "routine",
                    [*f.duration_evidence(), *sacroiliitis] if sacroiliitis and sacroiliitis_counts
                    else [],
                    "Sacroiliitis on imaging in chronic back pain: consider referral to "
                    "rheumatology for axial spondyloarthritis.")]
    if f.duration_category == "chronic" and onset_age is not None and onset_age < 45 \
            and onset_evidence:
        features = [*(getattr(inflammatory_pattern, "evidence", []) or []),
                    *equals("diagnostics.labs.hla_b27", f.labs.hla_b27, "positive"),
                    *[ev("history.inflammatory_conditions", c)
                      for c in (f.h.inflammatory_conditions or []) if c != "none"],
                    *is_true("history.family_history_spondyloarthritis",
                             f.h.family_history_spondyloarthritis)]
        context = [*f.duration_evidence(), onset_evidence]
        if features:
            levels.append(Level("review", "routine", [*context, *features], rationale))
        points = ng65_points(f)
        counted = [e for point in points for e in point]
        if len(points) >= 4:
            levels.append(Level("review", "routine", [*context, *counted],
                                "Meets the NICE NG65 criteria for rheumatology referral for "
                                "suspected axial spondyloarthritis (four or more)."))
        elif len(points) == 3 and f.labs.hla_b27 == "positive":
            levels.append(Level("review", "routine",
                                [*context, *counted, ev("diagnostics.labs.hla_b27", "positive")],
                                "Three NICE NG65 criteria with a positive HLA-B27: refer to "
                                "rheumatology."))
        elif len(points) == 3 and f.labs.hla_b27 is None:
            levels.append(Level(
                "review", "routine", [*context, *counted],
                "Three NICE NG65 criteria: test HLA-B27, and refer to rheumatology if positive.",
                tests=[SuggestedTest(test="HLA-B27", reason="Three NICE NG65 criteria for "
                                                            "axial spondyloarthritis",
                                     citation=CITATIONS["inflammatory_spondyloarthritis"])]))
    return flag(f, "inflammatory_spondyloarthritis", levels, extras)


# --- Vascular and visceral -------------------------------------------------------------------

def vascular_or_visceral_cause(f: Facts, extras: Extras) -> RedFlag | None:
    h, x = f.h, f.x
    mass = is_true("exam.pulsatile_abdominal_mass", x.pulsatile_abdominal_mass)
    abdominal = is_true("history.abdominal_pain", h.abdominal_pain)
    vascular = is_true("history.vascular_disease", h.vascular_disease)
    collapse = [*is_true("history.syncope", h.syncope),
                *([ev("exam.systolic_bp", x.systolic_bp)]
                  if x.systolic_bp is not None and x.systolic_bp < 90 else [])]
    tearing = contains("history.pain_qualities", h.pain_qualities, ("tearing",))
    chest = is_true("history.chest_pain_or_dyspnoea", h.chest_pain_or_dyspnoea)
    emergency = []
    if f.recent_episode:
        at_risk = [*f.age_at_least(50), *vascular, *mass]
        if collapse and at_risk:
            emergency += [*collapse, *at_risk]
        emergency += is_true("exam.pulse_deficit", x.pulse_deficit)
        if mass and abdominal:
            emergency += [*mass, *abdominal]
        if h.onset == "sudden" and tearing:
            emergency += [ev("history.onset", "sudden"), *tearing, *vascular]
        emergency += chest
    levels = [Level("emergency", "immediately", emergency,
                    "The pain may not be spinal: collapse or hypotension with aortic risk, a "
                    "pulse deficit, a pulsatile mass with abdominal pain, sudden tearing pain or "
                    "new chest symptoms need emergency assessment for a ruptured aneurysm or "
                    "acute aortic syndrome now.", "emergency_non_spinal_assessment")]
    aortic = [*mass]
    if f.age is not None and f.age >= 60 and abdominal:
        risk = [*vascular, *is_true("history.smoker", h.smoker)]
        if risk:
            aortic += [f.age_evidence(), *risk, *abdominal]
    levels.append(Level("urgent", "within_2_weeks", aortic,
                        "A pulsatile abdominal mass, or abdominal pain at 60 or over with "
                        "vascular disease or smoking: arrange an aortic ultrasound within 2 "
                        "weeks.", "urgent_aortic_ultrasound", "abdominal aorta"))
    urinary = contains("history.urinary_symptoms", h.urinary_symptoms,
                       ("dysuria", "haematuria", "loin_pain", "frequency"))
    if f.fever and urinary:
        levels.append(Level("urgent", "same_day", [*f.fever, *urinary],
                            "Fever with urinary symptoms suggests pyelonephritis: assess a "
                            "renal cause the same day.", "non_spinal_assessment",
                            citation_key="visceral_review"))
    review = [*(chest if not f.recent_episode else []), *abdominal,
              *contains("history.urinary_symptoms", h.urinary_symptoms,
                        ("dysuria", "haematuria")),
              *[ev("history.gi_symptoms", s) for s in (h.gi_symptoms or []) if s != "none"]]
    levels.append(Level("review", "routine", review,
                        "Abdominal, urinary, bowel or chest symptoms with back pain: assess a "
                        "visceral or cardiorespiratory cause.", citation_key="visceral_review"))
    return flag(f, "vascular_or_visceral_cause", levels, extras)


def vascular_claudication(f: Facts, extras: Extras) -> RedFlag | None:
    walking = [*is_true("history.leg_symptoms_walking_relieved_by_sitting",
                        f.h.leg_symptoms_walking_relieved_by_sitting),
               *contains("history.aggravating", f.h.aggravating, ("walking",))]
    pulses = equals("exam.pedal_pulses", f.x.pedal_pulses, ("reduced", "absent"))
    return flag(f, "vascular_claudication", [Level(
        "review", "routine", [*walking, *pulses] if walking and pulses else [],
        "Leg symptoms on walking with reduced pedal pulses: consider a vascular cause "
        "(ankle-brachial index) as well as neurogenic claudication.")], extras)


def red_flags(f: Facts, inflammatory_pattern: object,
              extras: Extras) -> list[RedFlag]:
    """Every flag the findings raise (unsorted; the engine orders the output). The tests and
    imaging they call for are added to `extras`."""
    flags = [rule(f, extras) for rule in (cauda_equina_syndrome, cauda_equina_risk,
                                         severe_neurological_deficit, myelopathy,
                                         spinal_fracture, malignancy, spinal_infection,
                                         vascular_or_visceral_cause, vascular_claudication)]
    flags.append(inflammatory_spondyloarthritis(f, inflammatory_pattern, extras))
    found = [found_flag for found_flag in flags if found_flag is not None]
    codes = {found_flag.code for found_flag in found}
    if "cauda_equina_syndrome" in codes:
        found = [found_flag for found_flag in found if found_flag.code != "cauda_equina_risk"]
        extras.needs = [need for need in extras.needs if need.code != "cauda_equina_risk"]
    return found
