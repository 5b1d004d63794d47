"""The deploy check that a production server which keeps its cache or its jobs in-process is
meant to be the only one (README "Deployment"; docs/operations.md "One server or several")."""

from django.conf import settings
from django.core import checks

# Caches that live in one process: each gunicorn worker and server counts its own throttles.
IN_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache",
                     "django.core.cache.backends.dummy.DummyCache")


def one_server_check(app_configs, **kwargs):
    if not settings.PRODUCTION or settings.ONE_SERVER:
        return []
    found = []
    if settings.CACHES["default"]["BACKEND"] in IN_PROCESS_CACHES:
        found.append(checks.Warning(
            "The cache is kept in each process: the password-reset throttles hold per gunicorn "
            "worker, and servers behind a load balancer do not share them.",
            hint="Set REDIS_URL (or CACHE_URL to a shared cache); on one server only, set "
                 "ONE_SERVER=true to accept it.",
            id="core.W001"))
    if not settings.CELERY_BROKER_URL:
        found.append(checks.Warning(
            "No job broker: note PDFs, exports and emails run inside the web request that "
            "queued them, and only on that server.",
            hint="Set REDIS_URL and run `celery -A backpain worker`; on one server only, set "
                 "ONE_SERVER=true to accept it.",
            id="core.W002"))
    return found
