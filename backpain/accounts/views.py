"""The home page each role lands on after signing in."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from backpain.visits.selectors import visits_for, visits_on


@login_required
def home(request):
    user = request.user
    context = {"today": timezone.localdate()}
    if user.clinic_id and (user.is_intake or user.is_physician):
        context["todays_visits"] = visits_on(user, context["today"])
        if user.is_physician:
            context["my_open_visits"] = (
                visits_for(user)
                .filter(assigned_physician=user)
                .exclude(status__in=["signed", "amended"])[:50]
            )
    return render(request, "accounts/home.html", context)
