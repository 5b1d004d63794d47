"""gunicorn settings for production: `.venv/bin/gunicorn -c gunicorn.conf.py backpain.wsgi`.

Threaded workers: an export of thousands of visits streams for minutes in one thread while
the worker's main thread keeps reporting to the arbiter; a sync worker would be killed after
`timeout` seconds in the middle of the download.
"""

import os

from backpain.core.json_logs import log_format, logging_config

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker that stops answering its arbiter this long is restarted (not a request limit).
timeout = 120
graceful_timeout = 30
# Workers are replaced now and then, so memory stays bounded over months of uptime. Rarely:
# a new worker starts cold (imports, templates, connections), and at 2,000 requests the
# workers restarted six times in four minutes of load (issue 17). 20,000 is about a day of a
# busy clinic per worker; the jitter (up to 2,000 more) keeps the workers from restarting at
# the same moment, so some are always warm.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))
# The access log holds paths and status codes; URLs carry ids only, never names or MRNs.
accesslog = "-"

# gunicorn's own lines as the app's: JSON unless LOG_FORMAT=text (docs/operations.md "Logs").
logconfig_dict = logging_config(json=log_format(os.environ) == "json",
                                level=os.environ.get("LOG_LEVEL", "INFO"))
# The collector's first threshold (Python's default is 700 objects made and not yet freed):
# a step page crossed it one or two times, so a worker ran a young collection on most pages, a
# middle one every few pages and a full one (15-25 ms, every thread of the worker waiting)
# every 40-80 pages. At 10,000 the collector takes about half the time it did and a full
# collection comes every thousand pages or so (bench/README.md). What a request leaves behind
# is still freed by reference counting as it goes: the threshold only delays finding cycles.
gc_threshold = int(os.environ.get("GUNICORN_GC_THRESHOLD", "10000"))


def post_worker_init(worker):
    """Once a worker has loaded the app, everything loaded so far (Django, the templates' and
    the dictionary's objects, some 200,000 of them) goes into the garbage collector's permanent
    generation: a full collection then walks only what requests create. Measured in process,
    a full collection during a page went from 130-155 ms to 17-35 ms (bench/README.md)."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(gc_threshold, *gc.get_threshold()[1:])
