"""The logging configuration: one JSON object a line (LOG_FORMAT=json, production's default) or
plain text (development's), each line with the id of the request or job it belongs to
(docs/operations.md "Logs").

Kept free of Django so that gunicorn's own processes can use it as well (gunicorn.conf.py).
"""

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
JSON_FIELDS = "%(levelname)s %(name)s %(message)s %(request_id)s"
# Django attaches the request object to its records: its text is the full path with the query
# string, which is no business of a log line. gunicorn's access record carries every request
# and response header in `args`: only the fields below are taken from it.
LEFT_OUT = (*RESERVED_ATTRS, "request")
ACCESS_FIELDS = {"m": "method", "U": "path", "s": "status", "B": "bytes", "M": "duration_ms",
                 "h": "remote_addr"}


class JsonLineFormatter(JsonFormatter):
    """JSON lines; gunicorn's access records become fields (no query string, no referrer, no
    cookies), with the request id the app returned in X-Request-ID."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", LEFT_OUT)
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")  # ISO 8601, UTC
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            atoms = record.args
            log_data.update({field: atoms.get(atom) for atom, field in ACCESS_FIELDS.items()})
            log_data["request_id"] = atoms.get("{x-request-id}o") or log_data.get("request_id")
            log_data["message"] = f"{atoms.get('m')} {atoms.get('U')} {atoms.get('s')}"


def log_format(environ) -> str:
    """LOG_FORMAT from the environment; unset, json in production and text elsewhere."""
    production = environ.get("DJANGO_ENV", "development") == "production"
    return environ.get("LOG_FORMAT") or ("json" if production else "text")


def logging_config(*, json: bool, level: str = "INFO") -> dict:
    formatter = ({"()": JsonLineFormatter, "fmt": JSON_FIELDS} if json
                 else {"format": TEXT_FORMAT})
    quiet = {"level": "WARNING"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        # The id django-guid holds for the request or job being served (None outside one).
        "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId",
                                   "correlation_id_field": "request_id"}},
        "formatters": {"line": formatter},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "line",
                        "filters": ["request_id"]},
            # gunicorn writes its access log to standard output: kept there.
            "access": {"class": "logging.StreamHandler", "formatter": "line",
                       "filters": ["request_id"], "stream": "ext://sys.stdout"},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
            # WeasyPrint narrates every render at INFO; its warnings still show.
            "weasyprint": quiet, "fontTools": quiet, "axes": quiet,
            # django-guid reports every id it makes up at INFO.
            "django_guid": quiet,
        },
    }
