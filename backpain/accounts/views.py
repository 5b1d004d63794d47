"""The home page each role lands on after signing in: their work lists."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from backpain.visits import selectors
from backpain.visits.worklists import with_flags

WORKLIST_LIMIT = 50
# The physician's unsigned visits are all assessed (about 0.2 ms each) so that a red flag
# on the newest of them still comes first; beyond this many, the oldest are left out.
QUEUE_SCAN_LIMIT = 1000


@login_required
def home(request):
    user = request.user
    context = {"today": timezone.localdate()}
    if user.clinic_id and (user.is_intake or user.is_physician):
        context["todays_visits"] = selectors.visits_on(user, context["today"])
        context["incomplete_intakes"] = selectors.incomplete_intakes(user)[:WORKLIST_LIMIT]
        if user.is_physician:
            queue = with_flags(selectors.physician_queue(user)[:QUEUE_SCAN_LIMIT])
            context["my_queue"] = queue[:WORKLIST_LIMIT]
            context["queue_not_shown"] = max(0, len(queue) - WORKLIST_LIMIT)
    return render(request, "accounts/home.html", context)
