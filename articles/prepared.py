"""Querysets whose SQL is built once per process and database connection, then run with
new parameter values: the article page's three queries.

Building a query's SQL (resolving the lookups, the select-related columns and joins,
compiling) costs the ORM more than running it: for the article page's three small
queries, over half of their time. A PreparedQuery builds the queryset once with
stand-in values, keeps the compiled SQL and where each stand-in went in its parameters,
and from then on only substitutes the values, executes, and turns the rows into what the
queryset would have given (dicts for values(), model instances otherwise), with the same
database converters. It goes through connection.cursor(), so query counting, debug
logging and execute wrappers see it as any other query. A stand-in that does not appear
exactly once among the parameters (a lookup that transforms its value) is refused when
the query is first built. A settings change forgets everything built.
"""

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators
from django.dispatch import receiver

_stand_in_numbers = itertools.count(1)


def stand_in(kind: type) -> object:
    """A value no query is run with, to find where a parameter goes."""
    number = next(_stand_in_numbers)
    if kind is int:
        return -(2**62) - number
    if kind is str:
        return f"\x00stand-in-{number}\x00"
    raise ImproperlyConfigured(f"No stand-in for a {kind.__name__} parameter.")


@dataclass
class _Built:
    connection: object
    sql: str
    params: list
    slots: dict[int, str]  # parameter index -> name
    compiler: object
    converters: dict
    names: list[str] | None  # values(): the dicts' keys
    rows_to_objects: Callable | None  # model instances: a row -> the instance


class PreparedQuery:
    """`build(**stand_ins)` returns the queryset; `parameters` names each parameter and its
    type (int or str)."""

    def __init__(self, build: Callable[..., QuerySet], **parameters: type):
        self._build_queryset = build
        self._parameters = parameters
        self._built: dict[int, _Built] = {}
        self._lock = threading.Lock()
        _every.append(self)

    def rows(self, **values) -> list:
        """What the queryset gives for these values: dicts for a values() queryset, model
        instances for a plain one."""
        queryset_db = self._db()
        connection = connections[queryset_db]
        built = self._built.get(id(connection))
        if built is None or built.connection is not connection:
            built = self._build(connection, queryset_db)
        params = list(built.params)
        for index, name in built.slots.items():
            params[index] = values[name]
        with connection.cursor() as cursor:
            cursor.execute(built.sql, params)
            rows = cursor.fetchall()
        if built.converters:
            rows = built.compiler.apply_converters(rows, built.converters)
        if built.names is not None:
            names = built.names
            return [dict(zip(names, row, strict=True)) for row in rows]
        return [built.rows_to_objects(row) for row in rows]

    def forget(self) -> None:
        with self._lock:
            self._built.clear()

    def _db(self) -> str:
        # The alias the queryset would use; routers are not consulted per call (this
        # project has none).
        return "default"

    def _build(self, connection, db: str) -> _Built:
        stand_ins = {name: stand_in(kind) for name, kind in self._parameters.items()}
        queryset = self._build_queryset(**stand_ins)
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        params = list(params)
        slots = {}
        for name, value in stand_ins.items():
            found = [i for i, param in enumerate(params) if param == value]
            if not found:
                raise ImproperlyConfigured(
                    f"The parameter {name!r} does not reach the query's SQL as it is given."
                )
            for index in found:
                slots[index] = name
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        converters = compiler.get_converters(fields)
        names = rows_to_objects = None
        if queryset._iterable_class is ValuesIterable:
            query = queryset.query
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
        elif queryset._iterable_class is ModelIterable and not compiler.annotation_col_map:
            rows_to_objects = _instance_maker(compiler, db)
        else:
            raise ImproperlyConfigured("Only values() and plain model querysets are prepared.")
        built = _Built(connection, sql, params, slots, compiler, converters, names, rows_to_objects)
        with self._lock:
            self._built[id(connection)] = built
        return built


def _instance_maker(compiler, db: str) -> Callable[[tuple], Model]:
    """A row -> its model instance with select_related ones attached, as Django's
    ModelIterable makes them."""
    select, klass_info = compiler.select, compiler.klass_info
    model = klass_info["model"]
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    populators = get_related_populators(klass_info, select, db)

    def make(row: tuple) -> Model:
        obj = model.from_db(db, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        return obj

    return make


_every: list[PreparedQuery] = []


@receiver(setting_changed)
def _forget(**_kwargs) -> None:
    for prepared in _every:
        prepared.forget()
