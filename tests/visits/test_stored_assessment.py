"""The engine runs when what it reads is saved; its result is stored with the visit version and
the rules version, and pages, lists and exports read it. The physician's queue runs no engine
code at all; a signed visit keeps the assessment it was signed with; a rules upgrade is applied
to unsigned visits by `manage.py reassess_visits`."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from backpain.clinical import engine
from backpain.clinical.result import RULES_VERSION
from backpain.visits.models import History, StoredAssessment, Visit
from tests.factories import PatientFactory, VisitFactory
from tests.security.helpers import post_step, sign

pytestmark = pytest.mark.django_db


def stored(visit):
    return StoredAssessment.objects.get(visit=visit)


def engine_forbidden(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the engine ran")

    monkeypatch.setattr(engine, "assess", refuse)


def test_saving_a_step_stores_the_assessment_of_the_saved_version(intake_client, visit):
    post_step(intake_client, visit, "history", {"regions": ["lumbar"],
                                                "bladder_dysfunction": "retention"})
    visit.refresh_from_db()
    result = stored(visit)
    assert result.visit_version == visit.version
    assert result.rules_version == RULES_VERSION
    assert (result.top_flag, result.top_urgency, result.top_urgency_rank) == (
        "cauda_equina_syndrome", "emergency", 0)
    assert [flag["code"] for flag in result.data["red_flags"]] == ["cauda_equina_syndrome"]


def test_the_step_page_and_the_visit_page_read_the_stored_assessment(physician_client, visit,
                                                                     monkeypatch):
    History.objects.create(visit=visit, regions=["lumbar"], bladder_dysfunction="retention")
    engine_forbidden(monkeypatch)
    for url in (reverse("visits:detail", kwargs={"pk": visit.pk}),
                reverse("visits:step", kwargs={"pk": visit.pk, "slug": "examination"})):
        page = physician_client.get(url)
        assert page.status_code == 200
        assert "Cauda equina syndrome" in page.content.decode()


def queued(patient, physician, intake, bladder, day):
    visit = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                         visit_date=datetime.date(2026, 11, day),
                         intake_completed_at=datetime.datetime(2026, 11, day, 9,
                                                               tzinfo=datetime.UTC))
    History.objects.create(visit=visit, regions=["lumbar"], bladder_dysfunction=bladder)
    return visit


def test_the_queue_runs_no_engine_code_and_puts_the_newest_emergency_first(
        physician_client, physician, intake, clinic, monkeypatch):
    calm = [queued(PatientFactory(clinic=clinic), physician, intake, "none", day)
            for day in range(1, 20)]
    emergency = queued(PatientFactory(clinic=clinic, family_name="Urgent"), physician, intake,
                       "retention", 25)
    engine_forbidden(monkeypatch)
    page = physician_client.get(reverse("home"))
    assert page.status_code == 200
    queue = page.context["my_queue"]
    assert queue[0].visit == emergency and queue[0].flag.urgency == "emergency"
    assert [entry.visit for entry in queue[1:]] == calm


def test_the_queue_takes_the_same_queries_for_a_long_history(physician_client, physician,
                                                             intake, clinic,
                                                             django_assert_max_num_queries):
    for day in range(1, 4):
        queued(PatientFactory(clinic=clinic), physician, intake, "none", day)
    with django_assert_max_num_queries(30) as few:
        physician_client.get(reverse("home"))
    for day in range(4, 28):
        queued(PatientFactory(clinic=clinic), physician, intake, "none", day)
    with django_assert_max_num_queries(len(few.captured_queries)):
        physician_client.get(reverse("home"))


def test_a_signed_visit_keeps_the_assessment_it_was_signed_with(physician_client,
                                                                ready_visit, monkeypatch):
    assert sign(physician_client, ready_visit).status_code == 302
    signed_with = stored(ready_visit).data
    monkeypatch.setattr("backpain.clinical.result.RULES_VERSION", "next")
    monkeypatch.setattr("backpain.visits.assessments.RULES_VERSION", "next")
    out = io.StringIO()
    call_command("reassess_visits", stdout=out)
    assert stored(ready_visit).data == signed_with
    assert stored(ready_visit).rules_version == RULES_VERSION
    assert Visit.objects.get(pk=ready_visit.pk).is_signed


def test_a_rules_upgrade_reassesses_unsigned_visits_only(visit, monkeypatch):
    History.objects.create(visit=visit, regions=["lumbar"])
    assert stored(visit).rules_version == RULES_VERSION
    monkeypatch.setattr("backpain.visits.assessments.RULES_VERSION", "next")
    monkeypatch.setattr("backpain.visits.management.commands.reassess_visits.RULES_VERSION",
                        "next")
    out = io.StringIO()
    call_command("reassess_visits", stdout=out)
    assert "Re-assessed 1 unsigned visit(s)" in out.getvalue()
    assert stored(visit).rules_version == "next"
    out = io.StringIO()
    call_command("reassess_visits", stdout=out)
    assert "Re-assessed 0 unsigned visit(s)" in out.getvalue()


def test_correcting_the_patients_age_reassesses_their_visits(visit):
    History.objects.create(visit=visit, regions=["lumbar"], trauma="minor")
    assert stored(visit).top_flag == ""
    patient = visit.patient
    patient.date_of_birth = visit.visit_date.replace(year=visit.visit_date.year - 75)
    patient.save()
    assert stored(visit).top_flag == "spinal_fracture"


def test_storing_updates_the_visits_row_or_makes_its_first_one(visit):
    """assessments.store: one UPDATE of the visit's row when it has one; its first row made
    when it has none (a visit booked ahead is not assessed until it starts). What it hands
    back is what the database holds."""
    from backpain.visits import assessments
    from backpain.visits.selectors import VISIT_WITH_STEPS

    History.objects.create(visit=visit, regions=["lumbar"], bladder_dysfunction="retention")
    held = VISIT_WITH_STEPS.get(pk=visit.pk)
    StoredAssessment.objects.filter(visit=visit).delete()
    for _ in range(2):  # made, then updated
        before = datetime.datetime.now(datetime.UTC)
        kept = assessments.store(held)
        row = stored(visit)
        assert StoredAssessment.objects.filter(visit=visit).count() == 1
        assert (kept.visit_id, kept.top_flag, kept.flag_count, kept.visit_version) == (
            row.visit_id, row.top_flag, row.flag_count, row.visit_version)
        assert row.top_flag == "cauda_equina_syndrome" and row.assessed_at >= before
        assert not kept._state.adding
