"""django-guid's Celery integration, made to keep the request's id when jobs run in-process.

On a worker the integration takes the id from the job's message (put there when the request
queued it). Without a broker (CELERY_TASK_ALWAYS_EAGER, one server) nothing is published, so it
would make up a new id for the job and clear it afterwards: the rest of the request would log
without one and answer "X-Request-ID: None". An in-process job is part of its request: it is
given the request's id before the integration looks, and the id is put back after it clears it.
"""

from celery.signals import task_postrun, task_prerun
from django_guid import get_guid, set_guid
from django_guid.integrations import CeleryIntegration

HEADER = "X-Request-ID"  # settings.DJANGO_GUID["GUID_HEADER_NAME"]


def lend_request_id(task, **kwargs):
    if task.request.is_eager and get_guid():
        task.request.update({HEADER: get_guid()})


def give_back_request_id(task, **kwargs):
    if task.request.is_eager and task.request.get(HEADER):
        set_guid(task.request.get(HEADER))


class RequestIdCeleryIntegration(CeleryIntegration):
    def setup(self) -> None:
        # Celery calls receivers in the order they were connected: lend before the
        # integration's own prerun, give back after its postrun.
        task_prerun.connect(lend_request_id, weak=False, dispatch_uid="lend_request_id")
        super().setup()
        task_postrun.connect(give_back_request_id, weak=False,
                             dispatch_uid="give_back_request_id")
