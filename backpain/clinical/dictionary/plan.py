"""Step 4, the plan: management and follow-up (docs/findings.md, "plan"). Recorded by the app;
not read by the engine."""

from . import vocabularies as v
from .declare import choice, choices, integer, text

DISPOSITION = "Disposition"
MANAGEMENT = "Management"
ORDERS = "Orders and referrals"
FOLLOW_UP = "Work and follow-up"

PLAN = (
    choice("plan.disposition", v.DISPOSITION, "Disposition", group=DISPOSITION),
    choices("plan.education", v.EDUCATION, "Education given", group=MANAGEMENT),
    choices("plan.medications", v.MEDICATION, "Medications", group=MANAGEMENT),
    choices("plan.rehabilitation", v.REHABILITATION, "Rehabilitation", group=MANAGEMENT),
    choices("plan.imaging_ordered", v.IMAGING_ORDERED, "Imaging ordered", group=ORDERS),
    choices("plan.labs_ordered", v.LABS_ORDERED, "Laboratory tests ordered", group=ORDERS),
    choices("plan.referrals", v.REFERRAL, "Referrals", group=ORDERS),
    choices("plan.interventions", v.INTERVENTION, "Interventions", group=MANAGEMENT),
    choice("plan.work_advice", v.WORK_ADVICE, "Work advice", group=FOLLOW_UP),
    integer("plan.follow_up_weeks", 0, 52, "Follow-up in (weeks)", group=FOLLOW_UP),
    text("plan.plan_notes", 4000, "Plan notes", group=FOLLOW_UP),
)
