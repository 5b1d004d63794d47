"""The home page each role lands on after signing in: their work lists."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from . import followups, selectors
from .worklists import entries, most_urgent_first

WORKLIST_LIMIT = 50


@login_required
def home(request):
    user = request.user
    context = {"today": timezone.localdate()}
    if user.clinic_id and user.has_perm("visits.view_visit"):
        context["todays_visits"] = selectors.visits_on(user, context["today"])
        context["incomplete_intakes"] = selectors.incomplete_intakes(user)[:WORKLIST_LIMIT]
        context["follow_ups"] = followups.work_list(user, context["today"],
                                                    limit=WORKLIST_LIMIT)
        context["missed_shown_days"] = followups.MISSED_SHOWN_DAYS
        if user.has_perm("visits.sign_visit"):
            # Sorted in the database on the stored assessments: a red flag on the newest of
            # any number of waiting visits still comes first.
            queue = most_urgent_first(selectors.physician_queue(user))
            context["my_queue"] = entries(queue[:WORKLIST_LIMIT])
            context["queue_not_shown"] = max(0, queue.count() - WORKLIST_LIMIT)
    return render(request, "visits/home.html", context)
