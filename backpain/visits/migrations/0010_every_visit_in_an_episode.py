"""Each patient's existing visits become one episode of care, started on the first visit (its
index event): the visits before episodes existed cannot tell their conditions apart, so one
episode per patient is the honest default; staff can close it and start another."""

from django.db import migrations


def forwards(apps, schema_editor):
    Visit = apps.get_model("visits", "Visit")
    Episode = apps.get_model("episodes", "Episode")
    first = {}
    for visit in Visit.objects.filter(episode__isnull=True).order_by("visit_date", "id").only(
            "pk", "patient_id", "visit_date", "chief_complaint").iterator():
        if visit.patient_id not in first:
            episode = Episode.objects.create(
                patient_id=visit.patient_id, condition=(visit.chief_complaint or "Back pain")[:200],
                start_date=visit.visit_date, index_event="first_visit",
                index_date=visit.visit_date, status="open")
            first[visit.patient_id] = episode.pk
    for patient_id, episode_id in first.items():
        Visit.objects.filter(patient_id=patient_id, episode__isnull=True).update(
            episode_id=episode_id)


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0009_visit_episode_scheduled"),
        ("episodes", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
