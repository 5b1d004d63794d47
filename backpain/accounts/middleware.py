"""Per-request middleware: the clinic's time zone and locale, and no caching of pages with
patient data."""

import zoneinfo

from django.http import Http404
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers

from .models import clinic_language


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


class ClinicLocaleMiddleware:
    """The signed-in user's clinic chooses the language and the date formats of every page
    (Clinic.locale); sign-in and other pages of nobody's clinic take LANGUAGE_CODE. Never the
    browser's Accept-Language: a clinic's records read the same on every computer. Runs after
    ClinicTimezoneMiddleware, which has already fetched the clinic."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        clinic = getattr(getattr(request, "user", None), "clinic", None)
        translation.activate(clinic_language(clinic))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


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


class RefusedLookupAuditMiddleware:
    """A signed-in user asking for a record outside their clinic gets 404, and the audit
    trail keeps the attempt: sweeping ids is how records leak (IDOR)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        user = getattr(request, "user", None)
        if isinstance(exception, Http404) and user is not None and user.is_authenticated:
            from backpain.audit.models import AuditAction
            from backpain.audit.services import record_event

            record_event(action=AuditAction.PERMISSION_DENIED, request=request,
                         details={"path": request.path[:300], "method": request.method,
                                  "reason": "not found within the user's clinic"})
        return None
