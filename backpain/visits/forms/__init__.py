"""Forms of the visit: opening a visit, and one form per documentation step."""

from .open_visit import OpenVisitForm

__all__ = ["OpenVisitForm"]
