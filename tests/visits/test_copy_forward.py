"""Copy-forward (docs/findings.md, "Copy-forward"): a follow-up starts from the last signed
visit. Stable history items are proposed and marked "confirm", symptoms and scores never; the
examination shows the last values; changes are highlighted; nothing is saved until the user
saves the step."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from backpain.clinical import dictionary
from backpain.visits.models import Examination, History, Questionnaires
from tests.factories import VisitFactory
from tests.security.helpers import post_step

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
BEFORE = TODAY - datetime.timedelta(days=42)
STABLE = {item.name for item in dictionary.findings_of("history") if item.stable}


class StepFormValues(HTMLParser):
    """What a browser posts from the step form: checked boxes and radios, selected options,
    typed values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values, self._select, self._textarea, self._in_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "step-form":
            self._in_form = True
        if not self._in_form or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            self.values.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self.values.setdefault(name, []).append("")

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def as_browser_posts(page):
    parser = StepFormValues()
    parser.feed(page.content.decode())
    return parser.values


def step_page(client, visit, slug):
    page = client.get(reverse("visits:step", kwargs={"pk": visit.pk, "slug": slug}))
    assert page.status_code == 200
    return page


def field_block(page, name):
    """The rendered wrapper of one question: its inputs, help text and marks."""
    html = page.content.decode()
    start = html.index(f'id="div_id_{name}"')
    end = html.find('id="div_id_', start + 1)
    return html[start:end]


@pytest.fixture
def exam_extra():
    """More of the last visit's examination (a test overrides it by parametrizing)."""
    return {}


@pytest.fixture
def last_signed(patient, intake, physician, exam_extra):
    visit = VisitFactory(patient=patient, visit_date=BEFORE, created_by=intake,
                         assigned_physician=physician)
    History.objects.create(visit=visit, regions=["lumbar"], onset="gradual", pain_now=7,
                           saddle_numbness=False, cancer_history=True, cancer_metastatic=False,
                           diabetes=True, osteoporosis=False, smoker=True,
                           prior_treatments=["physiotherapy"], weakness=True)
    Examination.objects.create(visit=visit, gait="normal", motor_l5_left=4, motor_l5_right=5,
                               slr_left=True, **exam_extra)
    Questionnaires.objects.create(visit=visit, odi_1=3)
    visit.status = "signed"
    visit.save()
    return visit


@pytest.fixture
def follow_up(patient, intake, physician, last_signed):
    return VisitFactory(patient=patient, visit_type="follow_up", created_by=intake,
                        assigned_physician=physician)


def test_stable_items_are_proposed_and_marked_to_confirm(intake_client, follow_up):
    page = step_page(intake_client, follow_up, "history")
    posted = as_browser_posts(page)
    when = re.escape(BEFORE.strftime("%-d")) + r"\W"
    for name, value in (("cancer_history", "true"), ("diabetes", "true"),
                        ("osteoporosis", "false"), ("smoker", "true")):
        assert posted[name] == [value], name
        block = field_block(page, name)
        assert "carried-forward" in block and re.search(when, block), name
        assert "confirm" in block
    assert posted["prior_treatments"] == ["physiotherapy"]
    assert 'id="carried-forward"' in page.content.decode()


def test_symptoms_and_scores_are_never_copied(intake_client, physician_client, follow_up):
    posted = as_browser_posts(step_page(intake_client, follow_up, "history"))
    for name in ("pain_now", "onset", "saddle_numbness", "weakness"):
        assert posted.get(name, [""]) in ([""], ["unknown"]), name
    assert "regions" not in posted  # where it hurts is asked again
    questionnaires = as_browser_posts(step_page(intake_client, follow_up, "questionnaires"))
    assert questionnaires.get("odi_1", [""]) == [""]
    exam = as_browser_posts(step_page(physician_client, follow_up, "examination"))
    assert exam.get("motor_l5_left", [""]) == [""] and exam.get("gait", [""]) == [""]


def test_only_stable_items_are_carried(follow_up):
    from backpain.visits.copy_forward import last_visit
    from backpain.visits.steps import step_for

    last = last_visit(step_for("history"), follow_up)
    assert set(last.carried) == {"cancer_history", "cancer_metastatic", "diabetes",
                                 "osteoporosis", "smoker", "prior_treatments"}
    assert set(last.carried) <= STABLE
    assert "pain_now" not in STABLE and "regions" not in STABLE


def test_nothing_is_saved_until_the_user_saves(intake_client, follow_up):
    page = step_page(intake_client, follow_up, "history")
    assert not History.objects.filter(visit=follow_up).exists()
    posted = as_browser_posts(page)
    posted.update({"regions": ["lumbar"], "onset": ["gradual"], "pain_now": ["3"]})
    assert post_step(intake_client, follow_up, "history", posted).status_code == 302
    saved = History.objects.get(visit=follow_up)
    assert (saved.cancer_history, saved.diabetes, saved.osteoporosis, saved.smoker) == (
        True, True, False, True)
    assert saved.prior_treatments == ["physiotherapy"] and saved.pain_now == 3
    after = step_page(intake_client, follow_up, "history")
    assert "confirm" not in field_block(after, "cancer_history")
    assert 'id="carried-forward"' not in after.content.decode()


def test_handing_over_an_untouched_proposal_saves_it(intake_client, follow_up):
    posted = as_browser_posts(step_page(intake_client, follow_up, "history"))
    posted.update({"regions": ["lumbar"], "onset": ["gradual"], "pain_now": ["3"],
                   "complete_intake": [""]})
    post_step(intake_client, follow_up, "history", posted)
    assert History.objects.get(visit=follow_up).cancer_history is True


def test_a_changed_stable_item_is_highlighted_with_what_it_was(intake_client, follow_up):
    posted = as_browser_posts(step_page(intake_client, follow_up, "history"))
    posted.update({"regions": ["lumbar"], "onset": ["gradual"], "pain_now": ["3"],
                   "diabetes": ["false"]})
    post_step(intake_client, follow_up, "history", posted)
    block = field_block(step_page(intake_client, follow_up, "history"), "diabetes")
    assert re.search(r'<mark class="changed-since-last">Changed since the visit of [^<]+'
                     r'\(was: Yes\)\.</mark>', block)
    assert "changed-since-last" not in field_block(
        step_page(intake_client, follow_up, "history"), "cancer_history")


def test_an_invalid_post_keeps_the_carried_values_and_their_marks(intake_client, follow_up):
    posted = as_browser_posts(step_page(intake_client, follow_up, "history"))
    posted.update({"pain_now": ["11"]})
    page = post_step(intake_client, follow_up, "history", posted)
    assert page.status_code == 200
    assert as_browser_posts(page)["cancer_history"] == ["true"]
    assert "confirm" in field_block(page, "cancer_history")
    assert not History.objects.filter(visit=follow_up).exists()


def last_value_cell(page, name):
    html = page.content.decode()
    match = re.search(rf'<div id="id_{name}_last" class="small">(.*?)</div>', html, re.S)
    return match.group(1) if match else None


def test_the_examination_shows_the_last_value_beside_each_field(physician_client, follow_up):
    page = step_page(physician_client, follow_up, "examination")
    html = page.content.decode()
    assert "4" in last_value_cell(page, "motor_l5_left")
    assert "Visit of" in last_value_cell(page, "motor_l5_left")
    assert re.search(r'name="motor_l5_left"[^>]*aria-describedby="id_motor_l5_left_last"'
                     r'|aria-describedby="id_motor_l5_left_last"[^>]*name="motor_l5_left"', html)
    assert "Visit of" in field_block(page, "gait") and "Normal" in field_block(page, "gait")
    assert last_value_cell(page, "motor_s1_left") is None  # not examined last time


def test_an_examination_change_is_highlighted(physician_client, follow_up):
    posted = as_browser_posts(step_page(physician_client, follow_up, "examination"))
    posted.update({"gait": ["normal"], "motor_l5_left": ["3"], "motor_l5_right": ["5"]})
    assert post_step(physician_client, follow_up, "examination", posted).status_code == 302
    page = step_page(physician_client, follow_up, "examination")
    assert "changed-since-last" in last_value_cell(page, "motor_l5_left")
    assert "(was: 4)" in last_value_cell(page, "motor_l5_left")
    assert "changed-since-last" not in last_value_cell(page, "motor_l5_right")


def test_a_new_patient_visit_starts_blank(intake_client, patient, intake, physician,
                                         last_signed):
    new = VisitFactory(patient=patient, visit_type="new", created_by=intake,
                       assigned_physician=physician)
    page = step_page(intake_client, new, "history")
    assert as_browser_posts(page).get("cancer_history") == ["unknown"]
    assert "carried-forward" not in page.content.decode()


def test_a_visit_signed_after_this_one_is_not_the_last_visit(intake_client, patient, intake,
                                                             physician, last_signed):
    earlier = VisitFactory(patient=patient, visit_type="follow_up", created_by=intake,
                           assigned_physician=physician,
                           visit_date=BEFORE - datetime.timedelta(days=1))
    assert as_browser_posts(step_page(intake_client, earlier, "history")).get(
        "cancer_history") == ["unknown"]


@pytest.mark.parametrize("exam_extra", [{"comment": '<img src=x id="injected">'}])
def test_a_last_value_typed_as_markup_is_shown_as_text(physician_client, follow_up):
    # Recorded before signing: a signed visit's steps cannot change (PostgreSQL refuses).
    block = field_block(step_page(physician_client, follow_up, "examination"), "comment")
    assert "&lt;img src=x" in block and 'id="injected"' not in block
