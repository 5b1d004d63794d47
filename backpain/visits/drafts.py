"""Server-side drafts: what a user typed into a step and has not saved yet is kept, not lost.

The step page autosaves its form as the user types (static/js/autosave.js posts to the
step's draft URL), and a step form posted after the session expired is kept too. On return,
from any device, the step page shows the draft, unsaved, until the user saves it (which
removes the draft) or discards it. A draft belongs to one user, visit and step; it is kept
only from a request that passed the CSRF check, never for a signed visit or for a step the
user may not edit, and never above MAX_DRAFT_BYTES.
"""

import json

from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backpain.core.prepared_queries import PreparedQuery

from .models import StepDraft, StepRevision
from .selectors import visit_for
from .steps import STEPS_BY_SLUG

MAX_DRAFT_BYTES = 200_000
# The buttons and the token say how the form was sent, not what was typed.
NOT_KEPT = {"csrfmiddlewaretoken", "save", "continue", "review", "complete_intake",
            "discard_draft"}
DRAFT_URL_NAMES = {"step", "step_draft"}
TOO_LARGE = gettext_lazy("Too much text to keep as a draft: save the step to keep it.")
SAVED_SINCE = gettext_lazy("You saved this step since this page was loaded: this page's "
                           "entries are not kept as a draft. Save them to see the differences.")
SIGNED = gettext_lazy("This visit is signed: nothing typed here is kept. Add an addendum to "
                      "correct it.")


def typed(post) -> dict[str, list[str]]:
    """The posted form as field name -> list of values, without its buttons and token."""
    return {key: post.getlist(key) for key in post if key not in NOT_KEPT}


def refusal(user, visit, step, data) -> tuple[int, str] | None:
    """Why this input cannot be kept as a draft, as an HTTP status and words, or None."""
    if not step.can_edit(user):
        return 403, _("You may not edit this step.")
    if visit.is_signed:
        return 409, str(SIGNED)
    if len(json.dumps(data)) > MAX_DRAFT_BYTES:
        return 413, str(TOO_LARGE)
    if saved_since(user, visit, step, data):
        return 409, str(SAVED_SINCE)
    return None


def saved_since(user, visit, step, data) -> bool:
    """Whether the user saved this step after the page posting `data` was loaded: its input is
    then older than the record (an autosave that arrived after the user's own save, or a page
    left open on another computer), and kept as a draft it would be offered as newer."""
    try:
        loaded = int((data.get("version") or [""])[0])
    except ValueError:
        return False
    return StepRevision.objects.filter(visit=visit, step=step.slug, saved_by=user,
                                       version__gt=loaded).exists()


def keep(user, visit, step, data) -> StepDraft:
    """Keep `data` (already checked by `refusal`) as the user's draft of the step."""
    draft, _created = StepDraft.objects.update_or_create(visit=visit, step=step.slug, user=user,
                                                         defaults={"data": data})
    return draft


def keep_expired_post(sender, request, user, match, **kwargs):
    """Receives accounts.sessions.expired_post (sent only for a post that passed the CSRF
    check), before the user is signed out: a step saved or autosaved just then is kept."""
    if match.namespace != "visits" or match.url_name not in DRAFT_URL_NAMES:
        return None
    step = STEPS_BY_SLUG.get(match.kwargs.get("slug"))
    try:
        visit = visit_for(user, match.kwargs.get("pk"))
    except Http404:
        return None
    data = typed(request.POST)
    if step is None or refusal(user, visit, step, data) is not None:
        return None
    return keep(user, visit, step, data)


# Compiled to SQL once per process (core/prepared_queries.py): every step page asks.
USER_DRAFTS = PreparedQuery(
    lambda visit_id, user_id: StepDraft.objects.filter(visit_id=visit_id, user_id=user_id),
    visit_id=StepDraft._meta.get_field("visit"), user_id=StepDraft._meta.get_field("user"))


def drafts_by_step(user, visit) -> dict[str, StepDraft]:
    """The user's drafts of the visit, by step slug: one query for a step page's own draft and
    its navigator's marks."""
    return {draft.step: draft for draft in USER_DRAFTS.rows(visit_id=visit.pk, user_id=user.pk)}


def as_form_data(draft) -> QueryDict:
    """The kept input as the form data it was posted as."""
    data = QueryDict(mutable=True)
    for key, values in draft.data.items():
        data.setlist(key, values)
    return data


def steps_with_drafts(user, visit, steps) -> list:
    """Those of `steps` the user has a draft of."""
    slugs = set(StepDraft.objects.filter(visit=visit, user=user,
                                         step__in=[s.slug for s in steps])
                .values_list("step", flat=True))
    return [step for step in steps if step.slug in slugs]


def others_drafts(user, visit) -> list[tuple]:
    """(step, user) of every other user's unsaved changes to the visit: the signer cannot
    save or discard them, but is told they are not in the note."""
    drafts = (StepDraft.objects.filter(visit=visit).exclude(user=user).select_related("user")
              .order_by("pk"))
    return [(STEPS_BY_SLUG[draft.step], draft.user) for draft in drafts
            if draft.step in STEPS_BY_SLUG]


def discard(user, visit, step):
    StepDraft.objects.filter(visit=visit, step=step.slug, user=user).delete()
