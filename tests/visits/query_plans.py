"""How PostgreSQL reads a query: its plan, with sequential scans priced out (a test table is too
small for the planner to prefer an index by itself), so that a plan still scanning a table has
no index to read it by. The production database is PostgreSQL; CI runs these tests there."""

import pytest
from django.db import connection

only_on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                        reason="query plans are checked on PostgreSQL")


def plan_of(queryset, *, priced_out=True) -> str:
    """The plan; with `priced_out=False`, the planner's own choice (for tables filled and
    analysed by the test)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL enable_seqscan = {'off' if priced_out else 'on'}")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def reads_by_index(queryset, index) -> bool:
    """Read through the index, row by row or (where the table's statistics make the planner
    expect many rows) as a bitmap."""
    plan = plan_of(queryset)
    return f" using {index} on " in plan or f"Bitmap Index Scan on {index} " in plan


def reads_whole(queryset, table) -> bool:
    return f"Seq Scan on {table}" in plan_of(queryset)
