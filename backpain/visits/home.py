"""The home page each role lands on after signing in: their work lists."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from backpain.core.access import permission_required
from backpain.core.pages import page_number
from backpain.core.prepared_queries import generic_plans
from backpain.episodes.selectors import schedule_of

from . import followups
from .worklists import INCOMPLETE_INTAKES, PHYSICIAN_QUEUE, TODAYS_VISITS, entries, work_list

# Each list shows this many rows, then says how many more there are: a page's work does not
# grow with the clinic's day or history.
WORKLIST_LIMIT = 50
# The home page shows the first follow-ups of each state, and links to the follow-ups page,
# which pages through all of them: a clinic with years of history has hundreds of follow-ups
# due, overdue or missed, and the home page is the day's work first.
HOME_FOLLOW_UPS = 10
FOLLOW_UPS_PAGE = 50


@login_required
def home(request):
    user = request.user
    context = {"today": timezone.localdate()}
    if user.clinic_id and user.has_perm("visits.view_visit"):
        context["todays_visits"] = work_list(TODAYS_VISITS.rows(
            clinic_id=user.clinic_id, day=context["today"], limit=WORKLIST_LIMIT))
        context["incomplete_intakes"] = work_list(INCOMPLETE_INTAKES.rows(
            clinic_id=user.clinic_id, limit=WORKLIST_LIMIT))
        # One more than shown: whether the follow-ups page holds more.
        listed = followups.work_list(user, context["today"], limit=HOME_FOLLOW_UPS + 1)
        context["follow_ups"] = {state: rows[:HOME_FOLLOW_UPS] for state, rows in listed.items()}
        context["follow_ups_more"] = {state for state, rows in listed.items()
                                      if len(rows) > HOME_FOLLOW_UPS}
        context["missed_shown_days"] = followups.MISSED_SHOWN_DAYS
        if user.has_perm("visits.sign_visit"):
            # Sorted in the database on the stored assessments: a red flag on the newest of
            # any number of waiting visits still comes first.
            queue = work_list(PHYSICIAN_QUEUE.rows(
                clinic_id=user.clinic_id, physician_id=user.pk, limit=WORKLIST_LIMIT))
            context["my_queue"] = entries(queue.rows)
            context["queue_not_shown"] = queue.not_shown
    return render(request, "visits/home.html", context)


@permission_required("visits.view_visit")
def follow_ups(request, state):
    """Every follow-up of one state (due, overdue, missed), a page of FOLLOW_UPS_PAGE at a
    time in the home page's order: one query for the schedule and one for the page."""
    if state not in followups.STATES:
        raise Http404
    page = page_number(request.GET.get("page"))  # out of range or not a number: never an error
    today = timezone.localdate()
    points = schedule_of(request.user.clinic_id)
    with generic_plans():  # as the home page's lists (followups.work_list)
        rows = followups.state_list(request.user.clinic_id, points, state, today,
                                    FOLLOW_UPS_PAGE + 1, offset=(page - 1) * FOLLOW_UPS_PAGE)
    shown = rows[:FOLLOW_UPS_PAGE]
    first = (page - 1) * FOLLOW_UPS_PAGE + 1
    return render(request, "visits/follow_ups_page.html", {
        "today": today, "state": state, "rows": shown, "page": page, "first": first,
        "last": first + len(shown) - 1, "has_next": len(rows) > FOLLOW_UPS_PAGE,
        "states": [(followups.OVERDUE, _("Overdue")), (followups.DUE, _("Due")),
                   (followups.MISSED, _("Missed"))],
        "missed_shown_days": followups.MISSED_SHOWN_DAYS})
