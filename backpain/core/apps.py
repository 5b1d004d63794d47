from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    name = "backpain.core"
    label = "core"

    def ready(self):
        # The Celery app, loaded with Django so that every `shared_task` queues through it
        # (a worker started with `celery -A backpain` finds backpain/celery.py itself).
        from backpain import celery  # noqa: F401

        from .checks import one_server_check

        checks.register(one_server_check, checks.Tags.caches, deploy=True)
