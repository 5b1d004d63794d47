"""Reads of signed notes, scoped to the user's clinic like every read of patient data."""

from django.shortcuts import get_object_or_404

from backpain.visits.selectors import visits_for

from .models import NoteVersion, Signature


def note_version_for(user, visit_pk, number):
    return get_object_or_404(
        NoteVersion.objects.filter(visit__in=visits_for(user)).select_related("visit"),
        visit_id=visit_pk, number=number)


def signatures_of(visit):
    return list(Signature.objects.filter(visit=visit).select_related("addendum"))


def versions_of(visit):
    return list(NoteVersion.objects.filter(visit=visit).order_by("number"))
