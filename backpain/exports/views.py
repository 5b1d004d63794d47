"""The export screen (administrators): filters, the count of matching visits, four downloads."""

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backpain.core.access import permission_required
from backpain.core.reauth import PasswordConfirmForm

from . import services
from .forms import ExportFilterForm
from .selectors import ExportFilters, count_matching
from .services import ExportFormat

# Translators: completes "Re-enter your password to ..."
CONFIRM_PURPOSE = gettext_lazy("download patient records")


def page(request, form, confirm_form=None, status=200):
    clinic_id = request.user.clinic_id
    count = None
    if not form.is_bound:
        count = count_matching(clinic_id, ExportFilters())
    elif form.is_valid():
        count = count_matching(clinic_id, form.filters())
    confirm_form = confirm_form or PasswordConfirmForm(request=request, purpose=CONFIRM_PURPOSE)
    return render(request, "exports/export_page.html",
                  {"form": form, "count": count, "confirm_form": confirm_form}, status=status)


@permission_required("visits.export_visits")
def export_page(request):
    return page(request, ExportFilterForm(request.GET or None, clinic_id=request.user.clinic_id))


def download(request, export_format):
    clinic_id = request.user.clinic_id
    form = ExportFilterForm(request.POST, clinic_id=clinic_id)
    if not form.is_valid():
        return page(request, form, status=400)
    # Bulk exports hold every patient's data: the administrator re-enters the password
    # (checked only once the filters are valid, so a typo in a date costs no attempt).
    confirm_form = PasswordConfirmForm(request.POST, request=request, purpose=CONFIRM_PURPOSE)
    if not confirm_form.is_valid():
        return page(request, form, confirm_form, status=400)
    stream = services.export_visits(export_format=export_format, filters=form.filters(),
                                    clinic_id=clinic_id, user=request.user, request=request)
    response = StreamingHttpResponse(stream.chunks, content_type=stream.content_type)
    # The name is the server's (format and time), never patient text.
    response["Content-Disposition"] = f'attachment; filename="{stream.file_name}"'
    response["Cache-Control"] = "no-store"
    response["X-Export-Row-Count"] = str(stream.row_count)
    return response


@permission_required("visits.export_visits")
@require_POST
def export_csv(request):
    return download(request, ExportFormat.CSV)


@permission_required("visits.export_visits")
@require_POST
def export_fhir(request):
    return download(request, ExportFormat.FHIR)


@permission_required("visits.export_visits")
@require_POST
def export_pdf_zip(request):
    return download(request, ExportFormat.PDF_ZIP)


@permission_required("visits.export_visits")
@require_POST
def export_outcomes_csv(request):
    return download(request, ExportFormat.OUTCOMES_CSV)
