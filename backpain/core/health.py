"""Health checks for a load balancer: /healthz (the process answers) and /readyz (the database,
Redis and the file storages answer), docs/operations.md "Health checks".

They are answered by a middleware that runs before every other but django-guid's, so a probe
needs no allowed Host header (balancers probe by address), is never redirected to HTTPS, never
reads or writes a session, never meets CSRF or the audit trail, and costs a few milliseconds. A
failing check is named with the kind of error only: the detail, which may name hosts or
accounts, goes to the server log.
"""

import logging
import uuid
from collections.abc import Callable

import redis
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)
ALIVE_PATH, READY_PATH = "/healthz", "/readyz"
# The file storages the app writes to (settings.STORAGES); static files are read-only.
CHECKED_STORAGES = ("default", "exports")
PROBE_FOLDER = "health"
REDIS_TIMEOUT = 2  # seconds: a balancer's probe times out soon after
# One client per URL: redis-py pools its connections, so a probe does not reconnect each time.
redis_clients: dict[str, redis.Redis] = {}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_redis(url: str) -> Callable[[], None]:
    def ping():
        client = redis_clients.get(url)
        if client is None:
            client = redis_clients[url] = redis.Redis.from_url(
                url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT)
        client.ping()
    return ping


def redis_answers(url: str) -> bool:
    """Whether Redis at `url` answers a ping: for the tools that use it when it is there (the
    job tests, the bench's export job)."""
    try:
        check_redis(url)()
    except redis.RedisError:
        return False
    return True


def check_storage(alias: str) -> Callable[[], None]:
    """Write, read back and delete a tiny file: a storage that only lists (a read-only mount,
    a full disk, a key without write access) would fail the next signing."""
    def probe():
        storage = storages[alias]
        content = uuid.uuid4().hex.encode()
        name = storage.save(f"{PROBE_FOLDER}/probe-{content.decode()}.txt", ContentFile(content))
        try:
            with storage.open(name, "rb") as stored:
                if stored.read() != content:
                    raise OSError("the probe file read back differs")
        finally:
            storage.delete(name)
    return probe


def readiness_checks() -> dict[str, Callable[[], None]]:
    checks = {"database": check_database}
    # The cache and throttles (REDIS_URL) and the job queue (the broker) may be two servers.
    if settings.REDIS_URL:
        checks["redis"] = check_redis(settings.REDIS_URL)
    broker = settings.CELERY_BROKER_URL
    if broker and broker != settings.REDIS_URL:
        checks["broker"] = check_redis(broker)
    for alias in CHECKED_STORAGES:
        checks[f"storage:{alias}"] = check_storage(alias)
    return checks


def run_check(name: str, check: Callable[[], None]) -> str:
    try:
        check()
    except Exception as error:
        logger.warning("Readiness check %s failed", name, exc_info=True)
        return f"fail: {type(error).__name__}"
    return "ok"


def alive(request) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def ready(request) -> JsonResponse:
    results = {name: run_check(name, check) for name, check in readiness_checks().items()}
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "fail", "checks": results},
                        status=200 if healthy else 503)


PROBES = {ALIVE_PATH: alive, READY_PATH: ready}
PROBE_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                 "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
                 "Referrer-Policy": "no-referrer"}


class HealthCheckMiddleware:
    """Answers the two probe paths (GET or HEAD) before the rest of the stack sees them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info.rstrip("/") or "/")
        if probe is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        response = probe(request)
        add_never_cache_headers(response)
        # Answered before SecurityMiddleware and django-csp: the headers a page gets that
        # matter for a bare text or JSON answer (nothing to frame, sniff or load).
        for header, value in PROBE_HEADERS.items():
            response[header] = value
        return response
