"""Running a service from a validated form, so that a service's refusal reads as form errors."""

from django.core.exceptions import ValidationError


def save_with_service(request, form, service, **extra):
    """Call `service(user=..., request=..., **cleaned_data, **extra)` if the form is valid.

    Returns what the service returns, or None when the form or the service found a problem;
    the service's field errors are attached to the form's fields.
    """
    if not form.is_valid():
        return None
    try:
        return service(user=request.user, request=request, **form.cleaned_data, **extra)
    except ValidationError as error:
        form.add_error(None, error)
        return None
