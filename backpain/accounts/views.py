"""The home page each role lands on after signing in: their work lists."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from backpain.visits import selectors
from backpain.visits.worklists import with_flags

WORKLIST_LIMIT = 50


@login_required
def home(request):
    user = request.user
    context = {"today": timezone.localdate()}
    if user.clinic_id and (user.is_intake or user.is_physician):
        context["todays_visits"] = selectors.visits_on(user, context["today"])
        context["incomplete_intakes"] = selectors.incomplete_intakes(user)[:WORKLIST_LIMIT]
        if user.is_physician:
            context["my_queue"] = with_flags(selectors.physician_queue(user)[:WORKLIST_LIMIT])
    return render(request, "accounts/home.html", context)
