"""The phrases a user may insert: their clinic's, in one query per page."""

from backpain.core.prepared_queries import PreparedQuery

from .models import PhraseTemplate

# Compiled to SQL once per process (core/prepared_queries.py): every step page asks.
CLINIC_PHRASES = PreparedQuery(
    lambda clinic_id: PhraseTemplate.objects.filter(clinic_id=clinic_id)
    .order_by("abbreviation").values("abbreviation", "text"),
    clinic_id=PhraseTemplate._meta.get_field("clinic"))


def phrases_for(user) -> list[dict[str, str]]:
    """[{"abbreviation": ..., "text": ...}] of the user's clinic, by abbreviation."""
    clinic_id = getattr(user, "clinic_id", None)
    if clinic_id is None:
        return []
    return CLINIC_PHRASES.rows(clinic_id=clinic_id)
