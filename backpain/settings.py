"""Settings for backpain, read from the environment with safe defaults for a laptop."""

import datetime
import os
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from backpain.core.json_logs import log_format, logging_config
from backpain.core.request_ids import RequestIdCeleryIntegration

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    # A production server must never start on a guessable key or an open host list.
    for required in ("SECRET_KEY", "ALLOWED_HOSTS"):
        if not env.str(required, default=""):
            raise ImproperlyConfigured(f"{required} must be set when DJANGO_ENV=production")
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    DEBUG = False
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    DEBUG = env.bool("DEBUG", default=True)

INSTALLED_APPS = [
    "backpain.admin_site.ClinicAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: runserver serves static files through WhiteNoise too, as production
    # does (Django's own handler answers a `..` in the path with a 500).
    "whitenoise.runserver_nostatic",
    "backpain.staticfiles.StaticFilesConfig",
    "crispy_forms",
    "django_guid",
    "backpain.core",
    "axes",
    "csp",
    "crispy_bootstrap5",
    "backpain.accounts",
    "backpain.phrases",
    "backpain.audit",
    "backpain.patients",
    "backpain.episodes",
    "backpain.visits",
    "backpain.clinical",
    "backpain.notes",
    "backpain.exports",
]

MIDDLEWARE = [
    # First: every log line of the request, and the jobs it queues, carry its id.
    "django_guid.middleware.guid_middleware",
    # Before host validation, the HTTPS redirect and sessions: a load balancer's probe.
    "backpain.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files, in development (from the source folders, re-read on change) as in
    # production (collected, hashed names, compressed).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "backpain.accounts.middleware.ClinicTimezoneMiddleware",
    "backpain.accounts.middleware.ClinicLocaleMiddleware",
    "backpain.accounts.middleware.NoStoreMiddleware",
    "backpain.accounts.middleware.RefusedLookupAuditMiddleware",
    "backpain.accounts.sessions.SessionTimeoutMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backpain.urls"
WSGI_APPLICATION = "backpain.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "backpain.accounts.context_processors.capabilities",
            ],
        },
    },
]

# SQLite beside the code unless DATABASE_URL names another database (sqlite:///path or
# postgres://...). Connection pooling stays off: it does not mix with CONN_MAX_AGE.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters bound by the server, and a query run twice on a connection prepared: its plan
    # is kept for the connection's life. A visit with its steps joins a dozen tables, and
    # PostgreSQL took longer to plan that query than to run it (docs/operations.md "Database").
    # DB_PREPARE_THRESHOLD=off behind a pooler in transaction mode (PgBouncer < 1.21).
    threshold = env.str("DB_PREPARE_THRESHOLD", default="2")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=None if threshold.lower() in ("off", "none", "") else int(threshold))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# django-axes first: it counts every failed authenticate(request=...), signing included.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "backpain.accounts.backends.ClinicModelBackend",
]
# Demo accounts (with a published password) are refused on a production server.
REFUSE_DEMO_USERS = PRODUCTION

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Email carries the links with which users choose their own password. In development the
# messages are printed to the console; a production server defaults to the local mail relay,
# because a reset link in the server log would let anyone reading the log take the account.
# e.g. EMAIL_URL=smtp+tls://user:password@mail.clinic.example:587
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://")
globals().update({name: value for name, value in EMAIL_CONFIG.items() if value is not None})
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="backpain <no-reply@localhost>")
# Links are sent while the page waits: a mail server that does not answer must not hang it.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# How long an emailed link to set a password works (seconds); each link works once.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 60 * 60)

# Redis (e.g. REDIS_URL=redis://127.0.0.1:6379/0) is what several app servers share: the
# cache (throttling counters) and the job queue. Unset, one server keeps both in-process.
REDIS_URL = env.str("REDIS_URL", default="")

# The cache holds throttling counters (password-reset requests) and nothing a request must
# find again. One process's memory by default; Redis when REDIS_URL is set, so the limits hold
# across gunicorn workers and servers; CACHE_URL names any other Django cache.
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL")}
elif REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL, "KEY_PREFIX": "backpain"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A production server without Redis (cache in each process, jobs in the request) must be the
# only one: `check --deploy` warns unless ONE_SERVER=true says so (backpain/core/checks.py).
ONE_SERVER = env.bool("ONE_SERVER", default=False)

# Background jobs (Celery): note PDFs after signing, exports, emails. The broker is Redis
# when REDIS_URL is set; without one every job runs in-process at once, so `make run` needs
# nothing more. Job state lives in the database (the job's own rows), not in Celery results.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A job is acknowledged when it has finished, so a worker killed mid-job leaves it queued for
# the next one; every job is idempotent (it checks its own rows before doing anything).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Seconds before Redis hands an unacknowledged job to another worker (the worker that took it
# may have died). Longer than the longest job; a job also resumes when a worker starts.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60)}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A worker started with `celery worker` lowers its CPU priority to this niceness (0 keeps
# it): on a machine it shares with app servers, the pages come first and a long export or a
# batch of PDFs takes the CPU they leave (docs/operations.md "Background jobs").
WORKER_NICENESS = env.int("WORKER_NICENESS", default=10)
if not 0 <= WORKER_NICENESS <= 19:
    raise ImproperlyConfigured("WORKER_NICENESS must be between 0 and 19.")

# Every user-facing text is marked for translation; only English ships (LOCALE_PATHS may stay
# empty). Each clinic chooses one of LANGUAGES (Clinic.locale): the signed-in user's pages
# take its language and date formats (ClinicLocaleMiddleware). LANGUAGE_CODE is the default
# of a new clinic and the locale of pages shown to nobody's clinic (sign-in, password reset).
USE_I18N = True
LANGUAGES = [
    ("en-gb", gettext_lazy("English (United Kingdom)")),
    ("en-us", gettext_lazy("English (United States)")),
]
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-gb")
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        f"LANGUAGE_CODE must be one of {', '.join(dict(LANGUAGES))}, not {LANGUAGE_CODE!r}.")
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
# Stored times are UTC; each request is shown in its clinic's zone (ClinicTimezoneMiddleware).
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
CLINIC_DEFAULT_TIMEZONE = env.str("CLINIC_DEFAULT_TIMEZONE", default="Europe/London")

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# A directory, or (prefix, directory) as Bootstrap's below.
STATICFILES_DIRS: list[Path | tuple[str, str]] = [BASE_DIR / "static"]
# Signed note PDFs ("default") and export result files ("exports") go through Django's storage
# API: folders under MEDIA_ROOT by default, or an S3-compatible object store shared by every
# app server and worker with STORAGE_BACKEND=s3 (django-storages; S3_BUCKET, S3_ENDPOINT_URL,
# S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_REGION). Nothing in them is public: files are
# served only through views that check access.
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="filesystem")
if STORAGE_BACKEND not in ("filesystem", "s3"):
    raise ImproperlyConfigured("STORAGE_BACKEND must be filesystem or s3.")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")


def file_storage(prefix: str) -> dict:
    """One storage configuration; `prefix` names the environment variables of a second
    bucket (e.g. EXPORTS_S3_BUCKET), falling back to the shared ones. Files are named by their
    model's upload_to (notes/..., exports/...), so one bucket or folder can hold both."""
    if STORAGE_BACKEND == "filesystem":
        # No location: MEDIA_ROOT, read when used (tests point it at a temporary folder).
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {"BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": env.str(f"{prefix}S3_BUCKET", default="")
                        or env.str("S3_BUCKET"),
                        "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
                        "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
                        "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
                        "region_name": env.str("S3_REGION", default="") or None,
                        "default_acl": None, "file_overwrite": False,
                        "querystring_auth": False}}


STORAGES = {
    "default": file_storage(""),
    "exports": file_storage("EXPORTS_"),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# An export's result file holds patient data: it is kept this many hours for its administrator
# to download, then deleted by `manage.py purge_exports` (run hourly by Celery beat, see
# CELERY_BEAT_SCHEDULE, or by cron where no beat runs); a download after that is refused.
EXPORT_RETENTION_HOURS = env.int("EXPORT_RETENTION_HOURS", default=24)
# Periodic jobs, run by one `celery -A backpain beat` process beside the workers. Without beat
# (one server, no Redis), schedule `manage.py purge_exports` in cron instead.
CELERY_BEAT_SCHEDULE = {
    "purge-expired-exports": {"task": "backpain.exports.tasks.purge_expired_exports",
                              "schedule": 60 * 60},
}
# In development WhiteNoise serves straight from the source folders and notices edits.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION
# Source maps are read by developer tools only: compressing them took most of collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br",
    "woff", "woff2", "map"]
# Signed notes are stored under MEDIA_ROOT (see STORAGES) and only ever served through a view
# that checks access: there is deliberately no MEDIA_URL route.
# Paper size of the signed note: "A4" or "Letter".
NOTE_PAGE_SIZE = env.str("NOTE_PAGE_SIZE", default="A4")
if NOTE_PAGE_SIZE not in ("A4", "Letter"):
    raise ImproperlyConfigured("NOTE_PAGE_SIZE must be A4 or Letter.")
# The clinic's certificate and key that sign every note PDF (PAdES). Keep the key outside
# the repository and readable only by the app; `create_signing_certificate` makes a demo pair.
NOTE_SIGNING_CERT = env.path("NOTE_SIGNING_CERT", default=BASE_DIR / "signing" / "clinic-cert.pem")
NOTE_SIGNING_KEY = env.path("NOTE_SIGNING_KEY", default=BASE_DIR / "signing" / "clinic-key.pem")
NOTE_SIGNING_KEY_PASSPHRASE = env.str("NOTE_SIGNING_KEY_PASSPHRASE", default="")
# Certificates the notes signed before a renewal were signed with (PEM paths, comma-separated),
# or the clinic CA's root: trusted beside NOTE_SIGNING_CERT when notes are verified.
NOTE_SIGNING_TRUSTED_CERTS = env.list("NOTE_SIGNING_TRUSTED_CERTS", default=[])

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# A misspelled layout field must fail loudly rather than vanish from the form.
CRISPY_FAIL_SILENTLY = not DEBUG

# Sessions: an idle timeout that only the user's own actions extend (background requests
# never do), and an absolute lifetime; both enforced by SessionTimeoutMiddleware.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=15 * 60)
SESSION_ABSOLUTE_LIFETIME = env.int("SESSION_ABSOLUTE_LIFETIME", default=12 * 60 * 60)
SESSION_WARNING_BEFORE = env.int("SESSION_WARNING_BEFORE", default=2 * 60)
# A bulk export asks for the password again unless it was confirmed this long ago or less.
REAUTH_WINDOW = env.int("REAUTH_WINDOW", default=5 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Behind a TLS-terminating proxy, how many proxies append to X-Forwarded-For
# (0: trust only the socket address) when recording the client IP in the audit log.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# Login throttling (django-axes): locked per username from one address, so neither a
# guessed password nor a clinic's shared NAT address can lock everybody out. Failed signing
# passwords count too. An administrator unlocks in the admin (Access attempts) or with
# `manage.py axes_reset_username USERNAME`.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "backpain.audit.services.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Content Security Policy (django-csp): scripts only from this origin or with the page's
# nonce, no inline styles or scripts, no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
X_FRAME_OPTIONS = "DENY"
# Messages name patients ("Registered OKAFOR, Chinedu."): keep them server-side, not in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host-: the browser accepts the cookie only over HTTPS, for this host, on path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Request ids (django-guid): an X-Request-ID sent by the proxy is kept (if it is a UUID, with
# or without dashes), otherwise one is made; either way it is returned in the response, written
# on every log line of the request, and handed to the jobs the request queues.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
    "INTEGRATIONS": [RequestIdCeleryIntegration(use_django_logging=True)],
}

# One JSON object a line for a log collector (production's default), or plain text.
LOG_FORMAT = log_format(os.environ)
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
LOGGING = logging_config(json=LOG_FORMAT == "json", level=env.str("LOG_LEVEL", default="INFO"))

# Bootstrap's files come from the XStatic package, not a CDN: the clinic may be offline,
# and a third-party CDN would learn which pages staff open.
import xstatic.pkg.bootstrap  # noqa: E402

STATICFILES_DIRS.append(("bootstrap", xstatic.pkg.bootstrap.BASE_DIR))
