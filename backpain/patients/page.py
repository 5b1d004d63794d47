"""The patient page's panels contributed by the apps standing on patients (the visits list):
patients names none of them; each registers its panel when it is ready."""

from collections.abc import Callable
from typing import Any

PANELS: list[tuple[str, Callable[[Any, Any], dict]]] = []  # (template, context(user, patient))


def register_panel(template, context):
    PANELS.append((template, context))


def panels(user, patient) -> list[dict]:
    return [{"template": template, **context(user, patient)} for template, context in PANELS]
