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


def export_through_job(client, name, data):
    """Post an export form as the page does and fetch the file it offers: the job runs in
    the request (no broker in tests) once the job is committed. Returns the job page's
    response, the download's response and the file's bytes."""
    from django.test import TestCase
    from django.urls import reverse

    with TestCase.captureOnCommitCallbacks(execute=True):
        started = client.post(reverse(name), data)
    assert started.status_code == 303, started.content[:500]
    page = client.get(started.url)
    assert page.status_code == 200
    job = page.context["job"]
    response = client.get(reverse("exports:job_download", args=[job.public_id]))
    assert response.status_code == 200, response.content[:500]
    return page, response, b"".join(response.streaming_content)
