"""Per-request middleware: the clinic's time zone, and no caching of pages with patient data."""

import zoneinfo

from django.utils import timezone
from django.utils.cache import add_never_cache_headers


class ClinicTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        clinic = getattr(getattr(request, "user", None), "clinic", None)
        if clinic is not None:
            timezone.activate(zoneinfo.ZoneInfo(clinic.timezone))
        else:
            timezone.deactivate()
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for signed-in users carry patient data: the browser and proxies must not keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response
