"""Which visits an export holds: the clinic's only, filtered by date, physician, status, flags."""

import datetime

import pytest

from backpain.accounts.roles import Role
from backpain.exports.selectors import ExportFilters, count_matching, export_records
from tests.factories import UserFactory

from .builders import simple_visit

pytestmark = pytest.mark.django_db
MAY = datetime.date(2024, 5, 1)


def exported_ids(clinic, **filters):
    return [record.visit.pk for record in export_records(clinic.pk, ExportFilters(**filters))]


def test_only_the_clinics_visits(clinic, other_clinic, physician):
    mine = simple_visit(clinic, physician)
    stranger = UserFactory(clinic=other_clinic, role=Role.PHYSICIAN)
    simple_visit(other_clinic, stranger)
    assert exported_ids(clinic) == [mine.pk]
    assert count_matching(clinic.pk, ExportFilters()) == 1
    # Naming the other clinic's physician does not reach their visits.
    assert exported_ids(clinic, physician_id=stranger.pk) == []


def test_date_range_is_inclusive(clinic, physician):
    before = simple_visit(clinic, physician, visit_date=MAY - datetime.timedelta(days=1))
    first = simple_visit(clinic, physician, visit_date=MAY)
    last = simple_visit(clinic, physician, visit_date=datetime.date(2024, 5, 31))
    simple_visit(clinic, physician, visit_date=datetime.date(2024, 6, 1))
    assert exported_ids(clinic, date_from=MAY, date_to=datetime.date(2024, 5, 31)) == [
        first.pk, last.pk]
    assert exported_ids(clinic, date_to=MAY) == [before.pk, first.pk]


def test_physician_filter(clinic, physician):
    colleague = UserFactory(clinic=clinic, role=Role.PHYSICIAN)
    simple_visit(clinic, physician)
    theirs = simple_visit(clinic, colleague)
    assert exported_ids(clinic, physician_id=colleague.pk) == [theirs.pk]


def test_signed_only_by_default(clinic, physician):
    signed = simple_visit(clinic, physician)
    draft = simple_visit(clinic, physician, signed=False)
    amended = simple_visit(clinic, physician)
    type(amended).objects.filter(pk=amended.pk).update(status="amended")
    assert exported_ids(clinic) == [signed.pk, amended.pk]
    assert exported_ids(clinic, status="amended") == [amended.pk]
    assert exported_ids(clinic, status="unsigned") == [draft.pk]
    assert exported_ids(clinic, status="any") == [signed.pk, draft.pk, amended.pk]


def test_red_flag_presence(clinic, physician):
    flagged = simple_visit(clinic, physician, red_flag=True)
    calm = simple_visit(clinic, physician)
    flagged_draft = simple_visit(clinic, physician, red_flag=True, signed=False)
    assert exported_ids(clinic, red_flags="yes") == [flagged.pk]
    assert exported_ids(clinic, red_flags="no") == [calm.pk]
    assert exported_ids(clinic, red_flags="yes", status="any") == [flagged.pk, flagged_draft.pk]
    assert count_matching(clinic.pk, ExportFilters(red_flags="yes", status="any")) == 2
    assert count_matching(clinic.pk, ExportFilters(red_flags="no")) == 1


def test_signed_visits_show_the_engine_reading_at_signing(clinic, physician):
    simple_visit(clinic, physician, red_flag=True)
    simple_visit(clinic, physician, signed=False)
    readings = [r.engine_as_of for r in export_records(clinic.pk, ExportFilters(status="any"))]
    assert readings == ["signing", "saved"]


def test_audit_filters_are_plain_json():
    filters = ExportFilters(date_from=MAY, physician_id=3, red_flags="yes")
    assert filters.as_audit() == {"date_from": "2024-05-01", "date_to": None,
                                  "physician_id": 3, "status": "signed", "red_flags": "yes"}
