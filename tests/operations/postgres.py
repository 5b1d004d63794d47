"""Databases of their own on the machine's PostgreSQL (127.0.0.1:5432, user postgres), made and
dropped with its command-line tools, for tests that run `manage.py` and `pg_dump` themselves.

Without PostgreSQL such a test is skipped with the reason, unless REQUIRE_POSTGRES is set (CI
sets it): there a missing server fails it.
"""

import os
import socket
import subprocess
import uuid
from contextlib import contextmanager

import pytest

PG = {"PGHOST": os.environ.get("PGHOST", "127.0.0.1"), "PGPORT": os.environ.get("PGPORT", "5432"),
      "PGUSER": os.environ.get("PGUSER", "postgres")}


def require_postgres():
    try:
        socket.create_connection((PG["PGHOST"], int(PG["PGPORT"])), timeout=1).close()
    except OSError:
        message = f"PostgreSQL is not reachable at {PG['PGHOST']}:{PG['PGPORT']}"
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)


def pg(*command, **kwargs):
    """A PostgreSQL client tool (psql, pg_dump, pg_restore) against the test server."""
    return subprocess.run(command, env={**os.environ, **PG}, check=True, capture_output=True,
                          text=True, timeout=300, **kwargs)


def database_url(name: str) -> str:
    return f"postgres://{PG['PGUSER']}@{PG['PGHOST']}:{PG['PGPORT']}/{name}"


@contextmanager
def fresh_database(purpose: str):
    """The name of a new, empty database, dropped afterwards."""
    name = f"backpain_{purpose}_{uuid.uuid4().hex[:8]}"
    pg("psql", "-q", "-d", "postgres", "-c", f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        pg("psql", "-q", "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
