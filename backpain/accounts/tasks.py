"""Emails to users, sent by the worker: the page that asks for one never waits on the mail
server, and a mail server that is down is tried again later.

With no broker (one server, `make run`) the email goes out in-process at once, and a failure
is raised to the caller, who can tell the person asking (there is no worker to try again).
"""

import logging

from celery import shared_task
from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)
RETRY_SECONDS = 30  # the first pause; each next one doubles


@shared_task(bind=True, max_retries=8)
def send_email(self, *, subject: str, body: str, from_email: str | None, to: list[str]):
    """One plain-text email; on a mail server error (OSError: refused, timed out, SMTP
    errors) it is tried again after 30 s, 1, 2, 4... minutes (about two hours in all)."""
    try:
        EmailMessage(subject, body, from_email, to).send()
    except OSError as error:
        if self.request.is_eager:
            raise
        logger.warning("Email not sent (try %d): %s", self.request.retries + 1, error)
        raise self.retry(exc=error, countdown=RETRY_SECONDS * 2 ** self.request.retries) from error


def queue_email(*, subject: str, body: str, from_email: str | None, to: list[str]) -> None:
    """Hand one email to the worker. Raises OSError when it cannot be handed over (the broker
    is unreachable) or, with no broker, when the mail server refused it."""
    try:
        send_email.delay(subject=subject, body=body, from_email=from_email, to=to)
    except OSError:
        raise
    except Exception as error:  # kombu's OperationalError: the broker did not take it
        raise OSError(f"the email could not be queued: {error}") from error
