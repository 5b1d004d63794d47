"""core/read_ahead.py: the next part read in a thread of its own while this one is used, and
an export read so (backpain/exports/selectors.py export_records)."""

import datetime
import threading
import time

import pytest
from django.db import connection

from backpain.core.read_ahead import read_ahead
from backpain.exports import selectors
from backpain.exports.selectors import ExportFilters, export_records
from backpain.patients.models import Patient
from tests.exports.builders import simple_visit
from tests.exports.helpers import csv_rows, export_bytes
from tests.factories import PatientFactory

# Read ahead on PostgreSQL, outside a transaction (core/read_ahead.py).
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="read ahead only on PostgreSQL")


def committed(test):
    return on_postgresql(pytest.mark.django_db(transaction=True)(test))


def reader_threads():
    return [thread for thread in threading.enumerate() if thread.name == "read-ahead"]


def names_in_parts(readers, size=2):
    """The patients' family names in parts of `size`, each read by the database; the thread
    that read each part is noted in `readers`."""
    def parts():
        names = list(Patient.objects.order_by("family_name")
                     .values_list("family_name", flat=True))
        for start in range(0, len(names), size):
            readers.append(threading.current_thread().name)
            yield names[start:start + size]
    return parts


@committed
def test_parts_are_read_in_another_thread_and_come_in_order():
    for name in ("Ames", "Baker", "Cole", "Dunn", "Eyre"):
        PatientFactory(family_name=name)
    readers = []
    parts = list(read_ahead(names_in_parts(readers)))
    assert parts == [["Ames", "Baker"], ["Cole", "Dunn"], ["Eyre"]]
    assert readers == ["read-ahead"] * 3
    assert reader_threads() == []  # ended, its connection closed


@committed
def test_a_reader_error_is_raised_where_the_reading_broke_off():
    def parts():
        yield "first"
        raise ValueError("the database went away")

    read = read_ahead(parts)
    assert next(read) == "first"
    with pytest.raises(ValueError, match="went away"):
        next(read)
    assert reader_threads() == []


def open_connections():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def connections_back_to(count, seconds=10.0) -> int:
    """The open connections once they are `count` again, or after `seconds`: a closed
    connection's server process ends a moment after the client closed it (longer on a busy
    machine), and pg_stat_activity lists it until then."""
    deadline = time.monotonic() + seconds
    while (now := open_connections()) != count and time.monotonic() < deadline:
        time.sleep(0.05)
    return now


@committed
def test_a_consumer_that_stops_early_stops_the_reader_and_its_connection():
    PatientFactory(family_name="Ames")
    before = open_connections()
    made = []

    def parts():
        for number in range(1000):
            made.append(Patient.objects.count())  # a query per part, on the reader's connection
            yield number

    read = read_ahead(parts)
    assert next(read) == 0
    read.close()
    assert reader_threads() == []
    assert len(made) <= 3  # the part handed over, one waiting, one being made
    assert connections_back_to(before) == before


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_the_parts_are_read_here_in_turn():
    """No server process to overlap with, and a second connection's read would keep the
    writer's updates waiting on the database file."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    PatientFactory(family_name="Committed")
    readers = []
    assert list(read_ahead(names_in_parts(readers))) == [["Committed"]]
    assert readers == [threading.current_thread().name]


@pytest.mark.django_db
def test_inside_a_transaction_the_parts_are_read_here_in_turn():
    """A second connection would not see what the transaction wrote (a test's, a caller's
    atomic block): the parts are read in this thread (and always on SQLite)."""
    PatientFactory(family_name="Uncommitted")
    assert connection.in_atomic_block
    readers = []
    assert list(read_ahead(names_in_parts(readers))) == [["Uncommitted"]]
    assert readers == [threading.current_thread().name]


@committed
@pytest.mark.usefixtures("roles")
def test_an_export_outside_a_transaction_reads_its_chunks_ahead(clinic, physician,
                                                                 monkeypatch):
    for day in range(5):
        simple_visit(clinic, physician, visit_date=datetime.date(2024, 5, 10 + day))
    readers = []
    real_chunk_records = selectors.chunk_records

    def noted(chunk):
        readers.append(threading.current_thread().name)
        return real_chunk_records(chunk)

    monkeypatch.setattr(selectors, "chunk_records", noted)
    monkeypatch.setattr(selectors, "CHUNK_SIZE", 2)
    records = list(export_records(clinic.pk, ExportFilters(), chunk_size=2))
    assert [r.visit.visit_date.day for r in records] == [10, 11, 12, 13, 14]
    assert readers == ["read-ahead"] * 3
    rows = csv_rows(export_bytes("csv", clinic))
    assert [row["visit.visit_date"] for row in rows] == [f"2024-05-{day}" for day in range(10, 15)]
    assert reader_threads() == []


@committed
@pytest.mark.usefixtures("roles")
def test_the_outcomes_export_reads_its_chunks_ahead(clinic, physician, monkeypatch):
    for day in range(5):
        simple_visit(clinic, physician, visit_date=datetime.date(2024, 5, 10 + day))
    readers = []
    real_in_chunks_of = selectors.in_chunks_of

    def noted(items, size):
        for chunk in real_in_chunks_of(items, 2):
            readers.append(threading.current_thread().name)
            yield chunk

    monkeypatch.setattr(selectors, "in_chunks_of", noted)
    rows = csv_rows(export_bytes("outcomes-csv", clinic))
    assert len(rows) == 5  # one new visit per patient: its baseline row
    assert readers == ["read-ahead"] * 3
    assert reader_threads() == []
