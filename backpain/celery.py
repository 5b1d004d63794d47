"""The Celery application: background jobs (note PDFs, exports, emails) run by a worker.

Without a broker (no REDIS_URL / CELERY_BROKER_URL, as with `make run`) every job runs
in-process at once (CELERY_TASK_ALWAYS_EAGER), so one server needs nothing more.
Start a worker with `.venv/bin/celery -A backpain worker`.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backpain.settings")

app = Celery("backpain")
app.config_from_object("django.conf:settings", namespace="CELERY")
if not app.conf.broker_url:
    # In-process jobs still take a producer (Celery reads its serializer): one of the memory
    # transport, instead of an unused amqp://localhost and a warning on every job.
    app.conf.broker_url = "memory://localhost/"
app.autodiscover_tasks()
