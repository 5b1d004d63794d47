"""The CSV export of visits: one visit per row, under the fixed header of rows.py, written
as core's spreadsheet-safe CSV (backpain/core/csv_stream.py), many rows at a time."""

import csv
import io
import string

from backpain.core.csv_stream import BYTE_ORDER_MARK, RESPONSE_CHUNK, spreadsheet_safe
from backpain.visits.models.step import plain_value

from .rows import COLUMNS, STEP_COLUMN_PATHS, cell, visit_values

# A cell starting with an ASCII letter or digit cannot run as a formula (csv_stream's rule
# looks at the first visible character): most cells are codes, numbers and dates, and skip
# the full check.
PLAIN_STARTS = frozenset(string.ascii_letters + string.digits)
AT = {column: position for position, column in enumerate(COLUMNS)}
# Each step's stored columns by where their cells go: relation -> ([(position, column)] of
# the values stored as the engine reads them, of text, of values to convert).
STEP_CELLS = {relation: tuple([(AT[path], column) for path, column in kind]
                              for kind in columns)
              for relation, columns in STEP_COLUMN_PATHS.items()}
STEP_POSITIONS = {at for kinds in STEP_CELLS.values() for kind in kinds for at, _ in kind}
# The other columns (who and when, studies, conclusion, engine, signature, episode).
VISIT_CELLS = [(at, column) for column, at in AT.items() if at not in STEP_POSITIONS]


def safe_cell(text: str) -> str:
    return text if not text or text[0] in PLAIN_STARTS else spreadsheet_safe(text)


def csv_cell(value):
    """A typed value (rows.record_values) as its cell: rows.cell()'s text, safe in a
    spreadsheet; a whole number as it is (the csv module writes it as str() would)."""
    kind = type(value)
    if kind is str:
        return value if not value or value[0] in PLAIN_STARTS else spreadsheet_safe(value)
    if value is None:
        return ""
    if kind is int and value >= 0:
        return value
    if kind is bool:
        return "true" if value else "false"
    if kind is list:
        try:
            return safe_cell(";".join(value))  # ticked codes, as cell() joins them
        except TypeError:  # not all text: numbers, or studies as JSON
            pass
    return safe_cell(cell(value))


def visit_row(record) -> list:
    """One visit's cells in COLUMNS order: csv_cell of each of rows.record_values, the steps'
    stored values taken from the record as they are (rows.step_values' rules, inline: this
    runs for some 250 cells of every visit of an export, and the commonest values, whole
    numbers, yes or no and ticked codes, are written here without a call)."""
    cells: list = [""] * len(COLUMNS)
    for relation, stored in record.steps.items():
        if stored is None:
            continue
        as_stored, text, converted = STEP_CELLS[relation]
        for at, column in as_stored:
            value = stored[column]
            if value is not None:
                kind = type(value)
                if kind is bool:
                    cells[at] = "true" if value else "false"
                elif kind is int and value >= 0:
                    cells[at] = value
                else:
                    cells[at] = csv_cell(value)
        for at, column in text:
            value = stored[column]
            if value:  # "" is not answered
                cells[at] = value if value[0] in PLAIN_STARTS else spreadsheet_safe(value)
        for at, column in converted:
            value = stored[column]
            if value is None or value == "":  # as finding_value
                continue
            if type(value) is list:
                if value:
                    cells[at] = csv_cell(value)
            else:
                cells[at] = csv_cell(plain_value(value))
    values = visit_values(record)
    for at, column in VISIT_CELLS:
        value = values.get(column)
        if value is not None:
            cells[at] = csv_cell(value)
    return cells


def visits_csv(records):
    """The CSV export of visits, as UTF-8 chunks of about RESPONSE_CHUNK bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BYTE_ORDER_MARK)
    writer.writerow([spreadsheet_safe(name) for name in COLUMNS])
    for record in records:
        writer.writerow(visit_row(record))
        if buffer.tell() >= RESPONSE_CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")
