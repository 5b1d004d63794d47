"""`load_demo` opens a handful of visits so a new clinic sees the product at work."""

from django.core.management import call_command

from backpain.visits.assessments import assessment_of as assess_visit
from backpain.visits.demo import COURSE_MRN
from backpain.visits.models import Visit
from backpain.visits.selectors import with_steps


def test_demo_visits_show_each_kind_of_case_and_load_once(db):
    call_command("load_demo")
    call_command("load_demo")
    visits = list(with_steps(Visit.objects.exclude(patient__mrn=COURSE_MRN)))
    assert len(visits) == 10
    results = {v.patient.mrn: assess_visit(v).data for v in visits}
    flags = {f["code"]: f["urgency"] for r in results.values() for f in r["red_flags"]}
    patterns = {p["code"] for r in results.values() for p in r["patterns"]}
    assert flags["cauda_equina_syndrome"] == "emergency"
    # The emergencies of rules version 2, as a new user first sees the panel.
    by_patient = {mrn: {f["code"]: (f["urgency"], f["time_frame"]) for f in r["red_flags"]}
                  for mrn, r in results.items()}
    assert by_patient["RSC-100102"]["malignancy"] == ("emergency", "within_24h")
    assert results["RSC-100102"]["imaging"]["region"] == "whole spine"
    assert by_patient["RSC-100106"]["cauda_equina_syndrome"] == ("emergency", "immediately")
    assert by_patient["RSC-100110"]["vascular_or_visceral_cause"] == ("emergency", "immediately")
    assert results["RSC-100110"]["imaging"]["advice"] == "emergency_non_spinal_assessment"
    assert {"radicular", "axial_mechanical", "inflammatory"} <= patterns
    assert flags["inflammatory_spondyloarthritis"] == "review"
    statuses = [v.status for v in visits]
    assert (statuses.count("awaiting_signature"), statuses.count("signed"),
            statuses.count("amended")) == (1, 1, 1)


def test_the_panel_of_the_mscc_demo_visit_says_what_to_do_and_how_soon(db, client):
    from django.urls import reverse

    from backpain.accounts.models import User

    call_command("load_demo")
    client.force_login(User.objects.get(username="physician"))
    visit = Visit.objects.get(patient__mrn="RSC-100102")
    page = client.get(reverse("visits:detail", kwargs={"pk": visit.pk})).content.decode()
    assert "(Emergency MRI of the whole spine, within 24 hours)" in page
    assert "Malignancy" in page


def test_the_demo_has_signed_notes_with_their_pdfs_and_an_addendum_once(db, client):
    from django.urls import reverse

    from backpain.accounts.models import User
    from backpain.notes.models import Addendum, NoteVersion, Signature

    call_command("load_demo")
    call_command("load_demo")  # idempotent: nothing signed twice, no second addendum
    amended = Visit.objects.get(patient__mrn="RSC-100103")
    signed = Visit.objects.get(patient__mrn="RSC-100108")
    assert (amended.status, signed.status) == ("amended", "signed")
    assert Signature.objects.filter(visit=amended).count() == 2
    assert Addendum.objects.filter(visit=amended).count() == 1
    assert NoteVersion.objects.filter(visit=signed).count() == 1
    client.force_login(User.objects.get(username="physician"))
    review = client.get(reverse("notes:review", kwargs={"pk": amended.pk})).content.decode()
    assert "Telephone review: pain now 2/10" in review
    assert "Jane Doe" in review
    latest = NoteVersion.objects.filter(visit=amended).order_by("-number").first()
    response = client.get(reverse("notes:download",
                                  kwargs={"pk": amended.pk, "number": latest.number}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_demo_patient_is_followed_over_a_year_with_the_course_of_treatment(db, client):
    """The issue's check: three signed visits of one episode over a year, one change beyond
    noise and one within it, the treatments beside the trend, and the next follow-up booked."""
    from django.urls import reverse

    from backpain.accounts.models import User
    from backpain.episodes.models import Treatment

    call_command("load_demo")
    call_command("load_demo")  # idempotent: no second course, no second booking
    visits = list(Visit.objects.filter(patient__mrn=COURSE_MRN).order_by("visit_date"))
    assert [v.status for v in visits] == ["signed", "signed", "signed", "scheduled"]
    assert len({v.episode_id for v in visits}) == 1
    assert visits[0].episode.condition == "Lumbar spinal stenosis with neurogenic claudication"
    assert (visits[2].visit_date - visits[0].visit_date).days == 365
    assert [t.kind for t in Treatment.objects.filter(episode_id=visits[0].episode_id)] == [
        "physiotherapy", "epidural", "surgical_consult"]
    client.force_login(User.objects.get(username="physician"))
    page = client.get(reverse("patients:detail", kwargs={"pk": visits[0].patient_id}))
    html = page.content.decode()
    assert "Outcomes over time" in html and "Course of treatment" in html
    assert "Epidural steroid injection: L4-5 interlaminar" in html
    assert "Response: Better" in html and "Response: No change" in html
    # Leg pain 8 -> 3 at 3 months is beyond noise; back pain 6 -> 3 is within noise.
    leg = html.partition('id="trend-limb_pain-2"')[2].split("</figure>")[0]
    back = html.partition('id="trend-axial_pain-1"')[2].split("</figure>")[0]
    assert "improved beyond noise" in leg.split("</tr>")[2]
    assert "within noise" in back.split("</tr>")[2]
    visits_list = html.partition('id="visits-heading"')[2].split("</section>")[0]
    assert "Scheduled" in visits_list  # the booked next follow-up
