"""Episode screens: edit an episode, close and reopen it."""

import copy

from crispy_forms.helper import FormHelper
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backpain.core.access import permission_required
from backpain.core.service_forms import save_with_service

from . import selectors, services
from .forms import EpisodeForm


@permission_required("episodes.change_episode")
def episode_edit(request, pk):
    episode = selectors.episode_for(request.user, pk)
    # The form validates a copy: the service compares against the stored values to audit.
    form = EpisodeForm(request.POST or None, instance=copy.copy(episode))
    form.helper = FormHelper()
    form.helper.form_tag = False
    if request.method == "POST" and save_with_service(request, form, services.edit_episode,
                                                      episode=episode):
        messages.success(request, _("Episode saved."))
        return redirect("patients:detail", pk=episode.patient_id)
    return render(request, "episodes/episode_form.html",
                  {"form": form, "episode": episode, "patient": episode.patient})


@permission_required("episodes.change_episode")
@require_POST
def episode_close(request, pk):
    episode = selectors.episode_for(request.user, pk)
    services.close_episode(user=request.user, episode=episode, request=request)
    messages.success(request, _("Episode closed: its follow-ups leave the work list."))
    return redirect("patients:detail", pk=episode.patient_id)


@permission_required("episodes.change_episode")
@require_POST
def episode_reopen(request, pk):
    episode = selectors.episode_for(request.user, pk)
    services.reopen_episode(user=request.user, episode=episode, request=request)
    messages.success(request, _("Episode reopened."))
    return redirect("patients:detail", pk=episode.patient_id)
