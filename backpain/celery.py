"""The Celery application: background jobs (note PDFs, exports, emails) run by a worker.

Without a broker (no REDIS_URL / CELERY_BROKER_URL, as with `make run`) every job runs
in-process at once (CELERY_TASK_ALWAYS_EAGER), so one server needs nothing more.
Start a worker with `.venv/bin/celery -A backpain worker`.
"""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backpain.settings")

app = Celery("backpain")
app.config_from_object("django.conf:settings", namespace="CELERY")
if not app.conf.broker_url:
    # In-process jobs still take a producer (Celery reads its serializer): one of the memory
    # transport, instead of an unused amqp://localhost and a warning on every job.
    app.conf.broker_url = "memory://localhost/"
app.autodiscover_tasks()


@signals.celeryd_init.connect
def yield_the_cpu_to_the_pages(**_signal):
    """A worker started from the command line runs below the app servers' priority
    (WORKER_NICENESS): its pool's processes inherit it. Workers started in a test's process do
    not send this signal and leave the test's priority alone."""
    from django.conf import settings

    # Set, not added: a worker already started under `nice` (or systemd's Nice=) keeps the
    # lower of the two priorities. Threads and processes started after this inherit it.
    if os.getpriority(os.PRIO_PROCESS, 0) < settings.WORKER_NICENESS:
        os.setpriority(os.PRIO_PROCESS, 0, settings.WORKER_NICENESS)
