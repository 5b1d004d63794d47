"""The outcome questionnaires: item responses only, under neutral titles (the licensed item
wording stays with its owner; docs/findings.md, "questionnaires")."""

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
QUESTIONNAIRES = (ODI, NDI, STARTBACK)
