"""The floor page: the app's base layout with no content, behind the same middleware and
sign-in as every page; each page's time is read as a multiple of this one's (bench/README.md)."""

from django.shortcuts import render

from backpain.core.access import permission_required


@permission_required("visits.view_visit")
def floor(request):
    return render(request, "base.html", {})
