"""The export screen (administrators): filters, the count of matching visits, four exports run
as background jobs, each with its own page (progress, then the download)."""

from django.conf import settings
from django.http import FileResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from backpain.core.access import permission_required
from backpain.core.reauth import PasswordConfirmForm

from . import jobs
from .forms import ExportFilterForm
from .selectors import ExportFilters, count_matching, job_of, recent_jobs
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
                  {"form": form, "count": count, "confirm_form": confirm_form,
                   "jobs": recent_jobs(request.user)}, status=status)


@permission_required("visits.export_visits")
def export_page(request):
    return page(request, ExportFilterForm(request.GET or None, clinic_id=request.user.clinic_id))


def start_export(request, export_format):
    clinic_id = request.user.clinic_id
    form = ExportFilterForm(request.POST, clinic_id=clinic_id)
    if not form.is_valid():
        return page(request, form, status=400)
    # Bulk exports hold every patient's data: the administrator re-enters the password
    # (checked only once the filters are valid, so a typo in a date costs no attempt).
    confirm_form = PasswordConfirmForm(request.POST, request=request, purpose=CONFIRM_PURPOSE)
    if not confirm_form.is_valid():
        return page(request, form, confirm_form, status=400)
    job = jobs.start_export_job(user=request.user, export_format=export_format,
                                filters=form.filters(), request=request)
    # See Other: the browser fetches the job's page with GET.
    return HttpResponseRedirect(reverse("exports:job", args=[job.public_id]), status=303)


@permission_required("visits.export_visits")
@require_POST
def export_csv(request):
    return start_export(request, ExportFormat.CSV)


@permission_required("visits.export_visits")
@require_POST
def export_fhir(request):
    return start_export(request, ExportFormat.FHIR)


@permission_required("visits.export_visits")
@require_POST
def export_pdf_zip(request):
    return start_export(request, ExportFormat.PDF_ZIP)


@permission_required("visits.export_visits")
@require_POST
def export_outcomes_csv(request):
    return start_export(request, ExportFormat.OUTCOMES_CSV)


def job_page(request, job, refusal="", status=200):
    return render(request, "exports/job_page.html",
                  {"job": job, "refusal": refusal,
                   "retention_hours": settings.EXPORT_RETENTION_HOURS}, status=status)


@permission_required("visits.export_visits")
@require_GET
def export_job(request, public_id):
    return job_page(request, job_of(request.user, public_id))


@permission_required("visits.export_visits")
@require_GET
def export_job_status(request, public_id):
    """The job's progress for the page's script (static/js/export-progress.js)."""
    job = job_of(request.user, public_id)
    return JsonResponse({
        "state": job.state, "state_label": job.get_state_display(),
        "done": job.rows_done, "total": job.rows_total, "percent": job.percent,
        "download_url": (reverse("exports:job_download", args=[job.public_id])
                         if job.downloadable else None),
        "error": _(job.error) if job.error else "",
    })


@permission_required("visits.export_visits")
@require_GET
def export_job_download(request, public_id):
    job = job_of(request.user, public_id)
    try:
        opened = jobs.open_download(job=job, request=request)
    except jobs.ExportExpired:
        return job_page(request, job, status=410, refusal=_(
            "This export has expired: its file is deleted %(hours)d hours after it was made. "
            "Export again to download the records.") % {
                "hours": settings.EXPORT_RETENTION_HOURS})
    except jobs.ExportNotReady:
        refusal = (_("This export failed: it has no file to download.") if job.error
                   else _("This export has no file to download yet."))
        return job_page(request, job, status=409, refusal=refusal)
    # The name is the server's (format and time), never patient text.
    response = FileResponse(opened, as_attachment=True, filename=job.download_name,
                            content_type=ExportFormat.CONTENT_TYPES[job.export_format])
    response["Cache-Control"] = "no-store"
    response["X-Export-Row-Count"] = str(job.rows_done)
    return response
