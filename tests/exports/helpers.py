"""Reading exports back the way a receiver would: CSV rows, FHIR Bundles, ZIP entries."""

import csv
import io
import json
import zipfile

from backpain.exports.selectors import ExportFilters
from backpain.exports.services import export_visits


def export_bytes(export_format, clinic, filters=None) -> bytes:
    stream = export_visits(export_format=export_format, filters=filters or ExportFilters(),
                           clinic_id=clinic.pk, actor="tests")
    return b"".join(stream.chunks)


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def bundles(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def zip_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def manifest(entries) -> list[dict]:
    return list(csv.DictReader(io.StringIO(entries["manifest.csv"].decode("utf-8"), newline="")))


def values_at(value, key):
    """Every value stored under `key` anywhere in a JSON document (dicts within lists...)."""
    if isinstance(value, dict):
        if key in value:
            yield value[key]
        for inner in value.values():
            yield from values_at(inner, key)
    elif isinstance(value, list):
        for inner in value:
            yield from values_at(inner, key)
