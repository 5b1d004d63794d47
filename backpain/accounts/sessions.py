"""Idle timeout and absolute lifetime of a signed-in session, enforced on the server.

Only the user's own requests count as activity: the page's background status checks never
extend the session, and no client flag can skip the check. A step form posted after the
session expired, with the session's CSRF token, is kept as a server-side draft and offered
again after signing in.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import Signal, receiver
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event

LOGIN_AT = "session_login_at"
ACTIVE_AT = "session_active_at"
# The pages' own polls (the idle warning, an export job's progress, a note PDF being prepared)
# are not the user's activity: an open page must not keep an unattended session alive.
BACKGROUND_VIEW_NAMES = {"session_status", "exports:job_status", "notes:pdf_status"}
# A form was posted, with the session's CSRF token, just as the session expired: whoever owns
# that form may keep the input (the visits app keeps a step as a draft). Sent with request,
# user and the resolved URL (match), before the user is signed out.
expired_post = Signal()
ACTIVITY_RESOLUTION = 30  # seconds


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT] = request.session[ACTIVE_AT] = now


def url_name(request):
    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


def seconds_left(request, now=None) -> float:
    """Seconds until the session ends, whichever limit comes first."""
    now = now or time.time()
    login_at = request.session.get(LOGIN_AT, now)
    active_at = request.session.get(ACTIVE_AT, login_at)
    return min(active_at + settings.SESSION_IDLE_TIMEOUT,
               login_at + settings.SESSION_ABSOLUTE_LIFETIME) - now


def expiry_reason(request, now) -> str | None:
    login_at = request.session.get(LOGIN_AT, now)
    if now - request.session.get(ACTIVE_AT, login_at) > settings.SESSION_IDLE_TIMEOUT:
        return "idle"
    if now - login_at > settings.SESSION_ABSOLUTE_LIFETIME:
        return "absolute"
    return None


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        match = url_name(request)
        background = match is not None and match.view_name in BACKGROUND_VIEW_NAMES
        request.session.setdefault(LOGIN_AT, now)
        if reason := expiry_reason(request, now):
            return self.expire(request, user, reason, match, background)
        # Activity is recorded to the nearest half minute: no session write on every click.
        if not background and now - request.session.get(ACTIVE_AT, 0) > ACTIVITY_RESOLUTION:
            request.session[ACTIVE_AT] = now
        return self.get_response(request)

    def expire(self, request, user, reason, match, background):
        if request.method == "POST" and match is not None and passes_csrf(request, match):
            expired_post.send(sender=self.__class__, request=request, user=user, match=match)
        record_event(action=AuditAction.SESSION_EXPIRED, request=request, user=user,
                     details={"reason": reason, "path": request.path[:300]})
        logout(request)
        if background:
            return JsonResponse({"signed_in": False, "seconds_left": 0}, status=401)
        messages.info(request, _("You were signed out after a period without activity. "
                                 "Sign in to continue where you were.")
                      if reason == "idle" else
                      _("Your session reached its maximum length. Sign in again to continue."))
        return redirect_to_login(request.path if request.method == "POST"
                                 else request.get_full_path())


def passes_csrf(request, match) -> bool:
    """Whether a POST carries this session's CSRF token, asked before the view would ask.

    This middleware runs before Django's CSRF check (which happens just before the view), and
    a draft it keeps is offered to the user as their own input at the next sign-in: without
    this check another site's page could plant text in a clinician's note (T-50).
    """
    # Only its process_view is asked: the middleware's get_response is never called.
    check = CsrfViewMiddleware(lambda request: HttpResponse())
    return check.process_view(request, match.func, match.args, match.kwargs) is None


@require_GET
def session_status(request):
    """For the page's timeout warning; a background check that never extends the session."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0}, status=401)
    return JsonResponse({"signed_in": True, "seconds_left": max(0, int(seconds_left(request))),
                         "warn_before": settings.SESSION_WARNING_BEFORE})


@require_POST
def session_keepalive(request):
    """The user pressed "Stay signed in": a deliberate action, so it counts as activity at
    once (not to the nearest half minute, as other requests do)."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0}, status=401)
    request.session[ACTIVE_AT] = time.time()
    return JsonResponse({"signed_in": True, "seconds_left": max(0, int(seconds_left(request))),
                         "warn_before": settings.SESSION_WARNING_BEFORE})
