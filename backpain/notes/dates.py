"""Dates as the note prints them: 25 Nov 2026, unambiguous on both sides of the Atlantic."""

from datetime import date

# English month abbreviations whatever the process locale (strftime's %b follows it).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value) -> str:
    """2026-11-25 (a date or its ISO text) -> 25 Nov 2026; anything else as it is."""
    if isinstance(value, date):
        parsed = value
    else:
        try:
            parsed = date.fromisoformat(value)
        except (TypeError, ValueError):
            return value or ""
    return f"{parsed.day} {MONTHS[parsed.month - 1]} {parsed.year}"
