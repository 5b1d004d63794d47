"""What a step save costs: no query per check constraint (each vocabulary constraint repeats
its field's choices or bounds, which the form and `clean_fields` check beside the field and the
database checks on every write: backpain/visits/models/fields.py), and the visit read once
(the assessment at the end of the save reads the visit the save holds)."""

import decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from backpain.visits.forms.diagnostics import StudyForm
from backpain.visits.models import (
    DiagnosticStudy,
    Examination,
    History,
    Labs,
    Plan,
    Questionnaires,
)
from backpain.visits.steps import STEPS_BY_SLUG

SAVED_STEP_QUERIES = 22  # 100 for a history and 220 for an exam before (on SQLite); 29
# before the save assessed the visit it holds instead of reading it again; 27 before the
# user's own and role permissions were read in one query; 26 before the assessment was stored
# by one UPDATE (not update_or_create's savepoint, locked read and update) and the saver's
# draft was discarded in the save's transaction; 23 before a save from the visit's current
# version stopped looking for newer revisions of the step (there can be none)

# (model, form) of every step whose model carries vocabulary constraints.
CONSTRAINED = [(History, STEPS_BY_SLUG["history"].form_class),
               (Questionnaires, STEPS_BY_SLUG["questionnaires"].form_class),
               (Examination, STEPS_BY_SLUG["examination"].form_class),
               (Labs, STEPS_BY_SLUG["diagnostics"].form_class),
               (Plan, STEPS_BY_SLUG["plan"].form_class),
               (DiagnosticStudy, StudyForm)]


def constrained_fields(model):
    """(constraint name, field) of each check that repeats a field's own rule."""
    fields = {f"{model._meta.model_name}_{field.name}_valid": field
              for field in model._meta.local_fields}
    return [(name, fields.get(name)) for name in sorted(model.field_rule_constraints)]


def breaking_value(field):
    """A value the field's rule refuses: past the upper bound, or outside the vocabulary."""
    if hasattr(field, "bounds"):
        high = field.bounds[1]
        return decimal.Decimal(high) + 1 if hasattr(field, "decimal_places") else high + 1
    return "not-in-the-vocabulary"


@pytest.mark.parametrize("slug", ["history", "examination"])
def test_a_step_save_reads_the_visit_once_and_checks_no_constraint_by_query(
        physician_client, ready_visit, slug, django_assert_num_queries):
    url = reverse("visits:step", kwargs={"pk": ready_visit.pk, "slug": slug})
    form = physician_client.get(url).context["form"]
    posted = {name: form[name].value() for name in form.fields
              if form[name].value() not in (None, [])}
    posted = {name: ("true" if value is True else "false" if value is False else value)
              for name, value in posted.items()}
    with django_assert_num_queries(SAVED_STEP_QUERIES):
        response = physician_client.post(url, {**posted, "version": ready_visit.version,
                                               "pain_now": 4})
    assert response.status_code == 302
    ready_visit.refresh_from_db()
    assert ready_visit.version == 2


@pytest.mark.parametrize(("model", "form_class"), CONSTRAINED,
                         ids=[model.__name__ for model, _ in CONSTRAINED])
def test_every_skipped_constraint_is_a_field_message_in_the_form(visit, model, form_class):
    checked = constrained_fields(model)
    assert checked
    for name, field in checked:
        if field is None:  # the studies' one constraint on three fields
            for column in ("modality", "region", "status"):
                form = form_class({column: "not-in-the-vocabulary"},
                                  instance=model(visit=visit))
                assert column in form.errors, (name, column)
            continue
        form = form_class({field.name: str(breaking_value(field))}, instance=model(visit=visit))
        assert field.name in form.errors or field.name in getattr(form, "not_asked", ()), name


@pytest.mark.parametrize("model", [model for model, _ in CONSTRAINED],
                         ids=[model.__name__ for model, _ in CONSTRAINED])
def test_every_skipped_constraint_is_still_enforced_by_the_database(visit, model):
    values = ({"modality": "mri", "region": "lumbar", "status": "resulted"}
              if model is DiagnosticStudy else {})
    record = model.objects.create(visit=visit, **values)
    for name, field in constrained_fields(model):
        column, value = ("modality", "x-ray-vision") if field is None else (
            field.name, breaking_value(field))
        with pytest.raises(IntegrityError, match=name), transaction.atomic():
            model.objects.filter(pk=record.pk).update(**{column: value})
