"""Step 1, the history: what the patient reports, taken by intake staff."""

from django.db import models

from .. import vocabulary as v
from .fields import bounded, choice, choice_list, tri, with_vocabulary_constraints
from .step import StepRecord


@with_vocabulary_constraints
class History(StepRecord):
    visit = models.OneToOneField(
        "visits.Visit", on_delete=models.PROTECT, primary_key=True, related_name="history"
    )

    # Location and course
    regions = choice_list(v.Region, "Where is the pain?")
    side = choice(v.Side, "Which side?")
    radiation = choice_list(v.Radiation, "Does the pain spread?")
    radiation_side = choice(v.RadiationSide, "Spreads on which side?")
    onset = choice(v.Onset, "How did it start?")
    onset_date = models.DateField("When did this episode start?", null=True, blank=True)
    trigger = choice(v.Trigger, "What set it off?")
    trauma = choice(v.Trauma, "Injury")
    pain_now = bounded(0, 10, "Pain now (0-10)")
    pain_worst = bounded(0, 10, "Worst pain (0-10)")
    pain_best = bounded(0, 10, "Best pain (0-10)")
    pain_course = choice(v.PainCourse, "Is the pain constant?")
    pain_qualities = choice_list(v.PainQuality, "What is the pain like?")
    aggravating = choice_list(v.Aggravating, "What makes it worse?")
    relieving = choice_list(v.Relieving, "What eases it?")
    night_pain = choice(v.NightPain, "Pain at night")
    morning_stiffness_minutes = bounded(0, 1440, "Morning stiffness (minutes)")
    age_at_onset = bounded(0, 120, "Age when back symptoms first began")
    improves_with_exercise = tri("Better with exercise?")
    improves_with_rest = tri("Better with rest?")
    alternating_buttock_pain = tri("Buttock pain that alternates sides?")
    leg_symptoms_walking_relieved_by_sitting = tri(
        "Leg pain or heaviness on walking or standing, eased by sitting or bending forward?"
    )

    # Neurological symptoms
    numbness = tri("Numbness or pins and needles?")
    numbness_areas = choice_list(v.NumbnessArea, "Where is the numbness?")
    weakness = tri("Weakness?")
    weakness_progressive = tri("Weakness getting worse over hours or days?")
    gait_change = tri("Unsteady or clumsy walking?")
    hand_clumsiness = tri("Dropping things, trouble with buttons or writing?")
    lhermitte = tri("Electric sensation down the spine on bending the neck?")
    saddle_numbness = tri("Numbness in the saddle area (perineum, buttocks, inner thighs)?")
    bladder_dysfunction = choice(v.BladderDysfunction, "Bladder problems")
    bowel_incontinence = tri("Loss of bowel control?")
    sexual_dysfunction_new = tri("New sexual dysfunction?")

    # Systemic context
    fever = tri("Fever, chills or night sweats?")
    unexplained_weight_loss = tri("Unexplained weight loss?")
    cancer_history = tri("History of cancer?")
    cancer_metastatic = tri("Known metastatic disease?")
    immunosuppression = tri("Immunosuppression (HIV, transplant, chemotherapy, biologics)?")
    iv_drug_use = tri("Intravenous drug use?")
    recent_infection = tri("Bacterial infection in the last 3 months?")
    recent_spinal_procedure = tri("Spinal surgery or injection in the last 3 months?")
    osteoporosis = tri("Osteoporosis?")
    long_term_steroids = tri("Systemic corticosteroids for more than 3 months?")
    anticoagulation = tri("Taking anticoagulants?")
    inflammatory_conditions = choice_list(v.InflammatoryCondition, "Inflammatory conditions")
    family_history_spondyloarthritis = tri("Family history of spondyloarthritis?")
    abdominal_pain = tri("Abdominal pain?")
    chest_pain_or_dyspnoea = tri("Chest pain or shortness of breath?")
    vascular_disease = tri(
        "Known aortic aneurysm, peripheral arterial disease, or smoker with vascular disease?"
    )

    # Course, treatment, function
    prior_episodes = bounded(0, 100, "Previous episodes")
    prior_treatments = choice_list(v.PriorTreatment, "Treatments tried")
    treatment_response = choice(v.TreatmentResponse, "Response to treatment")
    walking_tolerance_minutes = bounded(0, 600, "Walking tolerance (minutes)")
    sitting_tolerance_minutes = bounded(0, 600, "Sitting tolerance (minutes)")
    work_status = choice(v.WorkStatus, "Work status")

    class Meta:
        verbose_name_plural = "histories"
        constraints = []
