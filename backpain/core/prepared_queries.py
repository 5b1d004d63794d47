"""Querysets of a fixed shape turned into SQL once per process and database, then run again
with new values: Django compiles a queryset into SQL on every evaluation, and for the visit
read with every step joined in (a dozen tables, some 400 columns) the compiling took four times
as long as PostgreSQL took to run the query, two or three times a page (issue 17; bench/README.md).

    VISIT = PreparedQuery(lambda pk: Visit.objects.filter(pk=pk).select_related(...),
                          pk=Visit._meta.pk)
    VISIT.get(pk=12)           # or VISIT.rows(pk=12) for the list

The first run builds the queryset with a placeholder for each value (a value no row holds),
compiles it, and notes where each placeholder lands among the SQL's parameters. Later runs put
the values there, each converted by its model field as the queryset would have converted it,
and let Django's own iterable turn the rows into objects (joined relations, prefetching and
all). Only values that compile to one `= %s` (ids, dates) can be placeholders; None compiles to
`IS NULL`, so a None value runs the queryset as built. A value declared with no field (None)
shapes the query instead, as a LIMIT does: each distinct one is compiled once. The queryset
must not depend on anything but its values: a filter on a constant is fine, on the time of day
is not.
"""

import copy
import datetime
import itertools
from contextlib import contextmanager

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import prefetch_related_objects
from django.db.transaction import TransactionManagementError

_placeholders = itertools.count(1)


def placeholder(field):
    """A value of this field's type that no row holds and no other placeholder equals."""
    number = next(_placeholders)
    if isinstance(field, models.DateField):
        return datetime.date(1000, 1, 1) + datetime.timedelta(days=number)
    if isinstance(field, models.IntegerField | models.AutoField | models.ForeignKey):
        return -2_000_000_000 + number
    raise ImproperlyConfigured(f"{field!r}: only whole numbers and dates can be placeholders")


class PreparedQuery:
    def __init__(self, build, **fields):
        """`build(**values)` makes the queryset; `fields` names the model field each value is
        compared with (how the queryset converts it to SQL), or None for a value that shapes
        the query."""
        self.build = build
        self.fields = fields
        self.compiled: dict = {}

    def rows(self, **values) -> list:
        if any(value is None for value in values.values()):
            return list(self.build(**values))
        connection = connections[DEFAULT_DB_ALIAS]
        shape = {name: values[name] for name, field in self.fields.items() if field is None}
        key = (connection.alias, connection.vendor, *shape.items())
        compiled = self.compiled.get(key) or self.compiled.setdefault(
            key, self.compile(connection, shape))
        queryset, compiler, sql, params, slots = compiled
        if (compiler.query.select_for_update and connection.features.has_select_for_update
                and connection.get_autocommit()):  # as Django's compiler checks
            raise TransactionManagementError("select_for_update cannot be used outside of a "
                                             "transaction.")
        bound = list(params)
        for name, at in slots:
            value = self.fields[name].get_db_prep_value(values[name], connection)
            for position in at:
                bound[position] = value
        run = copy.copy(compiler)
        run.connection = connection
        run.as_sql = lambda *args, **kwargs: (sql, bound)
        run.get_converters = converters_of(compiler)
        queryset = queryset._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: run
        lookups, queryset._prefetch_related_lookups = queryset._prefetch_related_lookups, ()
        found = list(queryset)
        if lookups:
            prefetch(found, lookups)
        return found

    def get(self, **values):
        """The one row, as QuerySet.get() answers (DoesNotExist, MultipleObjectsReturned)."""
        found = self.rows(**values)
        if len(found) == 1:
            return found[0]
        model = self.build(**values).model
        if not found:
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not "
                                     "exist.")
        raise model.MultipleObjectsReturned(f"get() returned more than one "
                                            f"{model._meta.object_name}.")

    def compile(self, connection, shape):
        marks = {name: placeholder(field) for name, field in self.fields.items()
                 if field is not None}
        queryset = self.build(**marks, **shape)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        slots = []
        for name, field in self.fields.items():
            if field is None:
                continue
            mark = field.get_db_prep_value(marks[name], connection)
            # Equal, whatever the wrapper (psycopg's Int4 is an int); never a True for a 1.
            at = [position for position, param in enumerate(params)
                  if not isinstance(param, bool) and param == mark]
            if not at:
                raise ImproperlyConfigured(f"{name} is not a parameter of the query")
            slots.append((name, at))
        return queryset, compiler, sql, tuple(params), slots


@contextmanager
def generic_plans():
    """The queries of this block run with PostgreSQL's generic plans: a statement prepared on
    the connection (DB_PREPARE_THRESHOLD) is planned once for all its values instead of again
    for each run. PostgreSQL chooses the generic plan by itself only where it costs no more
    than the plans made for the values; for a query whose values only narrow an index range
    (the follow-up lists) it kept planning every run, which took longer than running it.
    Only for queries whose best plan does not depend on their values. On SQLite, or with
    prepared statements off, nothing changes; on PostgreSQL the block is a transaction (a
    savepoint inside one), and the setting ends with it."""
    connection = connections[DEFAULT_DB_ALIAS]
    if (connection.vendor != "postgresql"
            or connection.settings_dict.get("OPTIONS", {}).get("prepare_threshold") is None):
        yield
        return
    outer = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('plan_cache_mode'), "
                       "set_config('plan_cache_mode', 'force_generic_plan', true)")
        before = cursor.fetchone()[0]
        yield
        if outer:  # a savepoint: the transaction around it goes on as it was
            cursor.execute("SELECT set_config('plan_cache_mode', %s, true)", [before])


def converters_of(compiler):
    """The compiler's get_converters, its answer for the query's own columns kept: Django asks
    every field of every column, on every run, how its values are converted (a visit with its
    steps has some four hundred columns; half a millisecond a page). The converters are the
    fields' and the database backend's functions, which take the connection when called."""
    kept = getattr(compiler, "kept_converters", None)
    if kept is None:
        columns = [expression for expression, _sql, _alias
                   in compiler.select[:compiler.col_count]]
        kept = compiler.kept_converters = (columns, compiler.get_converters(columns))
    columns, converters = kept

    def get_converters(expressions):
        if len(expressions) == len(columns) and all(
                mine is theirs for mine, theirs in zip(expressions, columns, strict=True)):
            return converters
        return compiler.get_converters(expressions)
    return get_converters


# (model, accessor) -> the prepared query of one instance's rows of a reverse foreign key.
RELATED: dict[tuple, "PreparedQuery"] = {}


def prefetch(instances, lookups) -> None:
    """The queryset's prefetch_related lookups, done as Django does them. For one instance, a
    lookup of the rows pointing at it (a visit's studies) is a prepared query of its own:
    Django compiles its prefetch query on every run, which took longer than the dozen-table
    visit query it followed (issue 17)."""
    for lookup in lookups:
        relation = one_to_many(instances[0]._meta, lookup) if len(instances) == 1 else None
        if relation is None:
            prefetch_related_objects(instances, lookup)
            continue
        instance, foreign_key = instances[0], relation.field
        query = RELATED.get((relation.model, lookup))
        if query is None:
            query = RELATED.setdefault((relation.model, lookup), PreparedQuery(
                lambda key, model=relation.related_model, name=foreign_key.attname:
                model._default_manager.filter(**{name: key}), key=foreign_key))
        rows = query.rows(key=getattr(instance, foreign_key.target_field.attname))
        for row in rows:  # as Django's prefetch: each row's foreign key is the instance
            foreign_key.set_cached_value(row, instance)
        related = getattr(instance, lookup).all()
        related._result_cache, related._prefetch_done = rows, True
        instance.__dict__.setdefault("_prefetched_objects_cache", {})[lookup] = related


def one_to_many(options, lookup):
    """The reverse foreign key that `lookup` names on the model, if it is one (no Prefetch
    object, no path through other relations)."""
    if not isinstance(lookup, str) or "__" in lookup:
        return None
    try:
        relation = options.get_field(lookup)
    except FieldDoesNotExist:  # Django's prefetch reports it
        return None
    if not (relation.one_to_many and relation.auto_created
            and relation.get_accessor_name() == lookup):
        return None
    return relation
