"""On PostgreSQL a query a connection runs again is prepared: the step pages' visit, read with
every step in one query of a dozen joined tables, is planned once per connection instead of on
every request (docs/operations.md "Database"; planning it cost more than running it)."""

from django.db import connection
from django.urls import reverse

from .query_plans import only_on_postgresql


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@only_on_postgresql
def test_the_visit_with_its_steps_is_planned_once_per_connection(physician_client, visit):
    url = reverse("visits:step", kwargs={"pk": visit.pk, "slug": "examination"})
    for _ in range(3):
        assert physician_client.get(url).status_code == 200
    with_steps = [s for s in prepared_statements()
                  if '"visits_examination"' in s and '"visits_history"' in s]
    assert with_steps, "the visit-with-steps query is planned on every request"
    assert all("$1" in s for s in with_steps), "its values are bound, not written into it"
