"""The home page each role lands on after signing in: their work lists."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from . import followups
from .worklists import INCOMPLETE_INTAKES, PHYSICIAN_QUEUE, TODAYS_VISITS, entries, work_list

# Each list shows this many rows, then says how many more there are: a page's work does not
# grow with the clinic's day or history.
WORKLIST_LIMIT = 50


@login_required
def home(request):
    user = request.user
    context = {"today": timezone.localdate()}
    if user.clinic_id and user.has_perm("visits.view_visit"):
        context["todays_visits"] = work_list(TODAYS_VISITS.rows(
            clinic_id=user.clinic_id, day=context["today"], limit=WORKLIST_LIMIT))
        context["incomplete_intakes"] = work_list(INCOMPLETE_INTAKES.rows(
            clinic_id=user.clinic_id, limit=WORKLIST_LIMIT))
        context["follow_ups"] = followups.work_list(user, context["today"],
                                                    limit=WORKLIST_LIMIT)
        context["missed_shown_days"] = followups.MISSED_SHOWN_DAYS
        if user.has_perm("visits.sign_visit"):
            # Sorted in the database on the stored assessments: a red flag on the newest of
            # any number of waiting visits still comes first.
            queue = work_list(PHYSICIAN_QUEUE.rows(
                clinic_id=user.clinic_id, physician_id=user.pk, limit=WORKLIST_LIMIT))
            context["my_queue"] = entries(queue.rows)
            context["queue_not_shown"] = queue.not_shown
    return render(request, "visits/home.html", context)
