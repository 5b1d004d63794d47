from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    name = "backpain.core"
    label = "core"

    def ready(self):
        from .checks import one_server_check

        checks.register(one_server_check, checks.Tags.caches, deploy=True)
