"""What the engine reads changed: re-assess the visit (assessments.py), in the transaction
of the change, so the stored assessment never lags the saved findings."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from backpain.accounts.sessions import expired_post
from backpain.patients.models import Patient

from . import assessments, drafts
from .models import DiagnosticStudy, Examination, History, Labs, Questionnaires, Visit

ENGINE_INPUTS = (History, Examination, Questionnaires, DiagnosticStudy, Labs)


def step_changed(sender, instance, **kwargs):
    if instance.visit_id:
        assessments.reassess([instance.visit_id])


for model in ENGINE_INPUTS:
    post_save.connect(step_changed, sender=model, dispatch_uid=f"assess-{model.__name__}")
    post_delete.connect(step_changed, sender=model,
                        dispatch_uid=f"assess-delete-{model.__name__}")


expired_post.connect(drafts.keep_expired_post, dispatch_uid="keep-expired-step")


@receiver(post_save, sender=Visit, dispatch_uid="assess-visit")
def visit_changed(sender, instance, update_fields=None, **kwargs):
    if instance.is_signed:
        # The later visits compare with the last signed one (the engine across visits).
        from .selectors import later_unsigned_visits

        assessments.reassess(later_unsigned_visits(instance).values_list("pk", flat=True))
    if update_fields is not None and set(update_fields) <= {"status", "updated_at",
                                                            "intake_completed_at",
                                                            "intake_completed_by"}:
        return  # nothing the engine reads
    if instance.status == "scheduled":
        return  # booked ahead: nothing recorded yet, and its date may be in the future
    assessments.reassess([instance.pk])


@receiver(post_save, sender=Patient, dispatch_uid="assess-patient")
def patient_changed(sender, instance, created=False, **kwargs):
    # The engine reads the age on the visit date and the sex.
    if not created:
        assessments.reassess(Visit.objects.filter(patient=instance).values_list("pk", flat=True))
