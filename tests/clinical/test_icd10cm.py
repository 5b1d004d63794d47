"""ICD-10-CM: every typed code is checked against the full code set and shown with its
description; a header is refused with its codes named; search by code or by words."""

import pytest

from backpain.clinical import icd10cm


@pytest.mark.parametrize(("typed", "expected"), [
    ("M54.16", None), ("m5416", None), (" M54.50 ", None), ("S32.000A", None),
    ("G83.4", None), ("U07.1", None), ("u099", None)])
def test_billable_codes_are_accepted(typed, expected):
    assert icd10cm.problem(typed) is expected


def test_a_header_is_refused_with_its_codes():
    assert icd10cm.problem("M54.5") == ("M54.5 is a header (Low back pain), not a diagnosis: "
                                        "choose one of its codes (M54.50, M54.51, M54.59).")


@pytest.mark.parametrize("typed", ["M99.99", "U07.9", "12345", "M54.5X", "ZZZ"])
def test_codes_outside_the_set_are_refused(typed):
    assert "is not an ICD-10-CM code" in icd10cm.problem(typed)


def test_a_code_is_shown_with_its_description():
    assert icd10cm.described("M51.16") == ("M51.16 Intervertebral disc disorders with "
                                           "radiculopathy, lumbar region")
    assert icd10cm.described("M54.17") == "M54.17 Radiculopathy, lumbosacral region"


def test_search_by_code_prefix_and_by_words():
    by_code = icd10cm.search("M54.1")
    assert ("M54.16", "Radiculopathy, lumbar region") in by_code
    assert all(code.startswith("M54.1") for code, _ in by_code)
    by_words = icd10cm.search("cauda equina syndrome")
    assert ("G83.4", "Cauda equina syndrome") in by_words
    assert icd10cm.search("x") == []
