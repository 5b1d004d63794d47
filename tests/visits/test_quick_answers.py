"""Fewer clicks, nothing hidden: the quick-answer buttons list what they fill, the exam grid
shows the roots of the recorded regions (and never folds one holding a value), questionnaires
follow the regions and name their unanswered items, and every step but the last offers
"Save and continue"."""

import json
import re

import pytest
from crispy_forms.utils import render_crispy_form
from django.urls import reverse

from backpain.visits.forms.diagnostics import LabsForm
from backpain.visits.forms.examination import ExaminationForm
from backpain.visits.forms.history import HistoryForm
from backpain.visits.forms.questionnaires import QuestionnairesForm
from backpain.visits.models import Examination, History, Labs, Questionnaires
from backpain.visits.steps import STEPS


@pytest.fixture(autouse=True)
def strict_crispy(settings):
    settings.CRISPY_FAIL_SILENTLY = False


def quick_buttons(html):
    """Each quick-answer button's label and the answers it fills."""
    return {label: json.loads(answers.replace("&quot;", '"'))
            for answers, label in re.findall(
                r'data-quick-answers="([^"]*)"[^>]*>([^<]+)</button>', html)}


def fieldset_of(html, legend):
    start = html.index(f"<legend>{legend}</legend>") if f"<legend>{legend}</legend>" in html \
        else html.index(legend)
    return html[start:html.index("</fieldset>", start)]


def test_each_screening_block_has_all_negative_for_its_questions(visit):
    html = render_crispy_form(HistoryForm(instance=History(visit=visit)))
    cauda = fieldset_of(html, "Bladder, bowel and sexual function (cauda equina screen)")
    assert quick_buttons(cauda) == {"All negative": {
        "saddle_numbness": "false", "bladder_dysfunction": "none",
        "bowel_incontinence": "false", "rectal_sensation_change": "false",
        "sexual_dysfunction_new": "false"}}
    systemic = quick_buttons(fieldset_of(html, "Systemic context"))["All negative"]
    assert systemic["fever"] == "false" and systemic["urinary_symptoms"] == "none"
    # A follow-up question is left to its answer; the location block is no screen.
    assert "cancer_metastatic" not in systemic
    assert "days_since_spinal_procedure" not in systemic
    assert quick_buttons(fieldset_of(html, "Location and course")) == {}
    # Every answer stays an input of its own, beside the button.
    assert 'name="fever"' in html and 'value="all-negative-systemic-context"' in html
    # Enter in a field presses the first submit button: a plain save, never a quick answer.
    first = re.search(r"<button[^>]*>", html).group(0)
    assert 'name="save"' in first and "hidden" in first


def post_step(client, visit, slug, data):
    url = reverse("visits:step", kwargs={"pk": visit.pk, "slug": slug})
    visit.refresh_from_db()
    return client.post(url, {"version": str(visit.version), **data})


def test_all_negative_without_javascript_saves_the_block_and_keeps_every_answer(
        intake_client, visit):
    response = post_step(intake_client, visit, "history", {
        "regions": ["lumbar"], "pain_now": "6", "fever": "true", "weakness": "unknown",
        "quick_answers": "all-negative-systemic-context"})
    assert response.status_code == 302
    history = History.objects.get(visit=visit)
    # Typed answers saved; the "Yes" kept; the rest of the block "No"; other blocks untouched.
    assert (history.regions, history.pain_now, history.fever) == (["lumbar"], 6, True)
    assert (history.unexplained_weight_loss, history.urinary_symptoms) == (False, ["none"])
    assert history.weakness is None and history.cancer_metastatic is None


def test_normal_neurological_exam_without_javascript_keeps_the_exceptions(
        physician_client, visit):
    History.objects.create(visit=visit, regions=["lumbar"])
    response = post_step(physician_client, visit, "examination", {
        "gait": "antalgic", "motor_l5_left": "3", "slr_left": "true",
        "quick_answers": "normal-neurological-exam"})
    assert response.status_code == 302
    exam = Examination.objects.get(visit=visit)
    assert (exam.motor_l5_left, exam.motor_l5_right, exam.motor_l2_left) == (3, 5, 5)
    assert (exam.slr_left, exam.slr_right, exam.reflex_achilles_left) == (True, False, 2)
    assert exam.sensation_s1_left == "normal" and exam.motor_c5_left is None


def test_normal_neurological_exam_covers_the_lumbar_roots_only(visit):
    History.objects.create(visit=visit, regions=["lumbar"])
    form = ExaminationForm(instance=Examination(visit=visit))
    answers = quick_buttons(render_crispy_form(form))["Normal neurological examination"]
    assert answers["motor_l5_left"] == "5" and answers["sensation_s1_right"] == "normal"
    assert answers["reflex_achilles_left"] == "2" and answers["slr_right"] == "false"
    assert answers["femoral_stretch_left"] == "false" and answers["crossed_slr"] == "false"
    assert not any(name.startswith(("motor_c", "reflex_biceps", "spurling"))
                   for name in answers)


def visible_part(html):
    """The page without its folded parts."""
    return re.sub(r"<details.*?</details>", "", html, flags=re.S)


def test_exam_grid_folds_the_roots_of_other_regions(visit):
    History.objects.create(visit=visit, regions=["cervical"])
    html = render_crispy_form(ExaminationForm(instance=Examination(visit=visit)))
    shown = visible_part(html)
    assert 'name="motor_c5_left"' in shown and 'name="reflex_biceps_left"' in shown
    assert 'name="motor_l5_left"' not in shown and 'name="reflex_achilles_left"' not in shown
    # Folded, not removed: one click on "Show the other roots" and they are there.
    assert 'name="motor_l5_left"' in html and "Show the other roots (L2, L3, L4, L5, S1)" in html


def test_a_root_holding_a_value_is_never_folded(visit):
    History.objects.create(visit=visit, regions=["cervical"])
    record = Examination.objects.create(visit=visit, motor_l5_left=3)
    shown = visible_part(render_crispy_form(ExaminationForm(instance=record)))
    assert 'name="motor_l5_left"' in shown
    assert 'name="motor_s1_left"' not in shown


def test_every_root_shows_while_no_region_is_recorded(visit):
    shown = visible_part(render_crispy_form(ExaminationForm(instance=Examination(visit=visit))))
    assert "<details" not in shown
    assert 'name="motor_c5_left"' in shown and 'name="motor_s1_left"' in shown


@pytest.mark.parametrize(("regions", "ndi", "startback"), [
    (["cervical"], True, False),
    (["lumbar"], False, True),
    (["cervical", "sacral"], True, True),
    ([], True, True),
])
def test_questionnaires_follow_the_regions(visit, regions, ndi, startback):
    History.objects.create(visit=visit, regions=regions)
    form = QuestionnairesForm(instance=Questionnaires(visit=visit))
    assert ("ndi_1" in form.fields) is ndi
    assert ("startback_1" in form.fields) is startback
    html = render_crispy_form(form)
    assert ("The Neck Disability Index is not offered" in html) is not ndi


def test_ndi_answers_saved_before_are_kept_when_it_is_not_offered(visit):
    History.objects.create(visit=visit, regions=["lumbar"])
    record = Questionnaires.objects.create(visit=visit, ndi_1=4)
    form = QuestionnairesForm({"odi_1": "2"}, instance=record)
    assert form.is_valid(), form.errors
    assert (form.save().ndi_1, record.odi_1) == (4, 2)


def test_questionnaire_items_are_radio_groups_typed_by_digit(visit):
    html = render_crispy_form(QuestionnairesForm(instance=Questionnaires(visit=visit)))
    assert html.count('data-digit-answers="true"') >= 3
    assert re.search(r'type="radio"[^>]*name="startback_1"[^>]*value="1"', html)
    assert re.search(r'type="radio"[^>]*name="odi_10"[^>]*value="5"', html)


def test_a_partly_answered_questionnaire_names_its_blank_items(visit):
    record = Questionnaires.objects.create(
        visit=visit, **{f"startback_{n}": 1 for n in range(1, 8)},
        **{f"odi_{n}": 2 for n in range(1, 10)})
    html = render_crispy_form(QuestionnairesForm(instance=record))
    assert re.search(r'id="startback-unanswered">Not answered: items 8, 9\.', html)
    assert re.search(r'id="odi-unanswered">Not answered: sections 10\.', html)
    untouched = render_crispy_form(QuestionnairesForm(instance=Questionnaires(visit=visit)))
    assert "-unanswered" not in untouched  # nothing answered: nothing to warn about


def test_diagnostics_offer_another_study_form_by_script(visit):
    html = render_crispy_form(LabsForm(instance=Labs(visit=visit)))
    assert re.search(r"<button[^>]*data-add-study hidden>Add another study</button>", html)


def test_two_studies_are_saved_in_one_post(physician_client, visit):
    url = reverse("visits:step", kwargs={"pk": visit.pk, "slug": "diagnostics"})
    study = {"modality": "xray", "region": "lumbar", "status": "resulted"}
    data = {"version": str(visit.version), "save": "", "studies-TOTAL_FORMS": "2",
            "studies-INITIAL_FORMS": "0", "studies-MIN_NUM_FORMS": "0",
            "studies-MAX_NUM_FORMS": "1000",
            **{f"studies-0-{k}": v for k, v in study.items()},
            **{f"studies-1-{k}": v for k, v in (study | {"modality": "mri"}).items()}}
    response = physician_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(visit.studies.values_list("modality", flat=True)) == ["mri", "xray"]


def test_every_step_but_the_last_offers_save_and_continue(physician_client, visit):
    for step in STEPS:
        url = reverse("visits:step", kwargs={"pk": visit.pk, "slug": step.slug})
        page = physician_client.get(url).content.decode()
        assert ("Save and continue to" in page) is (step is not STEPS[-1]), step.slug
