"""The outcome questionnaires: item responses only, under neutral titles (the licensed item
wording stays with its owner; docs/findings.md, "questionnaires"), and the outcomes asked at
every visit so they can be followed over time (docs/clinical-rules.md, "Change over time")."""

from . import vocabularies as v
from .declare import MINUTES, choice, integer
from .kinds import ItemList

ODI_SECTIONS = ("Pain intensity", "Personal care", "Lifting", "Walking", "Sitting", "Standing",
                "Sleeping", "Sex life", "Social life", "Travelling")
NDI_SECTIONS = ("Pain intensity", "Personal care", "Lifting", "Reading", "Headaches",
                "Concentration", "Work", "Driving", "Sleeping", "Recreation")

ODI = ItemList("questionnaires.odi", "Oswestry Disability Index v2.1a",
               tuple((f"ODI section {n}: {title}", 0, 5)
                     for n, title in enumerate(ODI_SECTIONS, start=1)))
NDI = ItemList("questionnaires.ndi", "Neck Disability Index",
               tuple((f"NDI item {n}: {title}", 0, 5)
                     for n, title in enumerate(NDI_SECTIONS, start=1)))
# Items 1-8 agree (1) or disagree (0); item 9 is bothersomeness, 0-4.
STARTBACK = ItemList("questionnaires.startback", "Keele STarT Back Screening Tool",
                     (*((f"STarT Back item {n}", 0, 1) for n in range(1, 9)),
                      ("STarT Back item 9 (bothersomeness)", 0, 4)))
OUTCOMES_GROUP = "Outcomes"
# Return to work is the history's work status (history.work_status), recorded at each visit.
# Back (or neck) pain and leg (or arm) pain are rated apart, as the registries do: the two
# change differently after treatment (Parai et al. 2020).
OUTCOMES = (
    integer("questionnaires.axial_pain", 0, 10, "Back or neck pain, past week (0-10)",
            group=OUTCOMES_GROUP),
    integer("questionnaires.limb_pain", 0, 10, "Leg or arm pain, past week (0-10)",
            group=OUTCOMES_GROUP),
    integer("questionnaires.walking_minutes", 0, 600, "Walking tolerance (minutes)",
            group=OUTCOMES_GROUP, unit=MINUTES),
    choice("questionnaires.usual_tasks", v.USUAL_TASKS, "Usual tasks", group=OUTCOMES_GROUP),
    choice("questionnaires.global_change", v.GLOBAL_CHANGE,
           "Since the first visit, the back or neck problem is (follow-up visits)",
           group=OUTCOMES_GROUP),
    choice("questionnaires.satisfaction", v.SATISFACTION,
           "Satisfaction with the care so far (follow-up visits)", group=OUTCOMES_GROUP),
)
QUESTIONNAIRES = (ODI, NDI, STARTBACK, *OUTCOMES)
