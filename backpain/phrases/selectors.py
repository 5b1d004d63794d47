"""The phrases a user may insert: their clinic's, in one query per page."""

from .models import PhraseTemplate


def phrases_for(user) -> list[dict[str, str]]:
    """[{"abbreviation": ..., "text": ...}] of the user's clinic, by abbreviation."""
    clinic_id = getattr(user, "clinic_id", None)
    if clinic_id is None:
        return []
    rows = PhraseTemplate.objects.filter(clinic_id=clinic_id).order_by("abbreviation")
    return [{"abbreviation": row["abbreviation"], "text": row["text"]}
            for row in rows.values("abbreviation", "text")]
