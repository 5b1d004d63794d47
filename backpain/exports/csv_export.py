"""The CSV export of visits: one visit per row, under the fixed header of rows.py, written
as core's spreadsheet-safe CSV (backpain/core/csv_stream.py), many rows at a time."""

import csv
import io
import string

from backpain.core.csv_stream import BYTE_ORDER_MARK, RESPONSE_CHUNK, spreadsheet_safe

from .rows import COLUMNS, cell, record_values

# A cell starting with an ASCII letter or digit cannot run as a formula (csv_stream's rule
# looks at the first visible character): most cells are codes, numbers and dates, and skip
# the full check.
PLAIN_STARTS = frozenset(string.ascii_letters + string.digits)


def safe_cell(text: str) -> str:
    return text if not text or text[0] in PLAIN_STARTS else spreadsheet_safe(text)


def row_cells(values) -> list:
    """One visit's cells in COLUMNS order, as cell() and safe_cell() make them, with the
    common cases (text, empty, a whole number) inline: this runs for every cell of an export."""
    cells: list = []
    add = cells.append
    for column in COLUMNS:
        value = values(column)
        kind = type(value)
        if kind is str:
            add(value if not value or value[0] in PLAIN_STARTS else spreadsheet_safe(value))
        elif value is None:
            add("")
        elif kind is int and value >= 0:
            add(value)  # the csv module writes it as str() would
        elif kind is bool:
            add("true" if value else "false")
        elif kind is list:
            try:
                text = ";".join(value)  # ticked codes, as cell() joins them
            except TypeError:  # not all text: numbers, or studies as JSON
                text = cell(value)
            add(safe_cell(text))
        else:
            add(safe_cell(cell(value)))
    return cells


def visits_csv(records):
    """The CSV export of visits, as UTF-8 chunks of about RESPONSE_CHUNK bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BYTE_ORDER_MARK)
    writer.writerow([spreadsheet_safe(name) for name in COLUMNS])
    for record in records:
        values = record_values(record).get
        writer.writerow(row_cells(values))
        if buffer.tell() >= RESPONSE_CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")
