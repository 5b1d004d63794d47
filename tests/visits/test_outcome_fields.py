"""The outcomes on the questionnaires step: staff enter back and leg pain, walking, usual tasks
and, at follow-ups, the global rating of change and satisfaction; a value out of range is a
field's message with the input kept, never lost and never a server error."""

import pytest

from backpain.visits.models import Questionnaires
from tests.visits.test_step_views import post_step, step_url

pytestmark = pytest.mark.django_db


def test_the_outcomes_are_asked_and_saved(intake_client, visit):
    page = intake_client.get(step_url(visit, "questionnaires")).content.decode()
    assert "Outcomes followed over time" in page
    for label in ("Back or neck pain, past week (0-10)", "Leg or arm pain, past week (0-10)",
                  "Walking tolerance (minutes)", "Usual tasks", "Satisfaction with the care"):
        assert label in page
    response = post_step(intake_client, visit, "questionnaires",
                         {"axial_pain": "7", "limb_pain": "0", "walking_minutes": "15",
                          "usual_tasks": "some", "global_change": "slightly_improved",
                          "satisfaction": "neutral"})
    assert response.status_code == 302
    saved = Questionnaires.objects.get(visit=visit)
    assert (saved.axial_pain, saved.limb_pain, saved.walking_minutes) == (7, 0, 15)
    assert (saved.usual_tasks, saved.global_change, saved.satisfaction) == (
        "some", "slightly_improved", "neutral")


@pytest.mark.parametrize(("field", "value"), [("axial_pain", "11"), ("limb_pain", "-1"),
                                              ("walking_minutes", "601"),
                                              ("global_change", "cured")])
def test_a_value_out_of_range_is_refused_on_its_field_with_the_input_kept(intake_client,
                                                                          visit, field, value):
    response = post_step(intake_client, visit, "questionnaires",
                         {field: value, "axial_pain": "7"} if field != "axial_pain"
                         else {field: value})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert not Questionnaires.objects.filter(visit=visit).exists()
    assert f'value="{value}"' in response.content.decode() or field == "global_change"
