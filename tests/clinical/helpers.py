"""Small builders and look-ups for the clinical engine tests.

A findings document is built section by section; anything left out is `null` (not asked),
which the engine must never read as "no".
"""

import datetime

from backpain.clinical import assess_document

VISIT_DATE = datetime.date(2024, 6, 3)
SECTIONS = ("patient", "visit", "history", "exam", "diagnostics", "questionnaires")
URGENCY_ORDER = {"emergency": 0, "urgent": 1, "review": 2}

# The core red-flag screen (docs/clinical-rules.md, "Screening gaps"; rules v2 section 4: asked
# at every visit, follow-ups included, with rectal_sensation_change): field -> condition.
CORE_GAPS = {
    "history.bladder_dysfunction": "cauda_equina_syndrome",
    "history.saddle_numbness": "cauda_equina_syndrome",
    "history.bowel_incontinence": "cauda_equina_syndrome",
    "history.rectal_sensation_change": "cauda_equina_syndrome",
    "history.weakness": "severe_neurological_deficit",
    "history.trauma": "spinal_fracture",
    "history.cancer_history": "malignancy",
    "history.unexplained_weight_loss": "malignancy",
    "history.fever": "spinal_infection",
}
# The core screen answered "no" throughout: no gap, no flag.
CORE_NO = {
    "bladder_dysfunction": "none",
    "saddle_numbness": False,
    "bowel_incontinence": False,
    "rectal_sensation_change": False,
    "weakness": False,
    "trauma": "none",
    "cancer_history": False,
    "unexplained_weight_loss": False,
    "fever": False,
}
# The myelopathy questions (rules v2, "myelopathy"): gaps at every cervical or thoracic visit
# and at every visit of a patient aged 50 or over.
MYELOPATHY_GAPS = {
    "history.gait_change": "myelopathy",
    "history.hand_clumsiness": "myelopathy",
}
TIME_FRAMES = ("immediately", "within_24h", "same_day", "within_1_week", "within_2_weeks",
               "routine")
# The advice of an emergency (rules v2 section 5; xray only for a child's neck injury).
EMERGENCY_ADVICE = ("emergency_non_spinal_assessment", "ct", "emergency_mri")
NON_SPINAL_ADVICE = ("emergency_non_spinal_assessment", "urgent_aortic_ultrasound",
                     "non_spinal_assessment")


def doc(**sections):
    """A findings document from keyword sections: doc(history={...}, exam={...})."""
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise TypeError(f"not a findings section: {sorted(unknown)}")
    return dict(sections)


def assess(**sections):
    """assess_document on doc(**sections)."""
    return assess_document(doc(**sections))


def days_before_visit(days):
    """visit and history.onset_date fragments giving a duration of `days`."""
    onset = VISIT_DATE - datetime.timedelta(days=days)
    return {"visit_date": VISIT_DATE.isoformat()}, onset.isoformat()


def with_duration(days, history=None, **sections):
    """A document whose episode has lasted `days` days at the visit."""
    visit, onset = days_before_visit(days)
    visit = {**visit, **sections.pop("visit", {})}
    history = {**(history or {}), "onset_date": onset}
    return doc(visit=visit, history=history, **sections)


def pair(left=None, right=None):
    return {"left": left, "right": right}


def study(*findings, modality="mri", region="lumbar", status="resulted", date=VISIT_DATE):
    return {"modality": modality, "region": region, "status": status,
            "date": date.isoformat() if date else None, "findings": list(findings)}


def days_ago(days):
    """The date `days` before the visit date."""
    return VISIT_DATE - datetime.timedelta(days=days)


def diagnostics(*findings, **labs):
    """A diagnostics section with one resulted lumbar MRI holding `findings`, and labs."""
    section = {}
    if findings:
        section["studies"] = [study(*findings)]
    if labs:
        section["labs"] = labs
    return section


# ---- look-ups on an assessment -------------------------------------------------------------

def flag_codes(result):
    return [f["code"] for f in result["red_flags"]]


def flag(result, code):
    """The red flag `code`, or None. There is at most one card per condition."""
    matches = [f for f in result["red_flags"] if f["code"] == code]
    assert len(matches) <= 1, f"{code} listed {len(matches)} times: {result['red_flags']}"
    return matches[0] if matches else None


def urgency(result, code):
    found = flag(result, code)
    return found["urgency"] if found else None


def level(result, code):
    """(urgency, time_frame, imaging) of the flag `code`, or None."""
    found = flag(result, code)
    return (found["urgency"], found["time_frame"], found["imaging"]) if found else None


def advice(result):
    return result["imaging"]["advice"]


def also(result):
    return [item["advice"] for item in result["imaging"]["also"]]


def all_advice(result):
    """The primary advice then every other, in the order given."""
    return [advice(result), *also(result)]


def rationales(result):
    """Every imaging rationale: the primary one, then those of `also`."""
    imaging = result["imaging"]
    return [imaging["rationale"], *(item["rationale"] for item in imaging["also"])]


def suggested(result):
    return [test["test"] for test in result["suggested_tests"]]


def pattern_codes(result):
    return [p["code"] for p in result["patterns"]]


def pattern(result, code):
    matches = [p for p in result["patterns"] if p["code"] == code]
    assert len(matches) <= 1, f"{code} listed {len(matches)} times"
    return matches[0] if matches else None


def generator_codes(result):
    return [g["code"] for g in result["generators"]]


def generator(result, code):
    matches = [g for g in result["generators"] if g["code"] == code]
    return matches[0] if matches else None


def gap_fields(result):
    return {g["field"]: g["screens_for"] for g in result["screening_gaps"]}


def evidence_path(item):
    """'history.bladder_dysfunction=retention' -> 'history.bladder_dysfunction'."""
    return item.split("=", 1)[0].strip()


def has_evidence(entry, path, value=None):
    """Whether a flag, pattern or generator cites `path` (optionally `path=value`)."""
    for item in entry["evidence"]:
        if evidence_path(item) != path:
            continue
        if value is None:
            return True
        _, _, shown = item.partition("=")
        if shown.strip().lower() == str(value).lower():
            return True
    return False


def cites_study(entry, finding):
    """Whether the evidence names a diagnostics study with `finding`."""
    return any(item.startswith("diagnostics.studies") and finding in item
               for item in entry["evidence"])


def sort_key(red_flag):
    return (URGENCY_ORDER[red_flag["urgency"]], red_flag["code"])
