"""`python manage.py assess`: the engine from the command line, and the engine without Django."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backpain.clinical import assess_document

PROJECT = Path(__file__).resolve().parents[2]

RETENTION = {
    "patient": {"age_years": 47, "sex": "male"},
    "visit": {"visit_date": "2024-06-03", "visit_type": "new"},
    "history": {"regions": ["lumbar"], "radiation": ["below_knee", "foot"],
                "radiation_side": "bilateral", "onset_date": "2024-05-30",
                "bladder_dysfunction": "retention", "saddle_numbness": True,
                "pain_now": 8, "pain_worst": 10, "pain_best": 5},
    "exam": {"motor": {"L5": {"left": 4, "right": 4}}, "anal_tone": "reduced"},
}
AXIAL = {
    "visit": {"visit_date": "2024-06-03", "visit_type": "new"},
    "history": {"regions": ["lumbar"], "radiation": ["none"], "aggravating": ["flexion"],
                "onset_date": "2024-05-20"},
    "questionnaires": {"odi": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]},
}


def run(*args, stdin=None):
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "assess", *args],
        cwd=PROJECT, env=env, input=stdin, capture_output=True, text=True, timeout=120,
    )


def expected(document):
    return json.loads(json.dumps(assess_document(document)))


@pytest.fixture
def findings_file(tmp_path):
    path = tmp_path / "findings.json"
    path.write_text(json.dumps(RETENTION))
    return path


def test_assess_file_prints_the_assessment(findings_file):
    completed = run(str(findings_file))
    assert completed.returncode == 0, completed.stderr
    printed = json.loads(completed.stdout)
    assert printed == expected(RETENTION)
    assert printed["red_flags"][0]["code"] == "cauda_equina_syndrome"
    assert printed["red_flags"][0]["urgency"] == "emergency"
    assert printed["imaging"]["advice"] == "emergency_mri"


def test_assess_reads_stdin_with_dash():
    completed = run("-", stdin=json.dumps(AXIAL))
    assert completed.returncode == 0, completed.stderr
    printed = json.loads(completed.stdout)
    assert printed == expected(AXIAL)
    assert printed["scores"]["odi"] == {"percent": 20, "band": "minimal"}


def test_schema_is_json_schema_of_the_findings_document():
    completed = run("--schema")
    assert completed.returncode == 0, completed.stderr
    schema = json.loads(completed.stdout)
    assert set(schema["properties"]) == {"patient", "visit", "history", "exam", "diagnostics",
                                         "questionnaires", "previous"}
    # The previous visit is one visit's findings, without a previous visit of its own.
    previous = schema["$defs"]["VisitFindings"]["properties"]
    assert set(previous) == set(schema["properties"]) - {"previous"}
    assert "history" in json.dumps(schema)
    assert "bladder_dysfunction" in json.dumps(schema)


def test_assess_with_the_previous_visit():
    document = {"visit": {"visit_date": "2026-06-01"},
                "exam": {"motor": {"L5": {"left": 3}}},
                "previous": {"visit": {"visit_date": "2026-05-01"},
                             "exam": {"motor": {"L5": {"left": 4}}}}}
    completed = run("-", stdin=json.dumps(document))
    assert completed.returncode == 0, completed.stderr
    printed = json.loads(completed.stdout)
    assert printed == expected(document)
    deficit = printed["red_flags"][0]
    assert (deficit["code"], deficit["urgency"], deficit["new"]) == (
        "severe_neurological_deficit", "emergency", True)
    assert "previous.exam.motor.L5.left=4" in deficit["evidence"]


def test_jsonl_one_assessment_per_line():
    lines = "\n".join(json.dumps(document) for document in (RETENTION, AXIAL, {})) + "\n"
    completed = run("--jsonl", "-", stdin=lines)
    assert completed.returncode == 0, completed.stderr
    out = completed.stdout.splitlines()
    assert len(out) == 3
    assert [json.loads(line) for line in out] == [expected(RETENTION), expected(AXIAL),
                                                  expected({})]


def test_jsonl_piped_to_a_reader_that_stops_early_ends_quietly():
    lines = "\n".join(json.dumps(AXIAL) for _ in range(3000)) + "\n"
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = f"{sys.executable} manage.py assess --jsonl - | head -n 1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=PROJECT, env=env,
                            input=lines, capture_output=True, text=True, timeout=180)
    assert json.loads(result.stdout)["rules_version"]
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_jsonl_with_an_invalid_line_prints_no_assessment():
    bad = json.loads(json.dumps(AXIAL))
    bad["history"]["pain_now"] = 11
    lines = "\n".join(json.dumps(document) for document in (AXIAL, bad)) + "\n"
    completed = run("--jsonl", "-", stdin=lines)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "history.pain_now" in completed.stderr


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (("history", "pain_now", 11), "history.pain_now"),
        (("history", "pain_scale", 4), "history.pain_scale"),
        (("history", "fever", "yes"), "history.fever"),
        (("patient", "age_years", 121), "patient.age_years"),
        (("history", "onset_date", "2024-06-04"), "history.onset_date"),
    ],
)
def test_invalid_input_exits_2_with_the_path_on_stderr(tmp_path, change, path):
    section, field, value = change
    document = json.loads(json.dumps(RETENTION))
    document[section][field] = value
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(document))
    completed = run(str(source))
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert path in completed.stderr


CROSS_FIELD = [
    ({"history": {"radiation": ["none", "foot"]}}, ("history.radiation",)),
    ({"history": {"radiation": ["none"], "radiation_side": "left"}},
     ("history.radiation_side",)),
    ({"history": {"pain_best": 9, "pain_now": 8, "pain_worst": 10}},
     ("history.pain_best", "history.pain_now")),
    ({"history": {"pain_best": 5, "pain_now": 9, "pain_worst": 8}},
     ("history.pain_now", "history.pain_worst")),
    ({"history": {"cancer_history": False, "cancer_metastatic": True}},
     ("history.cancer_metastatic", "history.cancer_history")),
    ({"history": {"pregnant": False}}, ("history.pregnant",)),  # RETENTION is a man's
    ({"history": {"radiation_side": "right", "bilateral_leg_onset": "new_within_14_days"}},
     ("history.bilateral_leg_onset", "history.radiation_side")),
]


def contradicted(changes):
    document = json.loads(json.dumps(RETENTION))
    for section, values in changes.items():
        document[section].update(values)
    return document


def test_cross_field_contradiction_exits_2_with_the_path(tmp_path):
    # rules v2 section 1: exit 2 with the paths.
    source = tmp_path / "contradiction.json"
    source.write_text(json.dumps(contradicted({"history": {"pregnant": False}})))
    completed = run(str(source))
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "history.pregnant" in completed.stderr


def test_every_cross_field_check_exits_2_naming_its_line_and_path():
    # One document per check, in one batch (each subprocess costs a second).
    lines = "\n".join(json.dumps(contradicted(changes)) for changes, _ in CROSS_FIELD) + "\n"
    completed = run("--jsonl", "-", stdin=lines)
    assert completed.returncode == 2
    assert completed.stdout == ""
    problems = completed.stderr.splitlines()
    for number, (_, paths) in enumerate(CROSS_FIELD, start=1):
        on_line = [p for p in problems if p.startswith(f"line {number}: ")]
        assert any(path in problem for problem in on_line for path in paths), (number,
                                                                              problems)


def test_invalid_motor_grade_names_root_and_side():
    document = json.loads(json.dumps(RETENTION))
    document["exam"]["motor"]["L5"]["left"] = 6
    completed = run("-", stdin=json.dumps(document))
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "exam.motor.L5.left" in completed.stderr


def test_every_invalid_path_on_stderr():
    document = json.loads(json.dumps(RETENTION))
    document["history"]["pain_now"] = 11
    document["exam"]["motor"]["L5"]["left"] = 6
    document["plan"] = {}
    completed = run("-", stdin=json.dumps(document))
    assert completed.returncode == 2
    assert completed.stdout == ""
    for path in ("history.pain_now", "exam.motor.L5.left", "plan"):
        assert path in completed.stderr


def test_malformed_json_exits_2_without_output():
    completed = run("-", stdin='{"history": {"pain_now": 6,}')
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.strip()


def test_clinical_package_does_not_import_django():
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = (
        "import sys\n"
        "import backpain.clinical\n"
        "import backpain.clinical.codes\n"
        "from backpain.clinical import assess_document\n"
        "assess_document({'history': {'bladder_dysfunction': 'retention'}})\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env,
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"
