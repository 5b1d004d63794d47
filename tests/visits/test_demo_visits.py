"""`load_demo` opens a handful of visits so a new clinic sees the product at work."""

from django.core.management import call_command

from backpain.visits.assessments import assessment_of as assess_visit
from backpain.visits.models import Visit
from backpain.visits.selectors import with_steps


def test_demo_visits_show_each_kind_of_case_and_load_once(db):
    call_command("load_demo")
    call_command("load_demo")
    visits = list(with_steps(Visit.objects.all()))
    assert len(visits) == 5
    results = [assess_visit(v).data for v in visits]
    flags = {f["code"]: f["urgency"] for r in results for f in r["red_flags"]}
    patterns = {p["code"] for r in results for p in r["patterns"]}
    assert flags["cauda_equina_syndrome"] == "emergency"
    assert {"radicular", "axial_mechanical", "inflammatory"} <= patterns
    assert flags["inflammatory_spondyloarthritis"] == "review"
    assert [v.status for v in visits].count("awaiting_signature") == 1
