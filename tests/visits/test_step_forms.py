"""The step forms: drafts validate, ranges and vocabulary rules give field errors, layouts
render every field, and the conditional and grid markup is what the page and script expect."""

import datetime
import re

import pytest
from crispy_forms.utils import render_crispy_form

from backpain.clinical.diagnoses import ICD10_TEXT
from backpain.visits.forms.assessment import AssessmentForm
from backpain.visits.forms.diagnostics import LabsForm, StudyForm, StudyFormSet
from backpain.visits.forms.examination import ExaminationForm
from backpain.visits.forms.history import HistoryForm
from backpain.visits.forms.plan import PlanForm
from backpain.visits.forms.questionnaires import STARTBACK_COPYRIGHT, QuestionnairesForm
from backpain.visits.models import (
    Assessment,
    DiagnosticStudy,
    Examination,
    History,
    Labs,
    Plan,
    Questionnaires,
)
from backpain.visits.models.assessment import unreviewed_flags
from backpain.visits.vocabulary import ROOTS

STEP_FORMS = [
    (HistoryForm, History),
    (QuestionnairesForm, Questionnaires),
    (ExaminationForm, Examination),
    (LabsForm, Labs),
    (AssessmentForm, Assessment),
    (PlanForm, Plan),
]

ENGINE = {
    "patterns": [{"code": "radicular", "evidence": ["history.radiation"], "levels": ["L5 left"]}],
    "red_flags": [{"code": "cauda_equina_risk", "urgency": "urgent"},
                  {"code": "malignancy", "urgency": "urgent"}],
    "diagnosis_suggestions": ["M54.16", "M54.42"],
}


@pytest.fixture(autouse=True)
def strict_crispy(settings):
    # Otherwise a misspelled layout field silently vanishes from the page.
    settings.CRISPY_FAIL_SILENTLY = False


def form_for(form_class, model, visit, data=None, **kwargs):
    return form_class(data, instance=model(visit=visit), **kwargs)


def rendered_names(form):
    return set(re.findall(r'name="([^"]+)"', render_crispy_form(form)))


def startback(offered_form):
    return {name for name in offered_form.fields if name.startswith("startback_")}


# Drafts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("form_class", "model"), STEP_FORMS)
def test_an_empty_post_is_a_valid_draft(form_class, model, visit):
    form = form_for(form_class, model, visit, {})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(("form_class", "model"), STEP_FORMS)
def test_the_layout_renders_every_field(form_class, model, visit):
    form = form_for(form_class, model, visit)
    assert set(form.fields) <= rendered_names(form)


@pytest.mark.parametrize(("form_class", "model"), STEP_FORMS)
def test_an_empty_draft_saves_nothing_but_blanks(form_class, model, visit):
    form = form_for(form_class, model, visit, {})
    assert form.is_valid(), form.errors
    record = form.save()
    record.refresh_from_db()
    for name in model.finding_field_names():
        assert getattr(record, name) in (None, "", []), name


def test_a_partial_history_is_valid_and_saved(visit):
    form = form_for(HistoryForm, History, visit, {
        "regions": ["lumbar"], "onset": "sudden", "pain_now": "6", "numbness": "true",
    })
    assert form.is_valid(), form.errors
    record = form.save()
    assert (record.regions, record.onset, record.pain_now, record.numbness) == (
        ["lumbar"], "sudden", 6, True)
    assert record.weakness is None


# Ranges -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("form_class", "model", "name", "value"), [
    (HistoryForm, History, "pain_now", "11"),
    (HistoryForm, History, "pain_worst", "-1"),
    (HistoryForm, History, "morning_stiffness_minutes", "1441"),
    (ExaminationForm, Examination, "motor_l5_left", "6"),
    (ExaminationForm, Examination, "reflex_achilles_right", "5"),
    (ExaminationForm, Examination, "temperature_c", "46"),
    (ExaminationForm, Examination, "temperature_c", "29.9"),
    (ExaminationForm, Examination, "slr_angle_left", "91"),
    (ExaminationForm, Examination, "post_void_residual_ml", "3001"),
    (ExaminationForm, Examination, "sensation_s1_left", "tingling"),
    (QuestionnairesForm, Questionnaires, "odi_1", "6"),
    (QuestionnairesForm, Questionnaires, "ndi_10", "6"),
    (QuestionnairesForm, Questionnaires, "startback_1", "2"),
    (QuestionnairesForm, Questionnaires, "startback_9", "5"),
    (LabsForm, Labs, "crp_mg_l", "500.1"),
    (LabsForm, Labs, "esr_mm_h", "151"),
    (PlanForm, Plan, "follow_up_weeks", "53"),
])
def test_an_out_of_range_value_is_an_error_on_its_field(form_class, model, name, value, visit):
    form = form_for(form_class, model, visit, {name: value})
    assert not form.is_valid()
    assert list(form.errors) == [name]


@pytest.mark.parametrize(("form_class", "model", "name", "value", "stored"), [
    (HistoryForm, History, "pain_now", "10", 10),
    (HistoryForm, History, "pain_best", "0", 0),
    (ExaminationForm, Examination, "motor_l5_left", "0", 0),
    (ExaminationForm, Examination, "motor_l5_left", "5", 5),
    (ExaminationForm, Examination, "reflex_patellar_right", "4", 4),
    (ExaminationForm, Examination, "sensation_c6_left", "reduced", "reduced"),
    (QuestionnairesForm, Questionnaires, "odi_1", "0", 0),
    (QuestionnairesForm, Questionnaires, "startback_9", "4", 4),
    (PlanForm, Plan, "follow_up_weeks", "52", 52),
])
def test_a_value_at_a_bound_is_kept(form_class, model, name, value, stored, visit):
    form = form_for(form_class, model, visit, {name: value})
    assert form.is_valid(), form.errors
    assert getattr(form.save(), name) == stored


# Tri-state answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(("posted", "stored", "checked"), [
    ("true", True, "true"),
    ("false", False, "false"),
    ("unknown", None, "unknown"),
    (None, None, "unknown"),
])
def test_tri_state_round_trip(posted, stored, checked, visit):
    data = {} if posted is None else {"saddle_numbness": posted}
    form = form_for(HistoryForm, History, visit, data)
    assert form.is_valid(), form.errors
    record = form.save()
    record.refresh_from_db()
    assert record.saddle_numbness is stored
    html = render_crispy_form(HistoryForm(instance=record))
    assert re.search(rf'name="saddle_numbness" value="{checked}" id="[^"]+" checked', html)


def test_tri_state_radios_offer_not_asked_as_an_answer(visit):
    html = render_crispy_form(form_for(HistoryForm, History, visit))
    block = html[html.index('id="div_id_fever"'):html.index('id="div_id_unexplained_weight_loss"')]
    assert [label.strip() for label in re.findall(r'class="form-check-label">([^<]+)<', block)] == [
        "Yes", "No", "Not asked"]


@pytest.mark.parametrize(("posted", "stored"), [("true", True), ("false", False),
                                                ("unknown", None)])
def test_paired_signs_are_yes_no_or_not_examined(posted, stored, visit):
    form = form_for(ExaminationForm, Examination, visit, {"babinski_left": posted})
    assert form.is_valid(), form.errors
    record = form.save()
    assert record.babinski_left is stored
    assert record.babinski_right is None


# Lists where "none" stands alone --------------------------------------------------------------


@pytest.mark.parametrize(("form_class", "model", "name", "values", "label"), [
    (HistoryForm, History, "radiation", ["none", "thigh"], "None"),
    (HistoryForm, History, "relieving", ["rest", "nothing"], "Nothing helps"),
    (HistoryForm, History, "prior_treatments", ["none", "nsaid"], "None"),
    (PlanForm, Plan, "medications", ["none", "nsaid"], "None"),
    (PlanForm, Plan, "referrals", ["rheumatology", "none"], "None"),
])
def test_none_cannot_be_combined_with_other_answers(form_class, model, name, values, label,
                                                     visit):
    form = form_for(form_class, model, visit, {name: values})
    assert not form.is_valid()
    assert form.errors[name] == [f"“{label}” cannot be combined with other answers."]


def test_none_alone_and_several_answers_are_valid(visit):
    form = form_for(PlanForm, Plan, visit, {"medications": ["none"],
                                            "referrals": ["rheumatology", "neurology"]})
    assert form.is_valid(), form.errors


def test_an_unknown_list_value_is_an_error(visit):
    form = form_for(HistoryForm, History, visit, {"regions": ["lumbar", "knee"]})
    assert not form.is_valid()
    assert list(form.errors) == ["regions"]


def test_an_invalid_inline_choice_shows_its_message(visit):
    # crispy-bootstrap5's inline template hides this message under Bootstrap 5.3.
    form = form_for(HistoryForm, History, visit, {"radiation": ["none", "thigh"]})
    form.is_valid()
    html = render_crispy_form(form)
    block = html[html.index('id="div_id_radiation"'):html.index('id="div_id_radiation_side"')]
    assert 'class="invalid-feedback d-block"' in block
    assert "cannot be combined with other answers" in block
    assert 'aria-describedby="id_radiation_error"' in block


# History rules ------------------------------------------------------------------------------


@pytest.mark.parametrize("radiation", [[], ["none"]])
def test_radiation_side_without_radiation_is_an_error(radiation, visit):
    form = form_for(HistoryForm, History, visit, {"radiation": radiation,
                                                  "radiation_side": "left"})
    assert not form.is_valid()
    assert list(form.errors) == ["radiation_side"]


def test_radiation_side_with_radiation_is_valid(visit):
    form = form_for(HistoryForm, History, visit, {"radiation": ["thigh", "below_knee"],
                                                  "radiation_side": "left"})
    assert form.is_valid(), form.errors


def test_onset_after_the_visit_date_is_an_error(visit):
    visit.visit_date = datetime.date(2025, 3, 10)
    form = form_for(HistoryForm, History, visit, {"onset_date": "2025-03-11"})
    assert not form.is_valid()
    assert form.errors["onset_date"] == ["The episode cannot start after the visit date."]


def test_onset_on_the_visit_date_is_valid(visit):
    visit.visit_date = datetime.date(2025, 3, 10)
    form = form_for(HistoryForm, History, visit, {"onset_date": "2025-03-10"})
    assert form.is_valid(), form.errors


def test_onset_without_a_visit_is_checked_against_today(db):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    form = HistoryForm({"onset_date": tomorrow.isoformat()})
    assert not form.is_valid()
    assert list(form.errors) == ["onset_date"]


@pytest.mark.parametrize(("controller", "values", "dependent"), [
    ("radiation", "buttock,thigh,below_knee,foot,groin,shoulder,upper_arm,forearm_hand,"
                  "chest_wall,abdomen", "radiation_side"),
    ("numbness", "true", "numbness_areas"),
    ("weakness", "true", "weakness_progressive"),
    ("cancer_history", "true", "cancer_metastatic"),
])
def test_dependent_questions_are_marked_for_the_script(controller, values, dependent, visit):
    html = render_crispy_form(form_for(HistoryForm, History, visit))
    [opening] = [tag for tag in re.findall(r"<div\b[^>]*>", html)
                 if f'data-show-when="{controller}"' in tag]
    assert f'data-show-values="{values}"' in opening
    assert 'class="conditional' in opening
    after = html[html.index(opening) + len(opening):]
    assert after.lstrip().startswith(f'<div id="div_id_{dependent}"')


def test_history_fieldsets_follow_the_clinical_order(visit):
    html = render_crispy_form(form_for(HistoryForm, History, visit))
    legends = re.findall(r"<legend>([^<]+)</legend>", html)
    assert legends == [
        "Location and course",
        "Neurological symptoms",
        "Bladder, bowel and sexual function (cauda equina screen)",
        "Systemic context",
        "Course, treatment and function",
        "History in words",
    ]


# Questionnaires ---------------------------------------------------------------------------


def test_questionnaires_use_neutral_section_titles(visit):
    form = form_for(QuestionnairesForm, Questionnaires, visit)
    assert form.fields["odi_1"].label == "Section 1: Pain intensity"
    assert form.fields["odi_10"].label == "Section 10: Travelling"
    assert form.fields["ndi_4"].label == "Item 4: Reading"


def test_startback_is_offered_without_a_history_with_keeles_statement(visit):
    form = form_for(QuestionnairesForm, Questionnaires, visit)
    assert len(startback(form)) == 9
    html = render_crispy_form(form)
    assert STARTBACK_COPYRIGHT in html
    assert "Keele University" in html


@pytest.mark.parametrize("regions", [["lumbar"], ["sacral"], ["cervical", "lumbar"], []])
def test_startback_is_offered_for_low_back_pain(regions, visit):
    History.objects.create(visit=visit, regions=regions)
    form = form_for(QuestionnairesForm, Questionnaires, visit)
    assert len(startback(form)) == 9


def test_startback_is_left_out_for_neck_pain_and_says_why(visit):
    History.objects.create(visit=visit, regions=["cervical"])
    saved = Questionnaires.objects.create(visit=visit, startback_1=1)
    form = QuestionnairesForm({"odi_1": "2"}, instance=saved)
    assert startback(form) == set()
    html = render_crispy_form(form)
    assert "validated for low back pain only" in html
    assert "startback_1" not in html
    assert form.is_valid(), form.errors
    record = form.save()
    # Answers saved before the regions changed are not erased by a form that does not show them.
    assert (record.odi_1, record.startback_1) == (2, 1)


def test_startback_answers_are_stored(visit):
    data = {f"startback_{n}": "1" for n in range(1, 9)} | {"startback_9": "3"}
    form = form_for(QuestionnairesForm, Questionnaires, visit, data)
    assert form.is_valid(), form.errors
    record = form.save()
    assert [getattr(record, f"startback_{n}") for n in range(1, 10)] == [1] * 8 + [3]


# Examination ----------------------------------------------------------------------------


def grid_table(html, css_id):
    start = html.index(f'id="{css_id}"')
    return html[start:html.index("</table>", start)]


def test_exam_grids_render_a_table_row_per_root(visit):
    html = render_crispy_form(form_for(ExaminationForm, Examination, visit))
    for css_id in ("div_id_motor", "div_id_sensation"):
        table = grid_table(html, css_id)
        assert re.findall(r'<th scope="row">([^<]+)</th>', table) == list(ROOTS)
        assert table.count("<select") == 20
    motor = grid_table(html, "div_id_motor")
    assert "Great toe extension" in motor
    assert "Dorsum of foot, lateral leg" in grid_table(html, "div_id_sensation")
    assert grid_table(html, "div_id_reflexes").count("<select") == 10


def test_every_grid_input_has_an_accessible_label(visit):
    html = render_crispy_form(form_for(ExaminationForm, Examination, visit))
    for css_id in ("div_id_motor", "div_id_sensation", "div_id_reflexes", "div_id_signs"):
        table = grid_table(html, css_id)
        controls = re.findall(r"<(?:select|input)\b[^>]*>", table)
        assert controls
        assert all('aria-label="' in control for control in controls), css_id
    assert 'aria-label="L5 motor (great toe extension), left"' in html


def test_a_grid_error_shows_in_its_cell(visit):
    form = form_for(ExaminationForm, Examination, visit, {"motor_l5_left": "6"})
    assert not form.is_valid()
    table = grid_table(render_crispy_form(form), "div_id_motor")
    cell = table[table.index('name="motor_l5_left"'):]
    cell = cell[:cell.index("</td>")]
    assert "is-invalid" in cell
    assert 'aria-describedby="id_motor_l5_left_error"' in cell
    assert 'id="id_motor_l5_left_error" class="invalid-feedback d-block"' in cell


def test_grid_grades_offer_an_empty_not_examined_option(visit):
    form = form_for(ExaminationForm, Examination, visit)
    assert form.fields["motor_s1_right"].choices[0] == ("", "–")
    assert [c for c, _ in form.fields["reflex_biceps_left"].choices] == ["", 0, 1, 2, 3, 4]


def test_a_saved_exam_shows_its_grades(visit):
    record = Examination.objects.create(visit=visit, motor_l5_left=3, sensation_s1_right="absent",
                                        slr_left=True, slr_angle_left=40)
    html = render_crispy_form(ExaminationForm(instance=record))
    assert re.search(r'name="motor_l5_left"[^>]*>.*?<option value="3" selected>', html, re.S)
    assert re.search(r'name="sensation_s1_right"[^>]*>.*?<option value="absent" selected>',
                     html, re.S)
    assert 'name="slr_angle_left" value="40"' in html


def test_a_full_exam_converts_to_the_engines_findings(visit):
    form = form_for(ExaminationForm, Examination, visit, {
        "gait": "antalgic", "motor_l5_left": "4", "motor_l5_right": "5",
        "reflex_achilles_left": "1", "slr_left": "true", "slr_right": "false",
        "slr_angle_left": "40", "saddle_sensation": "normal", "midline_tenderness": "false",
    })
    assert form.is_valid(), form.errors
    findings = form.save().to_findings()
    assert findings["motor"] == {"L5": {"left": 4, "right": 5}}
    assert findings["reflexes"] == {"achilles": {"left": 1, "right": None}}
    assert findings["slr"] == {"left": True, "right": False}
    assert findings["midline_tenderness"] is False


# Diagnostics -----------------------------------------------------------------------------


def management(total, initial=0):
    return {"studies-TOTAL_FORMS": str(total), "studies-INITIAL_FORMS": str(initial)}


def test_a_blank_extra_study_is_neither_saved_nor_an_error(visit):
    formset = StudyFormSet(management(1), instance=visit, prefix="studies")
    assert formset.is_valid(), formset.errors
    assert formset.save() == []
    assert not DiagnosticStudy.objects.exists()


def test_a_study_is_saved_with_its_findings(visit):
    data = management(1) | {
        "studies-0-modality": "mri", "studies-0-region": "lumbar",
        "studies-0-status": "resulted", "studies-0-date": "2025-01-05",
        "studies-0-findings": ["disc_herniation", "stenosis"],
        "studies-0-impression": "L4-5 disc protrusion.",
    }
    formset = StudyFormSet(data, instance=visit, prefix="studies")
    assert formset.is_valid(), formset.errors
    [study] = formset.save()
    assert study.findings == ["disc_herniation", "stenosis"]
    assert study.visit == visit


def test_an_existing_study_can_be_removed(visit):
    study = DiagnosticStudy.objects.create(visit=visit, modality="xray", region="lumbar",
                                           status="ordered")
    data = management(2, initial=1) | {
        "studies-0-id": str(study.pk), "studies-0-visit": str(visit.pk),
        "studies-0-modality": "xray", "studies-0-region": "lumbar",
        "studies-0-status": "ordered", "studies-0-DELETE": "on",
    }
    formset = StudyFormSet(data, instance=visit, prefix="studies")
    assert formset.is_valid(), formset.errors
    formset.save()
    assert not DiagnosticStudy.objects.exists()


def test_a_started_study_needs_its_kind(visit):
    data = management(1) | {"studies-0-findings": ["normal"]}
    formset = StudyFormSet(data, instance=visit, prefix="studies")
    assert not formset.is_valid()
    assert set(formset.errors[0]) == {"modality", "region", "status"}


@pytest.mark.parametrize(("name", "value"), [
    ("date", (datetime.date.today() + datetime.timedelta(days=7)).isoformat()),
    ("impression", "x" * 4001),
    ("findings", ["normal", "ghost"]),
])
def test_study_field_errors(name, value, db):
    data = {"modality": "mri", "region": "lumbar", "status": "resulted", name: value}
    form = StudyForm(data)
    assert not form.is_valid()
    assert list(form.errors) == [name]


def test_the_study_forms_render_their_formset_fields(visit):
    DiagnosticStudy.objects.create(visit=visit, modality="xray", region="lumbar",
                                   status="ordered")
    formset = StudyFormSet(instance=visit, prefix="studies")
    saved, extra = formset.forms
    names = rendered_names(saved)
    assert {"studies-0-id", "studies-0-DELETE", "studies-0-findings"} <= names
    assert "Remove this study" in render_crispy_form(saved)
    assert "studies-1-modality" in rendered_names(extra)


# Assessment -------------------------------------------------------------------------------


def assessment_form(visit, data=None, engine=ENGINE, record=None):
    return AssessmentForm(data, instance=record or Assessment(visit=visit), engine=engine)


def test_confirmed_patterns_start_from_the_engine(visit):
    form = assessment_form(visit)
    assert form.initial["confirmed_patterns"] == ["radicular"]
    choices = dict(form.fields["confirmed_patterns"].choices)
    assert choices["radicular"] == "Radicular pain (suggested)"


def test_saved_patterns_are_not_replaced_by_the_engines(visit):
    record = Assessment.objects.create(visit=visit, confirmed_patterns=["axial_mechanical"],
                                       override_reason="Pain is axial on examination.")
    form = assessment_form(visit, record=record)
    assert form.initial["confirmed_patterns"] == ["axial_mechanical"]


def test_agreeing_with_the_engine_needs_no_reason(visit):
    form = assessment_form(visit, {"confirmed_patterns": ["radicular"],
                                   "acknowledged_red_flags": ["cauda_equina_risk"]})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("confirmed", [[], ["axial_mechanical"], ["radicular", "inflammatory"]])
def test_differing_from_the_engine_needs_a_reason(confirmed, visit):
    form = assessment_form(visit, {"confirmed_patterns": confirmed})
    assert not form.is_valid()
    assert list(form.errors) == ["override_reason"]
    with_reason = assessment_form(visit, {"confirmed_patterns": confirmed,
                                          "override_reason": "SLR negative, no leg pain."})
    assert with_reason.is_valid(), with_reason.errors


def test_without_the_engines_output_no_reason_is_asked(visit):
    form = assessment_form(visit, {"confirmed_patterns": ["radicular"]}, engine=None)
    assert form.is_valid(), form.errors


def test_a_pattern_without_engine_patterns_needs_a_reason(visit):
    form = assessment_form(visit, {"confirmed_patterns": ["radicular"]}, engine={})
    assert list(form.errors) == ["override_reason"]


def test_suggested_diagnoses_come_first_and_are_marked(visit):
    choices = assessment_form(visit).fields["diagnoses"].choices
    assert choices[0] == ("M54.16", "M54.16 Radiculopathy, lumbar region (suggested)")
    assert choices[1] == ("M54.42", "M54.42 Lumbago with sciatica, left side (suggested)")
    assert len(choices) == len(ICD10_TEXT)  # the table of docs/clinical-rules.md
    assert all("(suggested)" not in label for _, label in choices[2:])
    assert "M54.5" not in [code for code, _ in choices]


def test_other_codes_are_validated_and_merged(visit):
    form = assessment_form(visit, {"confirmed_patterns": ["radicular"],
                                   "diagnoses": ["M54.16"],
                                   "other_diagnoses": "m51.16, M54.16 ,M43.16"})
    assert form.is_valid(), form.errors
    record = form.save()
    assert record.diagnoses == ["M54.16", "M51.16", "M43.16"]
    again = assessment_form(visit, record=record)
    assert again.initial["diagnoses"] == ["M54.16"]
    assert again.initial["other_diagnoses"] == "M51.16, M43.16"


def test_m54_5_is_rejected_as_a_header_code(visit):
    form = assessment_form(visit, {"confirmed_patterns": ["radicular"],
                                   "other_diagnoses": "M54.5"})
    assert not form.is_valid()
    assert list(form.errors) == ["other_diagnoses"]
    assert "M54.5 is a header (Low back pain), not a diagnosis" in form.errors["other_diagnoses"][0]
    assert "M54.50, M54.51, M54.59" in form.errors["other_diagnoses"][0]


@pytest.mark.parametrize("code", ["54.16", "M5", "M54.123456", "MM54", "back pain"])
def test_a_code_of_the_wrong_shape_is_rejected(code, visit):
    form = assessment_form(visit, {"confirmed_patterns": ["radicular"],
                                   "other_diagnoses": code})
    assert list(form.errors) == ["other_diagnoses"]


def test_low_back_pain_is_not_coded_with_sciatica(visit):
    form = assessment_form(visit, {"confirmed_patterns": ["radicular"],
                                   "diagnoses": ["M54.50", "M54.42"]})
    assert list(form.errors) == ["diagnoses"]


def test_one_checkbox_per_current_red_flag(visit):
    record = Assessment.objects.create(visit=visit,
                                       acknowledged_red_flags=["malignancy", "spinal_fracture"])
    form = assessment_form(visit, record=record)
    assert form.fields["acknowledged_red_flags"].choices == [
        ("cauda_equina_risk", "Risk of cauda equina syndrome (urgent)"),
        ("malignancy", "Malignancy (urgent)"),
    ]
    assert form.initial["acknowledged_red_flags"] == ["malignancy"]
    submitted = assessment_form(visit, {"confirmed_patterns": ["radicular"],
                                        "acknowledged_red_flags": ["cauda_equina_risk",
                                                                   "malignancy"]},
                                record=record)
    assert submitted.is_valid(), submitted.errors
    assert submitted.save().acknowledged_red_flags == ["cauda_equina_risk", "malignancy"]


def test_no_red_flag_checkboxes_without_flags(visit):
    form = assessment_form(visit, engine={"patterns": [], "red_flags": []})
    assert "acknowledged_red_flags" not in form.fields
    assert "No red flag is raised" in render_crispy_form(form)


def test_a_flag_raised_later_is_not_covered_by_an_old_review(visit):
    record = Assessment.objects.create(visit=visit, acknowledged_red_flags=["malignancy"])
    form = assessment_form(visit, {"confirmed_patterns": ["radicular"],
                                   "acknowledged_red_flags": ["malignancy"]}, record=record)
    assert form.is_valid(), form.errors
    assert unreviewed_flags(["cauda_equina_risk", "malignancy"],
                            form.save().acknowledged_red_flags) == ["cauda_equina_risk"]


@pytest.mark.parametrize(("form_class", "model"), STEP_FORMS)
def test_what_one_form_changes_in_its_fields_no_other_form_shows(form_class, model):
    """Each form works on copies of its class's fields (forms/base.py, copied_field): a mark,
    a list of choices or a widget attribute set for one patient's page never appears on the
    next one's."""
    before = form_class()
    render_crispy_form(before)
    first = form_class()
    for field in first.fields.values():
        field.help_text = "first patient's mark"
        field.widget.attrs["data-first"] = "1"
        for choices in (getattr(field.widget, "choices", None), getattr(field, "choices", None)):
            if isinstance(choices, list):
                choices.append(("first", "first patient's choice"))
        field.validators.append(lambda value: None)
        field.error_messages["first"] = "first"
    second = form_class()
    html = render_crispy_form(second)
    assert "first patient" not in html and "data-first" not in html
    for name, field in second.fields.items():
        as_before = before.fields[name]
        assert len(field.validators) == len(as_before.validators), name
        assert field.error_messages == as_before.error_messages, name
        assert getattr(field, "choices", None) == getattr(as_before, "choices", None), name
        assert field.widget.attrs == as_before.widget.attrs, name
        assert getattr(field.widget, "choices", None) == getattr(as_before.widget, "choices",
                                                                 None), name


@pytest.mark.parametrize(("form_class", "model"), STEP_FORMS)
def test_no_step_form_has_media_the_page_would_leave_out(form_class, model):
    """The step forms' helpers leave out form media (forms/base.py): every script a step page
    needs is in its template, and no widget may bring one that would then be missing."""
    form = form_class()
    assert form.helper.include_media is False
    assert not form.media._js and not form.media._css


def test_forms_laid_out_alike_each_show_their_own_buttons_once():
    """Forms of the same shape share their laid-out fieldsets (forms/declared.py): the
    quick-answer buttons one form inserts never pile up in the next one's."""
    pages = [render_crispy_form(HistoryForm()) for _ in range(3)]
    assert pages[0].count("data-quick-answers") > 0
    assert pages[0] == pages[1] == pages[2]
