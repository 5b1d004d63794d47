"""In Chromium, the issue's check on the demo patient followed for a year: the patient page
shows the outcome trend with its verdicts and the course of treatment beside it; the physician
books the next follow-up, starts it, records it from the carried-forward form, signs it, and
sees the new point on the trend and the chart (and what changed) in the signed PDF; then adds
a treatment to the course and records its response."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from backpain.patients.models import Patient
from backpain.visits.demo import COURSE_MRN
from backpain.visits.models import Visit
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_clinic")]


def save_and_continue(page, heading):
    page.get_by_role("button", name=re.compile("Save and continue")).click()
    expect(page.get_by_role("heading", name=re.compile(heading))).to_be_visible()


def test_follow_the_demo_patient_book_record_sign_and_see_the_trend(page, tmp_path):
    patient = Patient.objects.get(mrn=COURSE_MRN)
    today = datetime.date.today()
    sign_in(page, "physician", "backpain-demo")

    # The year at one look: the trend with its verdicts, the treatments beside it.
    page.goto(reverse("patients:detail", kwargs={"pk": patient.pk}))
    trends = page.get_by_role("region", name="Outcomes over time")
    expect(trends).to_contain_text("improved beyond noise")
    expect(trends).to_contain_text("within noise")
    course = page.get_by_role("region", name="Course of treatment")
    expect(course).to_contain_text("Epidural steroid injection: L4-5 interlaminar")
    expect(course).to_contain_text("Response: Better")
    assert_accessible(page)

    # Book the next follow-up for today, then start it: the patient is here.
    page.get_by_role("region", name="Episodes of care").get_by_role(
        "link", name=re.compile("Book a follow-up")).click()
    page.get_by_label("Booked for").fill(today.isoformat())
    page.get_by_role("button", name="Book visit").click()
    expect(page.get_by_text(re.compile("Booked Follow-up visit on"))).to_be_visible()
    booked = Visit.objects.get(patient=patient, status="scheduled", visit_date=today)
    page.goto(reverse("visits:detail", kwargs={"pk": booked.pk}))
    page.get_by_role("button", name="Start the visit (the patient is here)").click()
    expect(page.get_by_text("Started the visit of")).to_be_visible()
    # The follow-up's page shows the trend so far and the course whose responses it asks.
    expect(page.get_by_role("region", name="Course of treatment")).to_contain_text(
        "Surgical consultation")
    assert_accessible(page)
    page.get_by_role("link", name="Start with history").click()

    # The history proposes the stable items of the 12-month visit; symptoms are asked anew.
    expect(page.locator("#carried-forward")).to_be_visible()
    expect(page.get_by_label("Pain now (0-10)")).to_have_value("")
    assert_accessible(page)
    page.get_by_role("group", name="Where is the pain?").get_by_label("Lumbar").check()
    page.get_by_label("How did it start?").select_option("gradual")
    page.get_by_label("Pain now (0-10)").fill("2")
    save_and_continue(page, "Questionnaires")
    page.get_by_label("Back or neck pain, past week (0-10)").fill("2")
    page.get_by_label("Leg or arm pain, past week (0-10)").fill("1")
    save_and_continue(page, "Examination")
    expect(page.locator("#id_gait_helptext")).to_contain_text("Normal")  # the last value
    page.get_by_label("Gait", exact=True).select_option("normal")
    save_and_continue(page, "Diagnostics")
    save_and_continue(page, "Assessment")
    # A 78-year-old's back pain raises the fracture flag: the physician reviews it.
    page.get_by_label(re.compile(r"Spinal fracture \(urgent\)")).check()
    page.get_by_label("Other ICD-10-CM codes").fill("M48.062")
    save_and_continue(page, "Plan")
    page.get_by_label("Disposition").select_option("routine")
    page.get_by_label("Follow-up in (weeks)").fill("26")
    # Sign it: the plan is saved before the note opens (navigating away at once could cut the
    # save short).
    page.get_by_role("button", name="Save and review the note").click()
    expect(page.get_by_role("heading", name=re.compile("Visit note"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your username").fill("physician")
    page.get_by_label("Your password").fill("backpain-demo")
    page.get_by_role("button", name="Sign the note").click()
    expect(page.get_by_text("The note is signed.")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF, version 1").click()
    pdf = tmp_path / "follow-up.pdf"
    info.value.save_as(pdf)
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    assert "Outcomes over time" in text and "Back or neck pain (0-10)" in text
    assert "Leg or arm pain (0-10)" in text
    # What changed since the 12-month visit: pain now 3 -> 2.
    assert "Changed since the visit of" in text and "(was: 3 on" in text

    # The trend on screen has the new visit: four points of back pain.
    page.goto(reverse("patients:detail", kwargs={"pk": patient.pk}))
    back = page.locator("figure.trend-chart", has=page.get_by_role(
        "heading", name=re.compile("Back or neck pain")))
    expect(back.locator("circle.visit-point")).to_have_count(4)
    expect(back.locator("table.trend-table tbody tr")).to_have_count(4)
    assert_accessible(page)

    # A new treatment on the course: a future start is refused beside its field; then its
    # response is recorded at the next visit.
    course = page.get_by_role("region", name="Course of treatment")
    course.get_by_role("link", name="Add a treatment").click()
    expect(page.get_by_role("heading", name="Add a treatment")).to_be_visible()
    page.get_by_role("combobox", name=re.compile("^Treatment")).select_option("medication")
    page.get_by_label(re.compile("Detail")).fill("pregabalin 75 mg at night")
    started = page.get_by_label(re.compile("Started on"))
    started.fill((today + datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Add the treatment").click()
    expect(page.get_by_text("The start date cannot be in the future")).to_be_visible()
    expect(page.get_by_label(re.compile("Detail"))).to_have_value("pregabalin 75 mg at night")
    assert_accessible(page)
    started.fill(today.isoformat())
    page.get_by_role("button", name="Add the treatment").click()
    expect(page.get_by_text("Treatment added to the course.")).to_be_visible()
    step = course.get_by_role("listitem").filter(has_text="pregabalin")
    expect(step).to_contain_text("Response not recorded yet")
    step.get_by_role("link", name=re.compile("Record")).click()
    page.get_by_label("Better").check()
    assert_accessible(page)
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("Response recorded.")).to_be_visible()
    expect(course.get_by_role("listitem").filter(has_text="pregabalin")).to_contain_text(
        "Response: Better")
