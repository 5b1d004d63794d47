"""Fuzzing the decision-support engine's input (issue 7, item 7): any JSON value, any text,
any valid findings document with one part replaced by junk, given to
`backpain.clinical.assess_document` in-process and to `manage.py assess` as a command. The
only outcomes allowed are an assessment or a FindingsError naming the fields (exit status 2
for the command); never another exception or a traceback."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backpain.clinical import FindingsError, assess_document
from tests.manage_process import manage
from tests.strategies import findings_documents

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
SCALARS = (st.none() | st.booleans() | st.integers(-10**30, 10**30)
           | st.floats(allow_nan=True, allow_infinity=True) | TEXT
           | st.sampled_from(["", "none", "lumbar", "2024-02-30", "9999-12-31", "NaN",
                              "1e309", "-0", "true", "<script>alert(1)</script>"]))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=5)
                    | st.dictionaries(TEXT | st.sampled_from(["history", "exam", "patient",
                                                              "visit", "diagnostics",
                                                              "questionnaires", "regions",
                                                              "motor", "L5", "left"]),
                                      inner, max_size=5), max_leaves=25)


def assessed_or_refused(document):
    try:
        result = assess_document(document)
    except FindingsError as error:
        assert error.messages and all(isinstance(m, str) for m in error.messages)
        return None
    assert isinstance(result, dict) and "red_flags" in result
    json.dumps(result)  # the result is plain JSON
    return result


@FUZZ
@given(document=JSON)
def test_any_json_value(document):
    assessed_or_refused(document)


@FUZZ
@given(sections=st.dictionaries(st.sampled_from(["patient", "visit", "history", "exam",
                                                 "diagnostics", "questionnaires"]),
                                st.dictionaries(TEXT, JSON, max_size=6), max_size=6))
def test_any_document_of_the_right_shape(sections):
    assessed_or_refused(sections)


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from paths(inner, (*prefix, index))


@FUZZ
@given(document=findings_documents(), data=st.data())
def test_a_valid_document_with_one_part_replaced_by_junk(document, data):
    # A copy: the strategy shares some lists (st.just) between examples.
    document = copy.deepcopy(document)
    assert assessed_or_refused(copy.deepcopy(document)) is not None  # valid as generated
    targets = [path for path in paths(document) if path]
    if not targets:
        return
    path = data.draw(st.sampled_from(targets))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    action = data.draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace":
        parent[path[-1]] = data.draw(JSON)
    elif action == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[data.draw(TEXT)] = data.draw(JSON)
    assessed_or_refused(document)


@FUZZ
@given(text=TEXT | st.sampled_from(["{", "[]", "null", '{"history": {"pain_now": 1e999}}',
                                    '{"history": []}', "\ufeff{}", '{"a": 1, "a": 2}']))
def test_any_text_as_json(text):
    assessed_or_refused(text)


@FUZZ
@given(raw=st.binary(max_size=60))
def test_any_bytes_as_json(raw):
    assessed_or_refused(raw)


@settings(max_examples=6, deadline=None)
@given(text=st.one_of(JSON.map(json.dumps), TEXT, st.just("{\n"), st.just("\x00\x01\x02")))
def test_the_command_answers_an_assessment_or_exit_2(text):
    completed = manage("assess", "-", stdin=text)
    assert completed.returncode in (0, 2), completed.stderr
    assert "Traceback" not in completed.stderr
    if completed.returncode == 0:
        assert "red_flags" in json.loads(completed.stdout)
    else:
        assert completed.stdout == "" and completed.stderr.strip()


def test_the_command_in_batch_mode_refuses_a_bad_line_and_prints_nothing():
    good = json.dumps({"history": {"regions": ["lumbar"]}})
    completed = manage("assess", "--jsonl", "-", stdin=f"{good}\n{{oops\n[1]\n{good}\n")
    assert completed.returncode == 2 and completed.stdout == ""
    assert "line 2" in completed.stderr and "line 3" in completed.stderr
    assert "Traceback" not in completed.stderr


def nested(depth):
    document = {"regions": ["lumbar"]}
    for _ in range(depth):
        document = {"history": document}
    return document


def test_a_deeply_nested_document_is_refused_not_a_crash():
    with pytest.raises(FindingsError):
        assess_document(nested(5000))


def test_deeply_nested_json_text_is_refused_not_a_crash():
    with pytest.raises(FindingsError):
        assess_document("[" * 100_000 + "]" * 100_000)


def test_the_command_refuses_deeply_nested_json_with_exit_2():
    completed = manage("assess", "-", stdin="[" * 100_000 + "]" * 100_000)
    assert completed.returncode == 2 and "Traceback" not in completed.stderr
