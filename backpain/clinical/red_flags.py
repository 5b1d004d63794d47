"""Red flags for serious pathology (docs/clinical-rules.md, "Red flags (condition level)").

One function per flag. Each returns the flag with every finding that raised it as evidence,
or None. A confirmed imaging finding raises its flag too, with the study as evidence.
"""

from .derived import Facts, contains, equals, ev, is_true
from .result import RedFlag

CITATIONS = {
    "cauda_equina_syndrome": "NICE NG59 (2016, rev. 2020) 1.1.1; GIRFT national CES pathway "
                             "(2023); Finucane et al., JOSPT 2020",
    "cauda_equina_risk": "GIRFT CES pathway (2023): bilateral radicular pain and new bladder or "
                         "sexual change warrant urgent assessment and safety-netting",
    "severe_neurological_deficit": "ACP (Chou et al., Ann Intern Med 2007; Chou et al. 2011 "
                                   "imaging advice: severe, progressive or multilevel deficits); "
                                   "ACR Appropriateness Criteria Low Back Pain (2021)",
    "myelopathy": "ACR Appropriateness Criteria Cervical Neck Pain or Cervical Radiculopathy "
                  "(2018); Davies et al., BMJ 2018 (degenerative cervical myelopathy)",
    "spinal_fracture": "Downie et al., BMJ 2013 (most informative: prolonged corticosteroids, "
                       "severe trauma, older age); Henschke et al., Arthritis Rheum 2009 "
                       "(four-feature rule: female, age > 70, significant trauma, prolonged "
                       "corticosteroids); ACR LBP (2021); Canadian C-Spine Rule (Stiell 2001) "
                       "for cervical",
    "malignancy": "Downie et al., BMJ 2013 (history of malignancy is the only well-supported "
                  "single red flag); NICE NG234 (2023, metastatic spinal cord compression); "
                  "NICE NG59; ACP 2007",
    "spinal_infection": "Finucane et al., JOSPT 2020; ACR LBP (2021) variant 3; Davis et al. "
                        "(epidural abscess triad) J Emerg Med 2004",
    "inflammatory_spondyloarthritis": "ASAS classification criteria for axial SpA (Rudwaleit "
                                      "et al., Ann Rheum Dis 2009); NICE NG65 (2017) referral "
                                      "criteria",
    "vascular_or_visceral_cause": "ACR LBP (2021) (non-spinal causes); NICE NG59 1.1.1 "
                                  "(exclude non-spinal causes); ESC 2014 aortic disease "
                                  "guideline (acute aortic syndrome)",
    "vascular_claudication": "Distinguishing neurogenic from vascular claudication: Katz & "
                             "Harris, NEJM 2008 (lumbar spinal stenosis)",
}

RATIONALES = {
    ("cauda_equina_syndrome", "emergency"):
        "Bladder, bowel or saddle changes can mean cauda equina compression: consider "
        "same-day emergency assessment and MRI.",
    ("cauda_equina_risk", "urgent"):
        "Bilateral leg symptoms or new bladder or sexual change can precede cauda equina "
        "syndrome: consider urgent assessment and give safety-net advice.",
    ("severe_neurological_deficit", "urgent"):
        "A severe, progressive or multilevel neurological deficit warrants urgent specialist "
        "review and imaging.",
    ("myelopathy", "urgent"):
        "Upper motor neuron signs or combined gait, hand and Lhermitte symptoms suggest "
        "possible cord compression: consider urgent MRI and specialist review.",
    ("spinal_fracture", "urgent"):
        "Trauma, age, osteoporosis or corticosteroid use raise the likelihood of a vertebral "
        "fracture: consider imaging.",
    ("malignancy", "emergency"):
        "Known cancer with a neurological deficit can mean metastatic spinal cord compression: "
        "consider same-day emergency assessment.",
    ("malignancy", "urgent"):
        "A history of cancer, weight loss or unremitting night pain in an older patient "
        "warrants screening for spinal malignancy.",
    ("spinal_infection", "emergency"):
        "Fever with a neurological deficit can mean an epidural abscess: consider same-day "
        "emergency assessment.",
    ("spinal_infection", "urgent"):
        "Fever, or a risk factor with unremitting night pain or raised CRP, warrants urgent "
        "screening for spinal infection.",
    ("spinal_infection", "review"):
        "A risk factor for spinal infection is present: review for fever, night pain and "
        "inflammatory markers.",
    ("inflammatory_spondyloarthritis", "review"):
        "Chronic back pain that began before 45 with inflammatory features: consider "
        "rheumatology referral to screen for axial spondyloarthritis.",
    ("vascular_or_visceral_cause", "emergency"):
        "The pain may not be spinal: a pulsatile mass, chest symptoms or tearing pain with "
        "vascular disease warrant emergency exclusion of an aortic or cardiopulmonary cause.",
    ("vascular_or_visceral_cause", "review"):
        "Abdominal pain with back pain: review for a visceral cause.",
    ("vascular_claudication", "review"):
        "Leg symptoms on walking with reduced pedal pulses: consider a vascular cause "
        "(ankle-brachial index) as well as neurogenic claudication.",
}


def make_flag(code, urgency, evidence) -> RedFlag:
    return RedFlag(code=code, urgency=urgency, evidence=list(dict.fromkeys(evidence)),
                   rationale=RATIONALES[(code, urgency)], citation=CITATIONS[code])


def cauda_equina_syndrome(f: Facts):
    evidence = [*f.cauda_equina_findings, *f.study_findings("cauda_equina_compression")]
    return make_flag("cauda_equina_syndrome", "emergency", evidence) if evidence else None


def cauda_equina_risk(f: Facts):
    if f.cauda_equina_findings or f.study_findings("cauda_equina_compression"):
        return None
    evidence = []
    if f.leg_radiation and f.h.radiation_side == "bilateral":
        evidence += [*f.leg_radiation, ev("history.radiation_side", "bilateral")]
    evidence += is_true("history.sexual_dysfunction_new", f.h.sexual_dysfunction_new)
    evidence += equals("history.bladder_dysfunction", f.h.bladder_dysfunction, "urgency_new")
    return make_flag("cauda_equina_risk", "urgent", evidence) if evidence else None


def severe_neurological_deficit(f: Facts):
    evidence = [*f.severe_motor_deficit, *f.multilevel_motor_deficit,
                *is_true("history.weakness_progressive", f.h.weakness_progressive),
                *equals("exam.gait", f.x.gait, "foot_drop")]
    return make_flag("severe_neurological_deficit", "urgent", evidence) if evidence else None


def myelopathy(f: Facts):
    evidence = list(f.umn_sign)
    if any(region in f.regions for region in ("cervical", "thoracic")):
        symptoms = [*is_true("history.gait_change", f.h.gait_change),
                    *is_true("history.hand_clumsiness", f.h.hand_clumsiness),
                    *is_true("history.lhermitte", f.h.lhermitte)]
        if len(symptoms) >= 2:
            evidence += [*symptoms, *contains("history.regions", f.regions,
                                              ("cervical", "thoracic"))]
    evidence += f.study_findings("cord_compression")
    return make_flag("myelopathy", "urgent", evidence) if evidence else None


def spinal_fracture(f: Facts):
    h, age = f.h, f.age
    steroids = is_true("history.long_term_steroids", h.long_term_steroids)
    major = equals("history.trauma", h.trauma, "major")
    evidence = [*major, *steroids]
    if h.trauma == "minor":
        fragility = [*([f.age_evidence()] if age is not None and age >= 70 else []),
                     *is_true("history.osteoporosis", h.osteoporosis), *steroids]
        if fragility:
            evidence += [ev("history.trauma", "minor"), *fragility]
    # Henschke's four features: female, age > 70, significant trauma, prolonged steroids.
    features = [*equals("patient.sex", f.patient.sex, "female"),
                *([f.age_evidence()] if age is not None and age > 70 else []), *major, *steroids]
    if len(features) >= 2:
        evidence += features
    evidence += equals("exam.deformity", f.x.deformity, "step_off")
    if f.x.midline_tenderness is True and h.trauma in ("minor", "major"):
        evidence += [ev("exam.midline_tenderness", True), ev("history.trauma", h.trauma)]
    evidence += f.study_findings("fracture")
    return make_flag("spinal_fracture", "urgent", evidence) if evidence else None


def malignancy(f: Facts):
    h = f.h
    cancer = [*is_true("history.cancer_history", h.cancer_history),
              *is_true("history.cancer_metastatic", h.cancer_metastatic)]
    evidence = [*cancer, *is_true("history.unexplained_weight_loss", h.unexplained_weight_loss)]
    if h.night_pain == "unremitting" and f.age is not None and f.age >= 50:
        evidence += [ev("history.night_pain", "unremitting"), f.age_evidence()]
    evidence += f.study_findings("tumour")
    if cancer and f.neurological_deficit:
        return make_flag("malignancy", "emergency", [*evidence, *f.neurological_deficit])
    return make_flag("malignancy", "urgent", evidence) if evidence else None


INFECTION_RISK_FACTORS = ("iv_drug_use", "immunosuppression", "recent_spinal_procedure",
                          "recent_infection")


def spinal_infection(f: Facts):
    risks = [e for name in INFECTION_RISK_FACTORS
             for e in is_true(f"history.{name}", getattr(f.h, name))]
    if f.fever and f.neurological_deficit:
        return make_flag("spinal_infection", "emergency",
                         [*f.fever, *f.neurological_deficit, *risks])
    supporting = equals("history.night_pain", f.h.night_pain, "unremitting")
    if f.labs.crp_mg_l is not None and f.labs.crp_mg_l > 10:
        supporting.append(ev("diagnostics.labs.crp_mg_l", f.labs.crp_mg_l))
    imaging = f.study_findings("infection")
    if f.fever or imaging or (risks and supporting):
        return make_flag("spinal_infection", "urgent",
                         [*f.fever, *risks, *(supporting if risks else []), *imaging])
    return make_flag("spinal_infection", "review", risks) if risks else None


def inflammatory_spondyloarthritis(f: Facts, inflammatory_pattern):
    onset_age, onset_evidence = f.age_at_onset
    if f.duration_category != "chronic" or onset_age is None or onset_age >= 45:
        return None
    features = [*(inflammatory_pattern.evidence if inflammatory_pattern else []),
                *equals("diagnostics.labs.hla_b27", f.labs.hla_b27, "positive"),
                *f.study_findings("sacroiliitis"),
                *[ev("history.inflammatory_conditions", c)
                  for c in (f.h.inflammatory_conditions or []) if c != "none"],
                *is_true("history.family_history_spondyloarthritis",
                         f.h.family_history_spondyloarthritis)]
    if not features:
        return None
    return make_flag("inflammatory_spondyloarthritis", "review",
                     [*f.duration_evidence(), onset_evidence, *features])


def vascular_or_visceral_cause(f: Facts):
    h = f.h
    emergency = is_true("exam.pulsatile_abdominal_mass", f.x.pulsatile_abdominal_mass)
    if "thoracic" in f.regions and h.chest_pain_or_dyspnoea is True:
        emergency += [ev("history.regions", "thoracic"), ev("history.chest_pain_or_dyspnoea", True)]
    tearing = contains("history.pain_qualities", h.pain_qualities, ("tearing",))
    if h.vascular_disease is True and h.onset == "sudden" and tearing:
        emergency += [ev("history.vascular_disease", True), ev("history.onset", "sudden"), *tearing]
    abdominal = is_true("history.abdominal_pain", h.abdominal_pain)
    if emergency:
        return make_flag("vascular_or_visceral_cause", "emergency", [*emergency, *abdominal])
    return make_flag("vascular_or_visceral_cause", "review", abdominal) if abdominal else None


def vascular_claudication(f: Facts):
    walking = [*is_true("history.leg_symptoms_walking_relieved_by_sitting",
                        f.h.leg_symptoms_walking_relieved_by_sitting),
               *contains("history.aggravating", f.h.aggravating, ("walking",))]
    pulses = equals("exam.pedal_pulses", f.x.pedal_pulses, ("reduced", "absent"))
    if walking and pulses:
        return make_flag("vascular_claudication", "review", [*walking, *pulses])
    return None


def red_flags(f: Facts, inflammatory_pattern=None) -> list[RedFlag]:
    """Every flag the findings raise (unsorted; the engine orders the output)."""
    flags = [rule(f) for rule in (cauda_equina_syndrome, cauda_equina_risk,
                                  severe_neurological_deficit, myelopathy, spinal_fracture,
                                  malignancy, spinal_infection, vascular_or_visceral_cause,
                                  vascular_claudication)]
    flags.append(inflammatory_spondyloarthritis(f, inflammatory_pattern))
    return [flag for flag in flags if flag is not None]

