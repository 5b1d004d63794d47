"""Reading the next part of a long read while the current one is being written.

An export reads a chunk of visits (PostgreSQL joins, detoasts and sends them), then writes it
(Python): done in turn, the database waits while Python writes and Python waits while the
database reads. `read_ahead` runs the reading in a thread of its own, with its own database
connection, one part ahead of the writing: the database's work (another process, often
another machine) then overlaps the writer's, and the GIL is free while the reader waits for
rows (issue 17's CSV figure; docs/operations.md "Database").

Each query of an export already runs in a transaction of its own (autocommit), so a reader
with its own connection reads what the export read before. The parts are read in this thread,
in turn, where a second connection would not do: inside a transaction (a caller's atomic
block, a test's), whose writes another connection cannot see; and on SQLite, which has no
server process to overlap with, and where a reader holding the database file would keep the
writer's own updates (a job's progress) waiting.
"""

import contextvars
import queue
import threading

from django.db import DEFAULT_DB_ALIAS, connections

# How long the reader waits for room before looking again whether the writer gave up.
POLL_SECONDS = 0.1
_END = object()


def read_ahead(parts, depth: int = 1):
    """Yield what `parts()` (a function returning an iterator that reads the database)
    yields, in order; reading up to `depth` parts ahead in another thread. An error of the
    reader is raised here, at the part it broke off at; if the consumer stops early, the
    reader stops too and closes its connection before this generator ends."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield from parts()
        return
    handoff: queue.Queue = queue.Queue(maxsize=depth)
    stopped = threading.Event()

    def hand_over(item) -> bool:
        while not stopped.is_set():
            try:
                handoff.put(item, timeout=POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def read():
        items = None
        try:
            items = parts()
            for part in items:
                if not hand_over((part, None)):
                    return
            hand_over((_END, None))
        except BaseException as error:  # handed to the consumer, raised there
            hand_over((_END, error))
        finally:
            # The reading given up early ends (its cursor closed) before its connection.
            if hasattr(items, "close"):
                items.close()
            connections.close_all()  # this thread's connections only

    # The reader runs in a copy of the caller's context: the request id in its log lines, the
    # language of the export.
    context = contextvars.copy_context()
    reader = threading.Thread(target=context.run, args=(read,), name="read-ahead",
                              daemon=True)
    reader.start()
    try:
        while True:
            part, error = handoff.get()
            if error is not None:
                raise error
            if part is _END:
                return
            yield part
    finally:
        stopped.set()
        reader.join()
