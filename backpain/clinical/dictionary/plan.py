"""Step 4, the plan: management and follow-up (docs/findings.md, "plan"). Recorded by the app;
not read by the engine."""

from . import vocabularies as v
from .declare import choice, choices, integer, text

PLAN = (
    choice("plan.disposition", v.DISPOSITION, "Disposition"),
    choices("plan.education", v.EDUCATION, "Education given"),
    choices("plan.medications", v.MEDICATION, "Medications"),
    choices("plan.rehabilitation", v.REHABILITATION, "Rehabilitation"),
    choices("plan.imaging_ordered", v.IMAGING_ORDERED, "Imaging ordered"),
    choices("plan.labs_ordered", v.LABS_ORDERED, "Laboratory tests ordered"),
    choices("plan.referrals", v.REFERRAL, "Referrals"),
    choices("plan.interventions", v.INTERVENTION, "Interventions"),
    choice("plan.work_advice", v.WORK_ADVICE, "Work advice"),
    integer("plan.follow_up_weeks", 0, 52, "Follow-up in (weeks)"),
    text("plan.plan_notes", 4000, "Plan notes"),
)
