"""Short constructors for the declarations: `tri("history.fever", "Fever?")` and so on."""

from typing import Any

from .kinds import AllOf, AnsweredWith, AnyOf, Coding, Finding, InRange, Kind, Unit, Vocabulary

MINUTES = Unit("min", "min")


def tri(path: str, label: str, **options: Any) -> Finding:
    return Finding(path, Kind.TRI, label, **options)


def choice(path: str, values: Vocabulary, label: str, **options: Any) -> Finding:
    return Finding(path, Kind.CHOICE, label, values=values, **options)


def choices(path: str, values: Vocabulary, label: str, **options: Any) -> Finding:
    return Finding(path, Kind.CHOICES, label, values=values, **options)


def integer(path: str, low: int, high: int, label: str, **options: Any) -> Finding:
    return Finding(path, Kind.INTEGER, label, low=low, high=high, **options)


def decimal(path: str, low: float, high: float, label: str, places: int = 1,
            **options: Any) -> Finding:
    """A measured number, stored with `places` decimals (whole numbers when 0)."""
    return Finding(path, Kind.DECIMAL, label, low=low, high=high, places=places, **options)


def date(path: str, label: str, **options: Any) -> Finding:
    return Finding(path, Kind.DATE, label, **options)


def text(path: str, max_length: int, label: str, **options: Any) -> Finding:
    return Finding(path, Kind.TEXT, label, max_length=max_length, **options)


def when(path: str, *values: Any, described: str = "") -> AnsweredWith:
    """Asked only when the answer at `path` holds one of `values`."""
    return AnsweredWith(path, values, described)


def when_yes(path: str) -> AnsweredWith:
    return AnsweredWith(path, (True,))


def all_of(*parts: AnsweredWith | InRange, described: str = "") -> AllOf:
    return AllOf(parts, described)


def any_of(*parts: AnsweredWith | InRange, described: str = "") -> AnyOf:
    return AnyOf(parts, described)


def between(path: str, low: float, high: float) -> InRange:
    return InRange(path, low, high)


__all__ = ["Coding", "MINUTES", "all_of", "any_of", "between", "choice", "choices", "date",
           "decimal", "integer", "text", "tri", "when", "when_yes"]
