"""Jobs queued at commit run in tests as they do in production.

A test with the `db` fixture runs inside a transaction that never commits, so Django would
never run a `transaction.on_commit` callback (the note's PDF, an email). Here a callback runs
when the code's own outermost transaction ends, as the commit would have; one registered
outside any transaction of the code runs at once, as in autocommit. A rolled-back block
drops its callbacks, as Django does. Transactional tests commit for real and are left alone.
"""

import logging

import pytest
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger("django.db.backends.base")


def only_the_tests_transaction(connection) -> bool:
    return all(block._from_testcase for block in connection.atomic_blocks)


def run_callbacks(connection):
    pending, connection.run_on_commit = connection.run_on_commit, []
    for _, callback, robust in pending:
        if robust:
            try:
                callback()
            except Exception:  # as Django's robust callbacks: logged, never raised
                logger.exception("on_commit callback failed")
        else:
            callback()


@pytest.fixture(autouse=True)
def on_commit_runs_at_the_codes_commit(monkeypatch):
    original_on_commit = BaseDatabaseWrapper.on_commit
    original_exit = transaction.Atomic.__exit__

    def on_commit(self, func, robust=False):
        original_on_commit(self, func, robust)
        if self.in_atomic_block and only_the_tests_transaction(self):
            run_callbacks(self)

    def exit_atomic(self, exc_type, exc_value, traceback):
        original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if (exc_type is None and connection.in_atomic_block and connection.atomic_blocks
                and only_the_tests_transaction(connection) and not connection.needs_rollback):
            run_callbacks(connection)

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_atomic)
