"""The audit page for administrators: their clinic's events, filtered, paginated, downloadable."""

import json
from datetime import UTC

from django.db.models import Max
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backpain.core import session_filters
from backpain.core.access import permission_required
from backpain.core.csv_stream import csv_lines, in_chunks
from backpain.core.pages import page_number, page_of
from backpain.core.reauth import PasswordConfirmForm

from . import selectors
from .forms import AuditFilterForm
from .models import AuditAction, AuditEvent
from .readable import readable
from .services import record_event

# A page of the trail is read with one event more, never by counting the trail (core/pages.py).
PAGE_SIZE = 50
CSV_COLUMNS = ["occurred_at", "username", "action", "action_label", "object_type", "object_id",
               "patient_id", "client_ip", "details"]
ACTION_LABELS = dict(AuditAction.choices)


FILTER_KEY = "audit_filters"
# Translators: completes "Re-enter your password to ..."
CONFIRM_PURPOSE = gettext_lazy("download the audit trail")


def events_page(request, form, confirm_form=None, status=None):
    """The filtered, paginated trail; its reading is audited. No page when the filters are
    wrong: the form says why."""
    page = None
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else selectors.AuditFilters()
        page = page_of(selectors.events_for(request.user, filters),
                       page_number(request.GET.get("page")), PAGE_SIZE)
        page.object_list = readable(
            selectors.mark_unfinished_exports(list(page.object_list)), request.user)
        # Reading the trail is itself an access to patient data, recorded after the read so
        # the reader's own event does not push the page they asked for.
        record_event(action=AuditAction.AUDIT_VIEWED, request=request,
                     details={"filters": filters.as_audit(), "page": page.number})
    confirm_form = confirm_form or PasswordConfirmForm(request=request, purpose=CONFIRM_PURPOSE)
    return render(request, "audit/events.html",
                  {"form": form, "page": page, "confirm_form": confirm_form},
                  status=status or (200 if page is not None else 400))


@permission_required("audit.view_auditevent")
def events(request):
    if request.method == "POST":
        # Filters name users and patients: posted and kept in the session, never in a URL.
        form = AuditFilterForm(request.POST)
        if "clear" in request.POST:
            session_filters.forget(request, FILTER_KEY)
        elif form.is_valid():
            session_filters.remember(request, FILTER_KEY, request.POST)
        else:
            return events_page(request, form)
        return redirect("audit:events")
    return events_page(request, AuditFilterForm(session_filters.recall(request, FILTER_KEY)))


def event_row(event) -> list[str]:
    return [
        event.occurred_at.astimezone(UTC).isoformat(), event.username, event.action,
        str(ACTION_LABELS.get(event.action, event.action)), event.object_type, event.object_id,
        "" if event.patient_id is None else str(event.patient_id), event.client_ip or "",
        json.dumps(event.details, sort_keys=True, ensure_ascii=False) if event.details else "",
    ]


@permission_required("audit.view_auditevent")
@require_POST
def events_csv(request):
    form = AuditFilterForm(request.POST)
    if not form.is_valid():
        return events_page(request, form)
    # The trail names patients (an edit keeps the old and new name): a bulk export, so the
    # password again, as for the visit exports.
    confirm_form = PasswordConfirmForm(request.POST, request=request, purpose=CONFIRM_PURPOSE)
    if not confirm_form.is_valid():
        return events_page(request, form, confirm_form, status=400)
    filters = form.filters()
    # The download holds the events up to now; its own event comes after and is not in it.
    last = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
    matching = selectors.events_for(request.user, filters).filter(id__lte=last)
    row_count = matching.count()
    record_event(action=AuditAction.AUDIT_EXPORTED, request=request,
                 details={"filters": filters.as_audit(), "row_count": row_count})
    rows = (event_row(event) for event in matching.iterator(chunk_size=2000))
    lines = (line.encode("utf-8") for line in csv_lines(CSV_COLUMNS, rows))
    response = StreamingHttpResponse(in_chunks(lines), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    response["Content-Disposition"] = f'attachment; filename="backpain-audit-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
