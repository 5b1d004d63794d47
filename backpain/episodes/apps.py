"""App config for episodes of care and the clinic's follow-up schedule."""

from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "backpain.episodes"
    label = "episodes"

    def ready(self):
        from django.db.models.signals import post_save

        from backpain.accounts.models import Clinic
        from backpain.patients.page import register_panel

        from .page import episodes_panel

        register_panel("episodes/patient_episodes.html", episodes_panel)
        post_save.connect(schedule_new_clinic, sender=Clinic,
                          dispatch_uid="episodes.schedule_new_clinic")


def schedule_new_clinic(sender, instance, created, raw=False, **kwargs):
    """A new clinic follows the default schedule until its administrator changes it; a clinic
    loaded from a fixture too (the demo), unless the fixture brought a schedule already."""
    from .models import FollowUpPoint
    from .schedules import DEFAULT, apply_preset

    if created and not FollowUpPoint.objects.filter(clinic_id=instance.pk).exists():
        apply_preset(FollowUpPoint, instance.pk, DEFAULT)
