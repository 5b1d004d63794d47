"""Writing audit events: the one way any part of the app records who did what."""

from django.conf import settings

from .models import AuditEvent


def client_ip(request):
    """The client's address: the socket peer, or the entry a trusted proxy appended."""
    if request is None:
        return None
    if settings.NUM_PROXIES:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= settings.NUM_PROXIES:
            return forwarded[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR") or None


def record_event(
    *,
    action,
    request=None,
    user=None,
    obj=None,
    patient_id=None,
    details=None,
    username="",
    clinic_id=None,
):
    """Append one audit event. Call inside the transaction of the change it records."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    if user is not None and not user.is_authenticated:
        user = None
    return AuditEvent.objects.create(
        action=action,
        user=user,
        username=(user.get_username() if user else username)[:150],
        clinic_id=getattr(user, "clinic_id", None) or clinic_id,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        patient_id=patient_id,
        client_ip=client_ip(request),
        details=details or {},
    )
