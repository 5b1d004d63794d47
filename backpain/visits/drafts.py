"""Server-side drafts: a step form posted after the session expired is kept, not lost.

After signing in again the step page shows the draft, unsaved, until the user saves it
(which removes the draft) or discards it.
"""

import json

from django.http import Http404, QueryDict

from .models import StepDraft
from .selectors import visit_for
from .steps import STEPS_BY_SLUG

MAX_DRAFT_BYTES = 200_000
NOT_KEPT = {"csrfmiddlewaretoken", "save", "continue"}


def keep_expired_post(sender, request, user, match, **kwargs):
    """Receives accounts.sessions.expired_post, before the user is signed out."""
    if match.namespace != "visits" or match.url_name != "step":
        return None
    step = STEPS_BY_SLUG.get(match.kwargs.get("slug"))
    try:
        visit = visit_for(user, match.kwargs.get("pk"))
    except Http404:
        return None
    if step is None or visit.is_signed or not step.can_edit(user):
        return None
    data = {key: request.POST.getlist(key) for key in request.POST if key not in NOT_KEPT}
    if len(json.dumps(data)) > MAX_DRAFT_BYTES:
        return None
    draft, _ = StepDraft.objects.update_or_create(visit=visit, step=step.slug, user=user,
                                                  defaults={"data": data})
    return draft


def draft_data(user, visit, step):
    """The kept input as form data, or None."""
    draft = StepDraft.objects.filter(visit=visit, step=step.slug, user=user).first()
    if draft is None:
        return None
    data = QueryDict(mutable=True)
    for key, values in draft.data.items():
        data.setlist(key, values)
    return data


def discard(user, visit, step):
    StepDraft.objects.filter(visit=visit, step=step.slug, user=user).delete()
