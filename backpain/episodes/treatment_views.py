"""The course of treatment's screens: add a treatment to an episode, record its response."""

import copy

from crispy_forms.helper import FormHelper
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from backpain.core.access import permission_required
from backpain.core.service_forms import save_with_service

from . import selectors, treatments
from .models import Treatment
from .treatment_forms import ResponseForm, TreatmentForm


def without_tag(form):
    form.helper = FormHelper()
    form.helper.form_tag = False
    return form


@permission_required("episodes.add_treatment")
def treatment_add(request, pk):
    episode = selectors.episode_for(request.user, pk)
    form = without_tag(TreatmentForm(request.POST or None))
    if request.method == "POST" and save_with_service(request, form, treatments.add_treatment,
                                                      episode=episode):
        messages.success(request, _("Treatment added to the course."))
        return redirect("patients:detail", pk=episode.patient_id)
    return render(request, "episodes/treatment_form.html",
                  {"form": form, "episode": episode, "patient": episode.patient,
                   "title": _("Add a treatment"), "submit": _("Add the treatment")})


@permission_required("episodes.change_treatment")
def treatment_response(request, pk):
    treatment = get_object_or_404(
        Treatment.objects.select_related("episode__patient").filter(
            episode__in=selectors.episodes_for(request.user)), pk=pk)
    form = without_tag(ResponseForm(request.POST or None, instance=copy.copy(treatment)))
    if request.method == "POST" and save_with_service(request, form, treatments.record_response,
                                                      treatment=treatment):
        messages.success(request, _("Response recorded."))
        return redirect("patients:detail", pk=treatment.episode.patient_id)
    return render(request, "episodes/treatment_form.html",
                  {"form": form, "episode": treatment.episode,
                   "patient": treatment.episode.patient, "treatment": treatment,
                   "title": _("Response to %(treatment)s") % {"treatment": treatment.name},
                   "submit": _("Record the response")})
