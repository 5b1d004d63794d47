"""What every documentation step of a visit shares: one row per visit, and its findings."""

import datetime
import decimal
from typing import Any

from django.conf import settings
from django.db import models

from backpain.clinical import dictionary


class StepRecord(models.Model):
    """One step's record for a visit; its field names are those of the findings vocabulary."""

    # Bookkeeping columns that are not findings.
    record_fields = frozenset({"id", "visit", "updated_at", "updated_by"})
    # The dictionary section whose declarations the step stores (None: not declared there).
    findings_section: str | None = None
    # Each step declares its own `visit` (a foreign key, or a one-to-one primary key).
    visit_id: Any
    # The names of its check constraints that repeat a field's validators (fields.py).
    field_rule_constraints: frozenset[str] = frozenset()

    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from .visit import VisitLocked

        if self.visit_id and self.visit_is_signed():
            raise VisitLocked("The visit is signed: add an addendum to correct it.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from .visit import VisitLocked

        if self.visit_is_signed():
            raise VisitLocked("The visit is signed: its records cannot be deleted.")
        return super().delete(*args, **kwargs)

    def get_constraints(self):
        from .fields import without_field_rules

        return without_field_rules(super().get_constraints())

    def visit_is_signed(self) -> bool:
        from .visit import is_signed_as_stored

        return is_signed_as_stored(self.visit_id)

    @classmethod
    def finding_field_names(cls) -> list[str]:
        return [f.name for f in cls._meta.concrete_fields if f.name not in cls.record_fields]

    def to_findings(self) -> dict:
        """This step's part of the engine's findings document."""
        row = {name: finding_value(getattr(self, name)) for name in self.finding_field_names()}
        if self.findings_section is None:
            return row
        return dictionary.nested(dictionary.section(self.findings_section), row)


def finding_value(value):
    """A stored value as the engine reads it: a list with nothing ticked was not asked."""
    if value == [] or value == "":
        return None
    return plain_value(value)


def plain_value(value):
    """A field value as JSON: decimals as numbers, dates as ISO strings (the `assess` contract)."""
    # Decimals become floats and dates ISO strings, as in the JSON contract of `assess`.
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value
