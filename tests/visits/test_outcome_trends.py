"""The outcome trends on screen: the patient page and a follow-up visit's page chart every
score over the signed visits, with the noise band, the important-change line, the verdicts and
the numbers as a table; the cost stays flat as visits are added."""

import datetime
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backpain.visits.models import History, Questionnaires, Visit
from backpain.visits.trend_charts import HEIGHT, LEFT, WIDTH, trend_context
from backpain.visits.trends import patient_trends, visit_trends
from tests.factories import VisitFactory

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 1, 5)


def add_visit(patient, intake, physician, days, *, signed=True, visit_type="follow_up",
              **answers):
    visit = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                         visit_date=START + datetime.timedelta(days=days),
                         visit_type=visit_type)
    Questionnaires.objects.create(visit=visit, **answers)
    History.objects.create(visit=visit, work_status="off_work" if days == 0 else "working_full")
    if signed:
        Visit.objects.filter(pk=visit.pk).update(status="signed")
    return Visit.objects.get(pk=visit.pk)


def render_trends(series):
    return render_to_string("visits/trend_charts.html", {"trends": trend_context(series)})


def odi(level):
    return {f"odi_{n}": level for n in range(1, 11)}


@pytest.fixture
def course(patient, intake, physician):
    """A year: ODI 60 -> 40 -> 20, back pain 8 -> 5 -> 2; a draft visit not yet signed."""
    add_visit(patient, intake, physician, 0, visit_type="new", axial_pain=8, limb_pain=7,
              **odi(3))
    add_visit(patient, intake, physician, 91, axial_pain=5, limb_pain=6, usual_tasks="some",
              global_change="slightly_improved", **odi(2))
    add_visit(patient, intake, physician, 365, axial_pain=2, limb_pain=2, usual_tasks="all",
              global_change="much_improved", satisfaction="very_satisfied", **odi(1))
    return add_visit(patient, intake, physician, 400, signed=False, axial_pain=9)


def test_the_series_is_the_signed_visits_in_date_order(patient, course):
    trends = {t["code"]: t for t in patient_trends(patient)["trends"]}
    assert [p["value"] for p in trends["odi"]["points"]] == [60.0, 40.0, 20.0]
    assert [p["value"] for p in trends["axial_pain"]["points"]] == [8, 5, 2]  # not the draft
    assert trends["odi"]["points"][1]["since_baseline"]["verdict"] == "improved_beyond_noise"


def test_a_new_episode_starts_its_own_series(patient, intake, physician, course):
    # A new-patient visit opens another episode of care: its baseline is its own, and the
    # patient page follows the latest episode.
    new_episode = add_visit(patient, intake, physician, 500, visit_type="new", axial_pain=6)
    assert new_episode.episode_id != course.episode_id
    for series in (visit_trends(new_episode), patient_trends(patient)):
        trends = {t["code"]: t for t in series["trends"]}
        assert [p["value"] for p in trends["axial_pain"]["points"]] == [6]
        assert "odi" not in trends  # the earlier episode's scores are not this one's baseline


def test_a_visit_sees_the_signed_visits_before_it_then_itself(course):
    trends = {t["code"]: t for t in visit_trends(course)["trends"]}
    assert [p["value"] for p in trends["axial_pain"]["points"]] == [8, 5, 2, 9]
    last = trends["axial_pain"]["points"][-1]
    assert last["since_last"]["verdict"] == "worse_beyond_noise"
    assert "odi" in trends and len(trends["odi"]["points"]) == 3


def test_the_chart_draws_each_point_the_noise_band_and_the_important_change(patient, course):
    html = render_trends(patient_trends(patient))
    odi_chart = html.split('id="trend-odi-0"')[1].split("</figure>")[0]
    circles = re.findall(r'<circle class="visit-point" cx="([\d.]+)" cy="([\d.]+)"', odi_chart)
    assert len(circles) == 3
    xs = [float(x) for x, _ in circles]
    assert xs[0] == LEFT and xs == sorted(xs) and xs[-1] < WIDTH
    # The score's own axis, higher up for a higher score (the heading says lower is better).
    ys = [float(y) for _, y in circles]
    assert ys[0] < ys[1] < ys[2]
    assert "(lower is better)" in odi_chart
    # The baseline 60 +/- SDC 18 shaded, the MIC line at 60 - 10 = 50.
    band = re.search(r'class="noise-band" x="[\d.]+" y="([\d.]+)" width="[\d.]+" '
                     r'height="([\d.]+)"', odi_chart)
    plot = HEIGHT - 14 - 46
    assert float(band.group(2)) == pytest.approx(plot * 36 / 100, abs=0.2)
    mic = float(re.search(r'class="mic-line"[^>]*y1="([\d.]+)"', odi_chart).group(1))
    assert mic == pytest.approx(14 + plot * 50 / 100, abs=0.1)
    assert "<title id=\"trend-odi-0-title\">Oswestry Disability Index</title>" in odi_chart
    assert "at 3 visits" in odi_chart and "60 at baseline, 20 at the latest visit" in odi_chart


def test_the_numbers_are_a_table_with_verdicts_and_both_thresholds(patient, course):
    html = render_trends(patient_trends(patient))
    back = html.split('id="trend-axial_pain-1"')[1].split("</figure>")[0]
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", back)
    assert len(rows) == 3
    assert "baseline" in rows[0]
    # 8 -> 5: 3 points is an important change, but within the pain scale's noise.
    assert "−3 points: within noise, reaches the minimal important change" in rows[1]
    assert "−6 points: improved beyond noise" in rows[2]
    assert "at least 3.6 points (smallest detectable change" in back
    assert "2 points or 30% of the earlier score" in back
    reports = html.split("trend-reports")[1]
    assert "Off work because of the back or neck" not in reports  # history vocabulary
    assert "Off work" in reports and "Much improved" in reports and "Very satisfied" in reports


def test_the_patient_page_shows_the_trends(physician_client, patient, course):
    page = physician_client.get(reverse("patients:detail", kwargs={"pk": patient.pk}))
    text = page.content.decode()
    assert "Outcomes over time" in text and 'id="trend-odi-0"' in text
    assert "improved beyond noise" in text


def test_a_follow_up_visit_page_shows_the_trend_with_its_own_answers(physician_client,
                                                                      course):
    page = physician_client.get(reverse("visits:detail", kwargs={"pk": course.pk}))
    text = page.content.decode()
    assert "Outcomes over time" in text
    assert "+7 points: worse beyond noise" in text


def test_a_new_patient_visit_page_has_no_trend(physician_client, patient, intake, physician):
    visit = add_visit(patient, intake, physician, 0, signed=False, visit_type="new",
                      axial_pain=8)
    page = physician_client.get(reverse("visits:detail", kwargs={"pk": visit.pk}))
    assert "Outcomes over time" not in page.content.decode()


def test_nothing_recorded_shows_no_empty_chart(physician_client, patient):
    page = physician_client.get(reverse("patients:detail", kwargs={"pk": patient.pk}))
    assert "Outcomes over time" not in page.content.decode()


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_trends_cost_the_same_with_3_visits_as_with_30(physician_client, patient, intake,
                                                           physician):
    for days in range(3):
        add_visit(patient, intake, physician, days * 30, axial_pain=days % 11, **odi(2))
    follow_up = add_visit(patient, intake, physician, 2000, signed=False, axial_pain=1)
    pages = (reverse("patients:detail", kwargs={"pk": patient.pk}),
             reverse("visits:detail", kwargs={"pk": follow_up.pk}))
    few = [queries(physician_client, url) for url in pages]
    for days in range(3, 30):
        add_visit(patient, intake, physician, days * 30, axial_pain=days % 11, **odi(2))
    assert [queries(physician_client, url) for url in pages] == few
    page = physician_client.get(pages[0]).content.decode()
    assert len(re.findall(r'<circle class="visit-point"',
                       page.split('id="trend-odi-0"')[1].split("</figure>")[0])) == 30


def test_walking_minutes_get_a_legible_axis_and_dates_do_not_overlap(patient, intake,
                                                                      physician):
    for days, minutes in ((0, 10), (7, 20), (14, 25), (200, 45)):
        add_visit(patient, intake, physician, days, walking_minutes=minutes)
    [walking] = trend_context(patient_trends(patient))["charts"]
    # 45 minutes at most: the axis tops at 60, not at 600.
    assert [tick["value"] for tick in walking["ticks"]] == ["0", "30", "60"]
    assert "no published threshold" in walking["points"][1]["since_baseline"]
    assert walking["band"] is None and walking["mic_line"] is None
    # Visits a week apart: only the baseline's and the last dates are printed under the axis.
    assert [point["labelled"] for point in walking["points"]] == [True, False, False, True]
    assert "(higher is better)" in render_trends(patient_trends(patient))
