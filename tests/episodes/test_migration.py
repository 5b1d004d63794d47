"""The data migration that gives every existing visit an episode: one per patient, started on
the patient's first visit, named by its chief complaint."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("visits", "0009_visit_episode_scheduled")]
AFTER = [("visits", "0011_visit_episode_required")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_patients_visits_become_one_episode(roles):
    apps = migrate(BEFORE)
    Clinic, Patient = apps.get_model("accounts", "Clinic"), apps.get_model("patients", "Patient")
    User, Visit = apps.get_model("accounts", "User"), apps.get_model("visits", "Visit")
    clinic = Clinic.objects.create(name="Old clinic")
    user = User.objects.create(username="old", clinic=clinic)
    first, second = (Patient.objects.create(clinic=clinic, mrn=mrn, family_name="A",
                                            given_name="B", sex="female",
                                            date_of_birth=datetime.date(1970, 1, 1))
                     for mrn in ("M1", "M2"))
    for patient, day, complaint in ((first, 20, "Later"), (first, 3, "Sciatica"),
                                    (second, 9, "")):
        Visit.objects.create(patient=patient, visit_date=datetime.date(2025, 1, day),
                             visit_type="new", chief_complaint=complaint, created_by=user)
    try:
        apps = migrate(AFTER)
        Visit, Episode = apps.get_model("visits", "Visit"), apps.get_model("episodes", "Episode")
        assert Episode.objects.count() == 2
        ones = Episode.objects.get(patient_id=first.pk)
        assert (ones.condition, ones.start_date, ones.index_date, ones.status) == (
            "Sciatica", datetime.date(2025, 1, 3), datetime.date(2025, 1, 3), "open")
        assert set(Visit.objects.filter(patient_id=first.pk).values_list(
            "episode_id", flat=True)) == {ones.pk}
        assert Episode.objects.get(patient_id=second.pk).condition == "Back pain"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
