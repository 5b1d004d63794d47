"""The CSV export of visits: one visit per row, under the fixed header of rows.py, written
through core's spreadsheet-safe CSV."""

from backpain.core.csv_stream import csv_lines

from .rows import COLUMNS, record_row


def visits_csv(records):
    """The CSV export of visits, as UTF-8 chunks."""
    for line in csv_lines(COLUMNS, (record_row(record) for record in records)):
        yield line.encode("utf-8")
