"""Authentication backend: Django's, minus demo accounts on a production server."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class ClinicModelBackend(ModelBackend):
    def user_can_authenticate(self, user):
        if settings.REFUSE_DEMO_USERS and getattr(user, "is_demo", False):
            return False
        return super().user_can_authenticate(user)
