"""A step's findings as a clinician writes them (note format 2): per block of the data
dictionary the positive answers as rows, the negative ones apart (printed in one line), free
text as paragraphs; unasked findings are left out. The document keeps full labels; the note's
layout (pdf.py) shortens them where they run in a sentence.

Labels and blocks come from the dictionary (backpain/clinical/dictionary), never from the
stored column names.
"""

import re
from datetime import date

from django.utils.translation import gettext as _

from backpain.clinical import dictionary
from backpain.clinical.dictionary import Finding, Grid, Kind
from backpain.clinical.dictionary.roots import SIDES, grid_column, side_column
from backpain.visits.display import display_value

from .dates import day

# Answers that say "nothing of the kind" or "normal": grouped with the plain "No" answers.
NEGATIVE_VALUES = frozenset({"none", "nothing", "normal", "negative"})
# A grid's normal finding on both sides: printed as one line, abnormal roots as a table.
NORMAL_GRID_VALUES = {"motor": 5, "reflexes": 2, "sensation": "normal"}
PARENTHESES = re.compile(r"\s*\([^)]*\)")


def short_label(label) -> str:
    """ "Numbness in the saddle area (perineum, buttocks, inner thighs)?" -> "numbness in the
    saddle area": a label as it reads inside a sentence."""
    text = PARENTHESES.sub("", str(label)).strip().rstrip("?:").strip()
    if len(text) > 1 and not text[1].isupper():
        text = text[:1].lower() + text[1:]
    return text


def declarations_of(model) -> dict:
    """Stored column -> (its declaration, its path) for a step model's dictionary section."""
    if model.findings_section is None:
        return {}
    items = dictionary.section(model.findings_section)
    by_path = {item.path: item for item in items}
    columns = {}
    for column, path in dictionary.column_paths(items):
        item = by_path.get(path) or dictionary.declaration(path)
        columns[column] = item
    return columns


def is_negative(value) -> bool:
    if value is False:
        return True
    if isinstance(value, str):
        return value in NEGATIVE_VALUES
    if isinstance(value, list) and value:
        return set(value) <= NEGATIVE_VALUES
    return False


def is_text(model, name, item) -> bool:
    """A free-text finding: declared of text kind, or (not declared) a model text field."""
    if isinstance(item, Finding):
        return item.kind is Kind.TEXT
    field = model._meta.get_field(name)
    return field.get_internal_type() == "TextField"


def unrecorded(value) -> bool:
    return value is None or value in ("", [])


def label_of_field(model, name) -> str:
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def grouped(model, record, names, screen_line=False) -> dict:
    """The blocks of a step: [{title, rows, negatives}], its paragraphs of free text and, for
    the history, the red-flag screen's negative answers (one line for the whole screen)."""
    declared = declarations_of(model)
    blocks: dict[str, dict] = {}
    texts, screen = [], []
    for name in names:
        value = getattr(record, name)
        if unrecorded(value):
            continue
        item = declared.get(name)
        label = label_of_field(model, name)
        if is_text(model, name, item):
            texts.append({"label": label, "value": str(value)})
            continue
        if screen_line and isinstance(item, Finding) and item.screens_for and is_negative(value):
            screen.append(label)
            continue
        group = str(getattr(item, "group", "") or "")
        block = blocks.setdefault(group, {"title": _(group) if group else "", "rows": [],
                                          "negatives": []})
        if is_negative(value):
            block["negatives"].append(label)
        else:
            shown = day(value) if isinstance(value, date) else display_value(model, name, value)
            row = {"label": label, "value": shown}
            if isinstance(item, Finding) and item.screens_for:
                row["screens_for"] = item.screens_for  # a positive red-flag screen answer
            block["rows"].append(row)
    return {"blocks": list(blocks.values()), "texts": texts, "screen_negatives": screen}


def questionnaire_rows(record) -> list[dict]:
    """One line per questionnaire answered: its title and its item answers in order."""
    rows = []
    for item in dictionary.section("questionnaires"):
        if isinstance(item, Finding):
            rows += outcome_row(record, item)
            continue
        answers = [getattr(record, item.column(n)) for n in range(1, len(item.items) + 1)]
        if all(answer is None for answer in answers):
            continue
        shown = " ".join("—" if answer is None else str(answer) for answer in answers)
        rows.append({"label": item.title,
                     "value": _("items 1-%(count)d: %(answers)s")
                     % {"count": len(answers), "answers": shown}})
    return rows


def outcome_row(record, item: Finding) -> list[dict]:
    """An outcome asked at every visit (pain ratings, walking, work): a row when recorded."""
    value = getattr(record, item.name)
    if value is None or value == "":
        return []
    return [{"label": label_of_field(type(record), item.name),
             "value": display_value(type(record), item.name, value)}]


def grid_table(record, item: Grid, title, shown) -> dict | None:
    """A left/right grid of the examined roots; `normal` names those normal on both sides
    (the note prints them in one line, the others as a table)."""
    normal_value = NORMAL_GRID_VALUES.get(item.name)
    rows, normal = [], []
    for key in item.keys:
        left, right = (getattr(record, grid_column(item.prefix, key, side)) for side in SIDES)
        if left is None and right is None:
            continue
        name = key if key.isupper() else key.capitalize()
        if left == right == normal_value:
            normal.append(name)
        rows.append([name, item.key_detail.get(key, ""), shown(item, left), shown(item, right)])
    if not rows:
        return None
    return {"title": str(title), "columns": ["", _("Test"), _("Left"), _("Right")],
            "rows": rows, "normal": normal}


def sided_signs(record, signs, shown) -> tuple[list, list]:
    """Signs examined by side: (rows of the positive or mixed ones, labels of those negative
    on every side examined)."""
    rows, negatives = [], []
    for sign in signs:
        values = [getattr(record, side_column(sign.name, side)) for side in SIDES]
        if all(value is None for value in values):
            continue
        if all(value in (False, None) for value in values) and sign.kind is Kind.TRI:
            negatives.append(sign.label)
            continue
        rows.append([sign.label, "", *(shown(sign, value) for value in values)])
    return rows, negatives
