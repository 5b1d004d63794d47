"""Rows written in Python (work lists, patient list) write dates and long text as the
templates' filters did."""

import datetime

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import Truncator

from backpain.core.html_rows import Rows, strftime_of, truncated

DATES = [datetime.date(2026, 1, 2), datetime.date(2026, 12, 31), datetime.date(1999, 7, 9),
         datetime.date(999, 5, 6)]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_rows_date_is_the_date_filters_in_every_language(language):
    with translation.override(language):
        rows = Rows()
        for day in DATES:
            assert rows.date(day) == date_format(day, "SHORT_DATE_FORMAT")


def test_only_plain_day_month_year_formats_go_through_strftime():
    assert strftime_of("d.m.Y") == "%d.%m.%Y"
    assert strftime_of("j/n/Y") is None  # unpadded day and month: Django's own formatting
    assert strftime_of("N j, Y") is None


@pytest.mark.parametrize("text", ["Low back pain", "x" * 50, "x" * 51,
                                  "Lumbar radiculopathy with a long description of it",
                                  "Cafe\u0301 worker's back pain", ""])
def test_truncated_text_is_the_truncatechars_filters(text):
    assert truncated(text, 50) == Truncator(text).chars(50)
