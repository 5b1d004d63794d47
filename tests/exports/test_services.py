"""export_visits: administrators of the clinic only, and an audit event for every export."""

import pytest
from django.core.exceptions import PermissionDenied

from backpain.audit.models import AuditAction, AuditEvent
from backpain.exports.selectors import ExportFilters
from backpain.exports.services import export_visits

from .builders import simple_visit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("export_format", ["csv", "fhir", "pdf-zip"])
def test_every_export_is_audited_with_filters_and_row_count(clinic, physician, administrator,
                                                            export_format):
    simple_visit(clinic, physician, red_flag=True)
    simple_visit(clinic, physician)
    filters = ExportFilters(red_flags="yes")
    stream = export_visits(export_format=export_format, filters=filters, clinic_id=clinic.pk,
                           user=administrator)
    content = b"".join(stream.chunks)
    started = AuditEvent.objects.get(action=AuditAction.EXPORT_STARTED)
    event = AuditEvent.objects.get(action=AuditAction.EXPORTED)
    assert event.user == administrator and event.clinic_id == clinic.pk
    described = {"format": export_format, "filters": filters.as_audit(), "row_count": 1,
                 "file_name": stream.file_name}
    assert started.details == described
    assert event.details == {**described, "export_started": started.pk, "outcome": "complete",
                             "rows_exported": 1, "bytes_sent": len(content)}
    assert stream.row_count == 1


def test_the_start_is_audited_before_any_data_leaves(clinic, physician, administrator):
    simple_visit(clinic, physician)
    export_visits(export_format="csv", filters=ExportFilters(), clinic_id=clinic.pk,
                  user=administrator)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT_STARTED).count() == 1
    # Nothing was read: the export is not complete.
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()


@pytest.mark.parametrize("role_user", ["intake", "physician"])
def test_clinical_staff_cannot_export(clinic, role_user, request):
    user = request.getfixturevalue(role_user)
    with pytest.raises(PermissionDenied):
        export_visits(export_format="csv", filters=ExportFilters(), clinic_id=clinic.pk,
                      user=user)
    assert not AuditEvent.objects.filter(action__startswith="export").exists()


def test_an_administrator_cannot_export_another_clinic(other_clinic, administrator):
    with pytest.raises(PermissionDenied):
        export_visits(export_format="csv", filters=ExportFilters(), clinic_id=other_clinic.pk,
                      user=administrator)


def test_unknown_format_is_refused(clinic, administrator):
    with pytest.raises(ValueError, match="format"):
        export_visits(export_format="xlsx", filters=ExportFilters(), clinic_id=clinic.pk,
                      user=administrator)
