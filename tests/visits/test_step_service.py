"""Saving a step: all or nothing, versioned, audited, and never a silent overwrite."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import modelform_factory

from backpain.audit.models import AuditAction, AuditEvent
from backpain.visits.forms.base import StepForm
from backpain.visits.models import History, StepRevision, Visit
from backpain.visits.services import StepConflict, VisitLocked, complete_intake, save_step
from backpain.visits.step_views import posted_changes
from backpain.visits.steps import step_for

HISTORY = step_for("history")
HistoryFields = modelform_factory(History, form=StepForm, fields=["regions", "pain_now",
                                                                  "saddle_numbness", "onset_date"])


def history_form(visit, **data):
    record = History.objects.filter(visit=visit).first() or History(visit=visit)
    form = HistoryFields(data, instance=record)
    assert form.is_valid(), form.errors
    return form


def save(user, visit, version, **data):
    visit = Visit.objects.get(pk=visit.pk)
    return save_step(user=user, visit=visit, step=HISTORY,
                     **posted_changes(history_form(visit, **data), None), loaded_version=version)


def test_save_creates_the_record_bumps_the_version_and_audits(intake, visit):
    saved = save(intake, visit, 1, regions=["lumbar"], pain_now="6", saddle_numbness="unknown")
    history = History.objects.get(visit=visit)
    assert (history.regions, history.pain_now, history.saddle_numbness) == (["lumbar"], 6, None)
    assert saved.version == 2 and history.updated_by == intake
    event = AuditEvent.objects.get(action=AuditAction.STEP_SAVED)
    assert event.details == {"step": "history", "version": 2,
                             "changed_fields": ["pain_now", "regions"]}
    assert StepRevision.objects.get(version=2).data["pain_now"] == 6


def test_second_writer_from_a_stale_version_gets_a_conflict(intake, physician, visit):
    save(intake, visit, 1, regions=["lumbar"], pain_now="6")
    with pytest.raises(StepConflict) as conflict:
        save(physician, visit, 1, regions=["cervical"], pain_now="2")
    assert conflict.value.current_version == 2
    assert [r.saved_by for r in conflict.value.newer_revisions] == [intake]
    history = History.objects.get(visit=visit)
    assert (history.regions, history.pain_now) == (["lumbar"], 6)
    assert Visit.objects.get(pk=visit.pk).version == 2


def test_saving_again_from_the_current_version_applies(intake, physician, visit):
    save(intake, visit, 1, regions=["lumbar"], pain_now="6")
    save(physician, visit, 2, regions=["cervical"], pain_now="2")
    assert History.objects.get(visit=visit).pain_now == 2


def test_a_save_of_another_step_is_not_a_conflict(intake, physician, visit):
    from backpain.visits.models import Plan

    plan_form = modelform_factory(Plan, form=StepForm, fields=["follow_up_weeks"])(
        {"follow_up_weeks": "6"}, instance=Plan(visit=visit))
    assert plan_form.is_valid()
    save_step(user=physician, visit=visit, step=step_for("plan"), **posted_changes(plan_form, None),
              loaded_version=1)
    save(intake, visit, 1, regions=["lumbar"])
    assert History.objects.get(visit=visit).regions == ["lumbar"]


def test_intake_may_not_save_physician_steps(intake, visit):
    from backpain.visits.models import Examination

    form = modelform_factory(Examination, form=StepForm, fields=["gait"])(
        {"gait": "normal"}, instance=Examination(visit=visit))
    assert form.is_valid()
    with pytest.raises(PermissionDenied):
        save_step(user=intake, visit=visit, step=step_for("examination"),
                  **posted_changes(form, None), loaded_version=1)
    assert not Examination.objects.exists()


def test_onset_after_the_visit_date_is_refused_whole(intake, visit):
    later = visit.visit_date.replace(year=visit.visit_date.year + 1).isoformat()
    with pytest.raises(ValidationError) as error:
        save(intake, visit, 1, regions=["lumbar"], onset_date=later)
    assert "onset_date" in error.value.message_dict
    assert not History.objects.exists()
    assert Visit.objects.get(pk=visit.pk).version == 1


def test_signed_visit_cannot_change(intake, visit):
    Visit.objects.filter(pk=visit.pk).update(status="signed")
    with pytest.raises(VisitLocked):
        save(intake, visit, 1, regions=["lumbar"])
    assert not History.objects.exists()


def test_a_failure_midway_leaves_nothing_saved(intake, visit, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(StepRevision.objects, "create", explode)
    with pytest.raises(RuntimeError):
        save(intake, visit, 1, regions=["lumbar"], pain_now="6")
    assert not History.objects.exists()
    assert Visit.objects.get(pk=visit.pk).version == 1
    assert not AuditEvent.objects.filter(action=AuditAction.STEP_SAVED).exists()


def test_complete_intake_queues_the_visit_once(intake, visit):
    History.objects.create(visit=visit, regions=["lumbar"], onset="sudden", pain_now=6)
    complete_intake(user=intake, visit=visit)
    first = Visit.objects.get(pk=visit.pk).intake_completed_at
    complete_intake(user=intake, visit=visit)
    assert Visit.objects.get(pk=visit.pk).intake_completed_at == first
    assert AuditEvent.objects.filter(action=AuditAction.INTAKE_COMPLETED).count() == 1


def test_complete_intake_refuses_while_a_required_intake_answer_is_missing(intake, visit):
    from backpain.visits.services import IntakeIncomplete

    History.objects.create(visit=visit, regions=["lumbar"], pain_now=6)
    with pytest.raises(IntakeIncomplete) as refused:
        complete_intake(user=intake, visit=visit)
    assert [(step.slug, name) for step, name in refused.value.missing] == [("history", "onset")]
    assert Visit.objects.get(pk=visit.pk).intake_completed_at is None
    assert not AuditEvent.objects.filter(action=AuditAction.INTAKE_COMPLETED).exists()
