"""Demo visits for the demo clinic: a lived-in clinic on `make run` (never in production).

Dates are relative to today, so the work lists always show something. Loading is
idempotent: a patient who already has a demo visit is left alone.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from . import lifecycle
from .models import Assessment as AssessmentRecord
from .models import Examination, History, Labs, Plan, Questionnaires, Visit
from .services import visit_with_steps

CORE_SCREEN_NEGATIVE = {
    "bladder_dysfunction": "none", "saddle_numbness": False, "bowel_incontinence": False,
    "weakness": False, "trauma": "none", "cancer_history": False,
    "unexplained_weight_loss": False, "fever": False,
}

# A mechanical low back at examination: tender paraspinals, painful flexion, a normal
# neurological examination of L4-S1 and no root tension.
MECHANICAL_LOW_BACK_EXAM = {
    "gait": "antalgic", "deformity": "none", "midline_tenderness": False,
    "paraspinal_tenderness": True, "rom_restricted": True, "rom_painful": ["flexion"],
    **{f"motor_{root}_{side}": 5 for root in ("l4", "l5", "s1") for side in ("left", "right")},
    **{f"reflex_{reflex}_{side}": 2 for reflex in ("patellar", "achilles")
       for side in ("left", "right")},
    "slr_left": False, "slr_right": False,
}
# Advice, simple analgesia and exercise, without imaging.
CONSERVATIVE_PLAN = {
    "disposition": "routine", "education": ["reassurance", "stay_active"],
    "medications": ["nsaid"], "rehabilitation": ["home_exercise"], "imaging_ordered": ["none"],
}

# (MRN, days ago, type, chief complaint, intake complete?, steps)
DEMO_VISITS = [
    ("RSC-100104", 0, "new", "Back pain with difficulty passing urine since yesterday", True, {
        "history": {**CORE_SCREEN_NEGATIVE, "regions": ["lumbar"], "side": "bilateral",
                    "radiation": ["buttock", "below_knee"], "radiation_side": "bilateral",
                    "onset": "sudden", "onset_days": 3, "trigger": "lifting", "pain_now": 8,
                    "pain_worst": 10, "pain_best": 6, "pain_qualities": ["shooting"],
                    "bladder_dysfunction": "retention", "saddle_numbness": True,
                    "numbness": True, "numbness_areas": ["saddle", "foot"]},
    }),
    ("RSC-100101", 0, "new", "Left leg pain and low back pain for 8 weeks", True, {
        "history": {**CORE_SCREEN_NEGATIVE, "regions": ["lumbar"], "side": "left",
                    "radiation": ["buttock", "thigh", "below_knee", "foot"],
                    "radiation_side": "left", "onset": "sudden", "onset_days": 56,
                    "trigger": "lifting", "pain_now": 6, "pain_worst": 9, "pain_best": 3,
                    "pain_course": "constant", "pain_qualities": ["shooting", "burning"],
                    "aggravating": ["sitting", "cough_sneeze", "flexion"],
                    "relieving": ["lying"], "night_pain": "none", "numbness": True,
                    "numbness_areas": ["foot"], "work_status": "modified_duty"},
        "questionnaires": {**{f"odi_{n}": v for n, v in enumerate(
            [3, 1, 3, 2, 3, 2, 2, 1, 2, 2], start=1)},
            **{f"startback_{n}": v for n, v in enumerate([1, 0, 1, 1, 0, 1, 0, 0, 2], start=1)}},
    }),
    ("RSC-100105", 1, "new", "Morning back stiffness for over a year", True, {
        "history": {**CORE_SCREEN_NEGATIVE, "regions": ["lumbar", "sacral"], "side": "midline",
                    "radiation": ["buttock"], "onset": "gradual", "onset_days": 420,
                    "age_at_onset": 30, "pain_now": 5, "pain_worst": 7, "pain_best": 2,
                    "night_pain": "wakes_second_half", "morning_stiffness_minutes": 60,
                    "improves_with_exercise": True, "improves_with_rest": False,
                    "alternating_buttock_pain": True, "inflammatory_conditions": ["uveitis"]},
    }),
    ("RSC-100109", 2, "new", "Low back pain after gardening", True, {
        "history": {**CORE_SCREEN_NEGATIVE, "regions": ["lumbar"], "side": "right",
                    "radiation": ["none"], "onset": "sudden", "onset_days": 10,
                    "trigger": "twisting", "pain_now": 5, "pain_worst": 7, "pain_best": 2,
                    "pain_course": "intermittent", "aggravating": ["flexion", "sitting", "lifting"],
                    "relieving": ["movement", "medication"], "night_pain": "none"},
        "examination": MECHANICAL_LOW_BACK_EXAM,
        "assessment": {"confirmed_patterns": ["axial_mechanical"], "diagnoses": ["M54.59"]},
        "plan": {**CONSERVATIVE_PLAN, "work_advice": "modified_duty", "follow_up_weeks": 4},
    }),
    # Rules version 2 at its most important: the emergencies a clinic must never miss.
    ("RSC-100102", 0, "new", "Mid-back pain and legs giving way, breast cancer 2019", True, {
        "history": {**CORE_SCREEN_NEGATIVE, "regions": ["thoracic"], "side": "midline",
                    "radiation": ["chest_wall"], "radiation_side": "bilateral",
                    "onset": "gradual", "onset_days": 21, "pain_now": 7, "pain_worst": 9,
                    "pain_best": 5, "night_pain": "unremitting", "cancer_history": True,
                    "cancer_metastatic": False, "weakness": True, "weakness_progressive": True,
                    "gait_change": True, "hand_clumsiness": False},
        "examination": {"gait": "wide_based", "midline_tenderness": True, "motor_l2_left": 4,
                        "motor_l2_right": 4, "motor_l4_left": 4, "motor_l4_right": 5,
                        "reflex_patellar_left": 3, "reflex_patellar_right": 3,
                        "babinski_left": True, "babinski_right": False},
    }),
    ("RSC-100106", 0, "new", "Both legs weak and painful since last week", True, {
        "history": {**CORE_SCREEN_NEGATIVE, "regions": ["lumbar"], "side": "bilateral",
                    "radiation": ["thigh", "below_knee", "foot"], "radiation_side": "bilateral",
                    "bilateral_leg_onset": "new_within_14_days", "onset": "sudden",
                    "onset_days": 6, "trigger": "lifting", "pain_now": 7, "pain_worst": 9,
                    "pain_best": 4, "weakness": True, "weakness_progressive": False,
                    "rectal_sensation_change": False, "sexual_dysfunction_new": False},
        "examination": {"gait": "antalgic", "motor_l5_left": 3, "motor_l5_right": 3,
                        "motor_s1_left": 4, "motor_s1_right": 4, "reflex_achilles_left": 1,
                        "reflex_achilles_right": 1, "slr_left": True, "slr_right": True},
    }),
    ("RSC-100110", 0, "new", "Sudden tearing back pain and a faint this morning", True, {
        "history": {**CORE_SCREEN_NEGATIVE, "regions": ["lumbar"], "side": "midline",
                    "radiation": ["abdomen"], "onset": "sudden", "onset_days": 0,
                    "pain_now": 9, "pain_worst": 10, "pain_best": 8,
                    "pain_qualities": ["tearing"], "abdominal_pain": True, "syncope": True,
                    "vascular_disease": True, "smoker": True},
        "examination": {"systolic_bp": 86, "pulsatile_abdominal_mass": True,
                        "pulse_deficit": False, "gait": "unable"},
    }),
    ("RSC-100112", 0, "follow_up", "Neck pain, review of hand numbness", False, {
        "history": {"regions": ["cervical"], "radiation": ["shoulder"], "pain_now": 4},
    }),
]
# A year of one episode: lumbar spinal stenosis followed at baseline, 3 and 12 months (the
# NORspine points). From baseline to 3 months leg pain falls 5 points (beyond noise: the SDC is
# 3.7) while back pain falls 3 (at least the MIC of 2, yet within noise: the SDC is 3.6) and the
# ODI 12 (an important change, within its noise of 18); at 12 months the ODI has fallen 32.
COURSE_MRN = "RSC-100107"
COURSE_BASELINE_DAYS_AGO = 372
STENOSIS_HISTORY = {
    **CORE_SCREEN_NEGATIVE, "regions": ["lumbar"], "side": "bilateral",
    "radiation": ["buttock", "thigh", "below_knee"], "radiation_side": "bilateral",
    "onset": "gradual", "pain_course": "intermittent",
    "aggravating": ["walking", "standing"], "relieving": ["sitting", "flexion"],
    "night_pain": "none", "leg_symptoms_walking_relieved_by_sitting": True,
    "bilateral_leg_onset": "longstanding_stable",
}
STENOSIS_EXAM = {**MECHANICAL_LOW_BACK_EXAM, "paraspinal_tenderness": False,
                 "rom_painful": ["extension"]}
STENOSIS_ASSESSMENT = {"confirmed_patterns": ["neurogenic_claudication"],
                       "diagnoses": ["M48.062"]}


def odi_answers(items):
    return {f"odi_{n}": value for n, value in enumerate(items, start=1)}


COURSE_VISITS = [
    (COURSE_MRN, COURSE_BASELINE_DAYS_AGO, "new",
     "Both legs heavy and painful on walking for a year", True, {
         "history": {**STENOSIS_HISTORY, "onset_days": 400, "pain_now": 7,
                     "pain_worst": 9, "pain_best": 3,
                     "walking_tolerance_minutes": 10, "work_status": "retired"},
         "questionnaires": {**odi_answers([3, 2, 3, 3, 3, 3, 2, 3, 3, 3]), "axial_pain": 6,
                            "limb_pain": 8, "walking_minutes": 10, "usual_tasks": "some"},
         "examination": STENOSIS_EXAM, "assessment": STENOSIS_ASSESSMENT,
         "plan": {**CONSERVATIVE_PLAN, "rehabilitation": ["physiotherapy"],
                  "follow_up_weeks": 12},
     }),
    (COURSE_MRN, COURSE_BASELINE_DAYS_AGO - 91, "follow_up",
     "3-month follow-up: legs better after the injection", True, {
         "history": {**STENOSIS_HISTORY, "onset_days": 491, "pain_now": 4,
                     "pain_worst": 6, "pain_best": 2,
                     "walking_tolerance_minutes": 25, "work_status": "retired"},
         "questionnaires": {**odi_answers([2, 2, 2, 2, 3, 2, 2, 2, 3, 2]), "axial_pain": 3,
                            "limb_pain": 3, "walking_minutes": 25, "usual_tasks": "some",
                            "global_change": "slightly_improved",
                            "satisfaction": "somewhat_satisfied"},
         "examination": {**STENOSIS_EXAM, "rom_restricted": False},
         "assessment": STENOSIS_ASSESSMENT,
         "plan": {**CONSERVATIVE_PLAN, "rehabilitation": ["home_exercise"],
                  "follow_up_weeks": 36},
     }),
    (COURSE_MRN, COURSE_BASELINE_DAYS_AGO - 365, "follow_up",
     "12-month follow-up: walking to the shops again", True, {
         "history": {**STENOSIS_HISTORY, "onset_days": 765, "pain_now": 3,
                     "pain_worst": 5, "pain_best": 1,
                     "walking_tolerance_minutes": 40, "work_status": "retired"},
         "questionnaires": {**odi_answers([1, 1, 1, 1, 2, 1, 1, 1, 2, 1]), "axial_pain": 4,
                            "limb_pain": 2, "walking_minutes": 40, "usual_tasks": "all",
                            "global_change": "much_improved",
                            "satisfaction": "very_satisfied"},
         "examination": {**STENOSIS_EXAM, "rom_restricted": False, "gait": "normal"},
         "assessment": STENOSIS_ASSESSMENT,
         "plan": {**CONSERVATIVE_PLAN, "rehabilitation": ["home_exercise"],
                  "follow_up_weeks": 12},
     }),
]
# What was tried in the course: (days after baseline it started, kind, detail, response,
# words, days after baseline the response was said).
COURSE_TREATMENTS = [
    (0, "physiotherapy", "flexion-based programme, 8 sessions", "same",
     "walking no further after 6 weeks", 91),
    (42, "epidural", "L4-5 interlaminar", "better", "leg pain 3/10 since", 91),
    (120, "surgical_consult", "decompression discussed, not needed for now", "better",
     "keeps walking 40 minutes", 365),
]
COURSE_CONDITION = "Lumbar spinal stenosis with neurogenic claudication"
COURSE_NEXT = (COURSE_MRN, 21, "follow_up", "Review: walking and leg pain")
# Visits the demo physician has finished: the notes module signs them (notes/demo.py), so a new
# user sees a signed note and its PDF at once. Same shape as DEMO_VISITS.
FINISHED_DEMO_VISITS = [
    # The course's visits first, oldest first: each is signed before the next is (notes/demo.py).
    *COURSE_VISITS,
    ("RSC-100108", 1, "new", "Right leg pain down to the foot for three weeks", True, {
        "history": {**CORE_SCREEN_NEGATIVE, "regions": ["lumbar"], "side": "right",
                    "radiation": ["buttock", "thigh", "below_knee", "foot"],
                    "radiation_side": "right", "onset": "sudden", "onset_days": 21,
                    "trigger": "lifting", "pain_now": 6, "pain_worst": 8, "pain_best": 3,
                    "pain_course": "constant", "pain_qualities": ["shooting"],
                    "aggravating": ["sitting", "cough_sneeze"], "relieving": ["lying"],
                    "night_pain": "none", "numbness": True, "numbness_areas": ["foot"],
                    "work_status": "modified_duty"},
        "questionnaires": {**{f"odi_{n}": v for n, v in enumerate(
            [2, 1, 2, 2, 3, 1, 1, 1, 2, 2], start=1)},
            **{f"startback_{n}": v for n, v in enumerate([1, 1, 0, 0, 0, 1, 0, 0, 1], start=1)}},
        "examination": {**MECHANICAL_LOW_BACK_EXAM, "slr_right": True},
        "assessment": {"confirmed_patterns": ["radicular"], "diagnoses": ["M54.16"]},
        "plan": {**CONSERVATIVE_PLAN, "work_advice": "modified_duty", "follow_up_weeks": 6},
    }),
    ("RSC-100103", 7, "new", "Low back pain since moving house", True, {
        "history": {**CORE_SCREEN_NEGATIVE, "regions": ["lumbar"], "side": "left",
                    "radiation": ["none"], "onset": "sudden", "onset_days": 5,
                    "trigger": "lifting", "pain_now": 6, "pain_worst": 8, "pain_best": 2,
                    "pain_course": "intermittent", "aggravating": ["flexion", "lifting"],
                    "relieving": ["movement"], "night_pain": "none"},
        "examination": {**MECHANICAL_LOW_BACK_EXAM, "gait": "normal"},
        "assessment": {"confirmed_patterns": ["axial_mechanical"], "diagnoses": ["M54.59"]},
        "plan": {**CONSERVATIVE_PLAN, "work_advice": "full_duty", "follow_up_weeks": 4},
    }),
]

STEP_MODELS = {"history": History, "questionnaires": Questionnaires, "examination": Examination,
               "assessment": AssessmentRecord, "plan": Plan, "labs": Labs}


def load_demo_visits(clinic, intake, physician, today=None):
    """Create the demo visits that are missing; returns how many were created."""
    today = today or timezone.localdate()
    created = 0
    patients = {p.mrn: p for p in clinic.patients.all()}
    for mrn, days_ago, visit_type, complaint, intake_done, steps in (DEMO_VISITS
                                                                     + FINISHED_DEMO_VISITS):
        patient = patients.get(mrn)
        if patient is None or Visit.objects.filter(patient=patient,
                                                   chief_complaint=complaint).exists():
            continue
        with transaction.atomic():
            create_visit(patient, today - datetime.timedelta(days_ago), visit_type, complaint,
                         intake_done, steps, intake, physician)
        created += 1
    return created


def load_demo_course(clinic, intake, physician, today=None) -> int:
    """The course of treatment of the demo episode and its booked next follow-up, once the
    episode's visits exist; returns how many visits it booked (1, or 0 when done before)."""
    from backpain.episodes.models import Episode, Treatment

    today = today or timezone.localdate()
    baseline = Visit.objects.filter(patient__clinic=clinic, patient__mrn=COURSE_MRN,
                                    chief_complaint=COURSE_VISITS[0][3]).first()
    if baseline is None or Treatment.objects.filter(episode_id=baseline.episode_id).exists():
        return 0
    start = baseline.visit_date

    def day(days):
        return start + datetime.timedelta(days)

    with transaction.atomic():
        Episode.objects.filter(pk=baseline.episode_id).update(condition=COURSE_CONDITION)
        Treatment.objects.bulk_create([
            Treatment(episode_id=baseline.episode_id, kind=kind, detail=detail,
                      start_date=day(began), response=response, response_note=words,
                      response_on=day(said), created_by=physician)
            for began, kind, detail, response, words, said in COURSE_TREATMENTS])
        mrn, days_ahead, visit_type, complaint = COURSE_NEXT
        Visit.objects.create(patient=baseline.patient, episode_id=baseline.episode_id,
                             visit_date=today + datetime.timedelta(days_ahead),
                             visit_type=visit_type, chief_complaint=complaint,
                             status="scheduled", assigned_physician=physician,
                             created_by=intake)
    return 1


def create_visit(patient, visit_date, visit_type, complaint, intake_done, steps, intake,
                 physician):
    visit = Visit.objects.create(
        patient=patient, visit_date=visit_date, visit_type=visit_type,
        chief_complaint=complaint, assigned_physician=physician, created_by=intake,
        intake_completed_at=timezone.now() if intake_done else None,
        intake_completed_by=intake if intake_done else None,
    )
    for slug, values in steps.items():
        values = dict(values)
        if "onset_days" in values:
            values["onset_date"] = visit_date - datetime.timedelta(values.pop("onset_days"))
        author = intake if slug in ("history", "questionnaires") else physician
        STEP_MODELS[slug].objects.create(visit=visit, updated_by=author, **values)
        visit.version += 1
    lifecycle.move(visit, lifecycle.readiness(visit_with_steps(visit.pk)))
    visit.save(update_fields=["version", "status"])
    return visit
