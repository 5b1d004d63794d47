"""Reads of clinic staff."""

from .models import User
from .roles import Role


def physicians_of_clinic(clinic_id):
    return User.objects.filter(
        clinic_id=clinic_id, is_active=True, groups__name=Role.PHYSICIAN.value
    ).order_by("last_name", "first_name")
