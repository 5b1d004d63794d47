"""The outcome time series CSV: one row per patient-timepoint, with the episode of care, the
follow-up point the visit falls in, every outcome and the change since the episode's baseline
judged against the instrument's noise (SDC) and important change (MIC)."""

import datetime

import pytest
from django.core.management import call_command

from backpain.audit.models import AuditAction, AuditEvent
from backpain.core.csv_stream import csv_lines
from backpain.episodes.selectors import schedule_of
from backpain.exports.outcomes_csv import OUTCOME_COLUMNS, outcome_rows
from backpain.exports.selectors import ExportFilters, episode_visits
from backpain.visits.models import History, Questionnaires, Visit
from tests.factories import PatientFactory, VisitFactory

from .builders import simple_visit
from .helpers import csv_rows, export_bytes

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 1, 5)


def add_visit(patient, physician, days, *, status="signed", visit_type="follow_up", work=None,
              **answers):
    visit = VisitFactory(patient=patient, assigned_physician=physician,
                         visit_date=START + datetime.timedelta(days=days), visit_type=visit_type)
    Questionnaires.objects.create(visit=visit, **answers)
    if work:
        History.objects.create(visit=visit, work_status=work)
    Visit.objects.filter(pk=visit.pk).update(status=status)
    return Visit.objects.get(pk=visit.pk)


def odi(level):
    return {f"odi_{n}": level for n in range(1, 11)}


@pytest.fixture
def course(patient, physician):
    """A year: ODI 60 -> 40 -> 20, back pain 8 -> 5 -> 2, leg pain 7 -> 6 -> 2; then a draft."""
    visits = [
        add_visit(patient, physician, 0, visit_type="new", work="off_work", axial_pain=8,
                  limb_pain=7, walking_minutes=10, **odi(3)),
        add_visit(patient, physician, 91, work="modified_duty", axial_pain=5, limb_pain=6,
                  usual_tasks="some", global_change="slightly_improved", **odi(2)),
        add_visit(patient, physician, 365, axial_pain=2, limb_pain=2, walking_minutes=60,
                  satisfaction="very_satisfied", global_change="much_improved", **odi(1)),
        add_visit(patient, physician, 400, status="draft", axial_pain=9),
    ]
    return visits


def rows_of(clinic, **filters):
    return csv_rows(export_bytes("outcomes-csv", clinic, ExportFilters(**filters)))


def test_the_header_is_the_fixed_column_list(clinic, course):
    data = export_bytes("outcomes-csv", clinic)
    header = data.decode("utf-8-sig").split("\r\n", 1)[0].split(",")
    assert header == OUTCOME_COLUMNS
    for column in ("outcome.odi", "outcome.ndi", "outcome.startback", "outcome.axial_pain",
                   "outcome.limb_pain", "outcome.walking_minutes", "outcome.usual_tasks",
                   "outcome.global_change", "outcome.satisfaction", "outcome.work_status",
                   "outcome.odi.change_since_baseline", "outcome.odi.verdict"):
        assert column in header


def test_one_row_per_signed_timepoint_with_the_episode(clinic, patient, course):
    rows = rows_of(clinic)
    episode = course[0].episode
    assert [row["visit.id"] for row in rows] == [str(v.pk) for v in course[:3]]
    for row in rows:
        assert row["patient.id"] == str(patient.pk) and row["patient.mrn"] == "RSC-1"
        assert row["episode.id"] == str(episode.pk)
        assert row["episode.condition"] == episode.condition
        assert row["episode.index_date"] == START.isoformat()
        assert row["episode.status"] == "open"
    assert [row["visit.days_since_index"] for row in rows] == ["0", "91", "365"]
    assert [row["visit.visit_type"] for row in rows] == ["new", "follow_up", "follow_up"]
    # The clinic's default schedule: 6 weeks, 3 months, 12 months.
    assert [row["visit.follow_up_point"] for row in rows] == ["", "3 months", "12 months"]
    assert [row["visit.follow_up_days"] for row in rows] == ["", "91", "365"]


def test_scores_and_answers_at_each_timepoint(clinic, course):
    baseline, three_months, one_year = rows_of(clinic)
    assert [baseline["outcome.odi"], three_months["outcome.odi"],
            one_year["outcome.odi"]] == ["60.0", "40.0", "20.0"]
    assert baseline["outcome.walking_minutes"] == "10"
    assert one_year["outcome.walking_minutes"] == "60"
    assert baseline["outcome.work_status"] == "off_work"
    assert three_months["outcome.work_status"] == "modified_duty"
    assert three_months["outcome.usual_tasks"] == "some"
    assert three_months["outcome.global_change"] == "slightly_improved"
    assert one_year["outcome.satisfaction"] == "very_satisfied"
    assert baseline["outcome.ndi"] == "" and baseline["outcome.startback"] == ""


def test_the_baseline_row_has_no_change(clinic, course):
    baseline = rows_of(clinic)[0]
    for code in ("odi", "axial_pain", "limb_pain"):
        assert baseline[f"outcome.{code}.baseline_date"] == ""
        assert baseline[f"outcome.{code}.change_since_baseline"] == ""
        assert baseline[f"outcome.{code}.verdict"] == ""


def test_change_since_baseline_with_its_verdict(clinic, course):
    _, three_months, one_year = rows_of(clinic)
    assert three_months["outcome.odi.baseline_date"] == START.isoformat()
    # ODI -20 points: beyond its SDC (18) and the MIC (10).
    assert three_months["outcome.odi.change_since_baseline"] == "-20.0"
    assert three_months["outcome.odi.verdict"] == "improved_beyond_noise"
    assert three_months["outcome.odi.mic_reached"] == "true"
    # Back pain -3: important (MIC 2) but within the noise of the measure (SDC 3.6).
    assert three_months["outcome.axial_pain.change_since_baseline"] == "-3.0"
    assert three_months["outcome.axial_pain.verdict"] == "within_noise"
    assert three_months["outcome.axial_pain.mic_reached"] == "true"
    # Leg pain -1: neither.
    assert three_months["outcome.limb_pain.verdict"] == "within_noise"
    assert three_months["outcome.limb_pain.mic_reached"] == "false"
    assert one_year["outcome.axial_pain.change_since_baseline"] == "-6.0"
    assert one_year["outcome.axial_pain.verdict"] == "improved_beyond_noise"
    # Walking minutes have no published SDC: the change is given, not judged.
    assert one_year["outcome.walking_minutes.change_since_baseline"] == "50.0"
    assert one_year["outcome.walking_minutes.verdict"] == "not_classified"
    assert one_year["outcome.walking_minutes.mic_reached"] == ""  # no published MIC


def test_a_draft_is_compared_with_the_baseline_but_is_never_one(clinic, patient, physician,
                                                                 course):
    later = add_visit(patient, physician, 420, status="draft", limb_pain=3)
    rows = {row["visit.id"]: row for row in rows_of(clinic, status="any")}
    draft = rows[str(course[3].pk)]
    assert draft["visit.status"] == "draft"
    assert draft["outcome.axial_pain.change_since_baseline"] == "1.0"  # 8 -> 9
    assert draft["outcome.axial_pain.verdict"] == "within_noise"
    assert draft["visit.follow_up_point"] == "12 months"  # 400 days: within 365 +- 61
    assert rows[str(later.pk)]["outcome.limb_pain.baseline_date"] == START.isoformat()


def test_worse_beyond_noise(clinic, patient, physician):
    add_visit(patient, physician, 0, visit_type="new", axial_pain=2)
    add_visit(patient, physician, 42, axial_pain=6)
    six_weeks = rows_of(clinic)[1]
    assert six_weeks["visit.follow_up_point"] == "6 weeks"
    assert six_weeks["outcome.axial_pain.verdict"] == "worse_beyond_noise"
    assert six_weeks["outcome.axial_pain.mic_reached"] == "false"


def test_a_baseline_left_out_by_the_dates_still_counts(clinic, course):
    rows = rows_of(clinic, date_from=START + datetime.timedelta(days=30))
    assert [row["visit.days_since_index"] for row in rows] == ["91", "365"]
    assert rows[0]["outcome.odi.baseline_date"] == START.isoformat()
    assert rows[0]["outcome.odi.change_since_baseline"] == "-20.0"


def test_each_episode_has_its_own_baseline(clinic, patient, physician, course):
    again = add_visit(patient, physician, 500, visit_type="new", axial_pain=6)
    add_visit(patient, physician, 500 + 91, axial_pain=1)
    rows = rows_of(clinic)
    assert again.episode_id != course[0].episode_id
    new_episode = [row for row in rows if row["episode.id"] == str(again.episode_id)]
    assert [row["visit.days_since_index"] for row in new_episode] == ["0", "91"]
    assert new_episode[0]["outcome.axial_pain.verdict"] == ""
    assert new_episode[1]["outcome.axial_pain.baseline_date"] == again.visit_date.isoformat()
    assert new_episode[1]["outcome.axial_pain.change_since_baseline"] == "-5.0"


def test_episodes_of_other_patients_do_not_mix(clinic, physician, course):
    other = PatientFactory(clinic=clinic)
    add_visit(other, physician, 91, visit_type="new", axial_pain=1)
    rows = rows_of(clinic)
    theirs = [row for row in rows if row["patient.id"] == str(other.pk)]
    assert len(theirs) == 1 and theirs[0]["outcome.axial_pain.verdict"] == ""
    assert theirs[0]["visit.days_since_index"] == "0"


def test_a_number_stays_a_number_and_text_is_still_made_safe():
    line = list(csv_lines(["text", "number"], [["-1", -1.5]]))[1]
    assert line == "'-1,-1.5\r\n"


def test_the_visit_csv_names_each_visits_episode(clinic, course):
    rows = csv_rows(export_bytes("csv", clinic))
    header = export_bytes("csv", clinic).decode("utf-8-sig").split("\r\n", 1)[0].split(",")
    assert header[-4:] == ["episode.id", "episode.condition", "episode.status",
                           "episode.index_date"]
    episode = course[0].episode
    assert {(row["episode.id"], row["episode.condition"], row["episode.index_date"])
            for row in rows} == {(str(episode.pk), episode.condition, START.isoformat())}


def test_the_red_flag_filter_keeps_only_flagged_timepoints(clinic, physician):
    flagged = simple_visit(clinic, physician, red_flag=True)
    simple_visit(clinic, physician)
    rows = rows_of(clinic, red_flags="yes")
    assert [row["visit.id"] for row in rows] == [str(flagged.pk)]


def test_the_command_writes_the_series_and_audits_it(tmp_path, clinic, course):
    path = tmp_path / "outcomes.csv"
    call_command("export_visits", "--format", "outcomes-csv", "-o", str(path))
    assert len(csv_rows(path.read_bytes())) == 3
    event = AuditEvent.objects.get(action=AuditAction.EXPORTED)
    assert event.details["format"] == "outcomes-csv" and event.details["rows_exported"] == 3


def test_another_clinics_episodes_never_appear(clinic, other_clinic, physician, course):
    stranger = PatientFactory(clinic=other_clinic)
    add_visit(stranger, physician, 0, visit_type="new", axial_pain=3)
    assert {row["patient.id"] for row in rows_of(clinic, status="any")} == {
        str(course[0].patient_id)}


def test_the_baseline_holds_across_database_chunks(clinic, schedule_points, course):
    rows = list(outcome_rows(episode_visits(clinic.pk, ExportFilters(), chunk_size=2),
                             schedule_points))
    assert [row.get("outcome.odi.change_since_baseline") for row in rows] == [None, -20.0, -40.0]
    assert [row["visit.follow_up_point"] for row in rows] == [None, "3 months", "12 months"]


@pytest.fixture
def schedule_points(clinic):
    return schedule_of(clinic.pk)
