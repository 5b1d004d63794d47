"""The patient page's panels contributed by the apps standing on patients (the visits list):
patients names none of them; each registers its panel when it is ready."""

PANELS = []  # (template, context(user, patient) -> dict)


def register_panel(template, context):
    PANELS.append((template, context))


def panels(user, patient) -> list[dict]:
    return [{"template": template, **context(user, patient)} for template, context in PANELS]
