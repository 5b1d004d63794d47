"""Every finding of docs/findings.md that was recorded is printed in the signed PDF: a note that
silently drops a finding is the most common complaint about other systems' printouts."""

import datetime
import re
import subprocess
from decimal import Decimal

from django.db import models
from django.urls import reverse

from backpain.clinical import dictionary
from backpain.clinical.dictionary import ItemList
from backpain.notes.grouping import is_negative, short_label
from backpain.notes.models import NoteVersion
from backpain.visits import vocabulary as v
from backpain.visits.display import display_value
from backpain.visits.models import (
    Assessment,
    DiagnosticStudy,
    Examination,
    History,
    Labs,
    Plan,
    Questionnaires,
)
from tests.factories import TEST_PASSWORD

GRID_COLUMNS = {column for column, path in dictionary.column_paths(dictionary.section("exam"))
                if isinstance(dictionary.declaration(path), dictionary.Grid)}


def distinctive(field, index):
    """A value for every kind of finding field, varied so values do not all read alike."""
    vocabulary = getattr(field, "vocabulary", None)
    if vocabulary is not None:  # a list: two values that may stand together
        values = [value for value in vocabulary.values if value not in ("none", "nothing")]
        return values[index % len(values):][:2] or values[:1]
    if field.choices:
        values = [value for value, _ in field.choices]
        return values[(index % (len(values) - 1)) + 1] if len(values) > 1 else values[0]
    if isinstance(field, models.BooleanField):
        return index % 2 == 0
    if isinstance(field, models.DecimalField):
        return Decimal("38.4") if "temperature" in field.name else Decimal(f"{11 + index}.5")
    if isinstance(field, models.DateField):
        return datetime.date.today() - datetime.timedelta(days=30 + index)
    if isinstance(field, models.TextField | models.CharField):
        return f"Distinctive note {field.name} {index}"
    low, high = getattr(field, "bounds", (0, 5))
    return low + (index % (high - low + 1))


def fill(model, visit, **fixed):
    values = {}
    for index, name in enumerate(model.finding_field_names()):
        values[name] = distinctive(model._meta.get_field(name), index)
    values.update(fixed)
    return model.objects.create(visit=visit, **values)


def flat(text):
    return re.sub(r"\s+", "", text)


def test_every_recorded_finding_is_in_the_pdf(physician_client, ready_visit):
    visit = ready_visit
    for model in (History, Examination, Assessment, Plan):
        model.objects.filter(visit=visit).delete()
    records = [
        fill(History, visit, radiation=["below_knee", "foot"], radiation_side="left",
             onset_date=visit.visit_date - datetime.timedelta(days=20)),
        fill(Examination, visit),
        fill(Questionnaires, visit),
        fill(Labs, visit),
        fill(DiagnosticStudy, visit, date=visit.visit_date),
        fill(Plan, visit),
    ]
    from backpain.visits.assessments import assessment_of as assess_visit
    from backpain.visits.services import visit_with_steps

    flags = assess_visit(visit_with_steps(visit.pk)).flag_codes
    Assessment.objects.create(visit=visit, confirmed_patterns=["radicular"],
                              override_reason="Distinctive override reason",
                              diagnoses=["M54.16", "M54.42"], acknowledged_red_flags=flags)

    response = physician_client.post(reverse("notes:sign", kwargs={"pk": visit.pk}),
                                     {"username": "physician", "password": TEST_PASSWORD,
                                      "meaning": "authored"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    pdf_path = NoteVersion.objects.get(visit=visit).pdf.path
    # -raw: the text in the order it was drawn, so a label wrapped inside a two-column row
    # is read whole, not interleaved with its neighbour's.
    text = flat(subprocess.run(["pdftotext", "-raw", pdf_path, "-"], check=True,
                               capture_output=True, text=True).stdout)

    missing = []
    for record in records:
        model = type(record)
        for name in model.finding_field_names():
            value = getattr(record, name)
            if model is Examination and name in GRID_COLUMNS:
                continue  # the grids are checked below, as tables
            label = str(model._meta.get_field(name).verbose_name)
            shown = display_value(model, name, value.isoformat()
                                  if isinstance(value, datetime.date) else value)
            if model is Questionnaires:
                continue  # one line per questionnaire, checked below
            if model is Examination and name.endswith(("_left", "_right")):
                label = label.rsplit(",", 1)[0]  # paired signs print as one row, by side
                sign = name.rsplit("_", 1)[0]
                declared = dictionary.declaration(f"exam.{sign}")
                if declared.kind is dictionary.Kind.TRI and all(
                        getattr(record, f"{sign}_{side}") in (False, None)
                        for side in ("left", "right")):  # in the line of negative signs
                    label = short_label(declared.label)
            elif is_negative(value):
                label = short_label(label)  # in its block's line of negative answers
            if flat(label).lower() not in text.lower():
                missing.append(f"{model.__name__}.{name}: label {label!r}")
            elif isinstance(value, str | int | Decimal) and not isinstance(value, bool) \
                    and flat(str(shown)) not in text:
                missing.append(f"{model.__name__}.{name}: value {shown!r}")
    questionnaires = records[2]
    for item in dictionary.section("questionnaires"):
        if isinstance(item, ItemList):
            answers = " ".join(str(getattr(questionnaires, item.column(n)))
                               for n in range(1, len(item.items) + 1))
            line = f"{item.title} items 1-{len(item.items)}: {answers}"
            if flat(line) not in text:
                missing.append(f"Questionnaires: {line!r}")
    for root in v.ROOTS:
        assert re.search(rf"{root}", text)
    assert "Distinctiveoverridereason" in text
    assert "M54.42" in text and "M54.16" in text
    assert not missing, "\n".join(missing)
