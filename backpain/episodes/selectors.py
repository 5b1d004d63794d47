"""Reads of episodes of care, always scoped to the acting user's clinic."""

from django.db.models import Count
from django.shortcuts import get_object_or_404

from .models import Episode, EpisodeStatus, FollowUpPoint


def episodes_for(user):
    return Episode.objects.filter(patient__clinic_id=user.clinic_id)


def episode_for(user, pk):
    """One episode of the user's clinic; any other id answers 404."""
    return get_object_or_404(episodes_for(user).select_related("patient"), pk=pk)


def open_episodes_of(patient):
    """The patient's open episodes, the most recently started first (the default to join)."""
    return Episode.objects.filter(patient=patient, status=EpisodeStatus.OPEN).order_by(
        "-start_date", "-id")


def episodes_of_patient(user, patient):
    """The patient's episodes with their number of visits, newest first; one query."""
    return episodes_for(user).filter(patient=patient).annotate(visit_count=Count("visits"))


def schedule_of(clinic_id):
    return list(FollowUpPoint.objects.filter(clinic_id=clinic_id).order_by("days_after_index"))
