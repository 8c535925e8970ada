"""What the audit trail reads: every model django-simple-history tracks (found, not listed,
so a model that gains `history = HistoricalRecords()` later joins the timeline by itself),
and the workflow event log.

Rows of the working copy (sections, claims, texts, citations) do not name their article:
they reach it through their parents. The parents may since have been deleted, so the way
up goes through the *historical* tables, which keep every id a row ever had.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models
from django.db.models import Q

from articles.models import Article


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute).model if attribute else None


@dataclass(frozen=True)
class HistorySource:
    model: type[models.Model]
    history: type[models.Model]
    # Foreign keys leading from `model` up to Article (empty for Article itself, None when
    # the model belongs to no article, such as a reference or a board member).
    path: tuple[models.ForeignKey, ...] | None

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name).capitalize()

    @property
    def pk_name(self) -> str:
        return self.model._meta.pk.attname

    @property
    def m2m_fields(self) -> list[str]:
        return [field.name for field in getattr(self.history, "_history_m2m_fields", [])]


EVENTS_KEY = "workflow"
EVENTS_LABEL = "Workflow"


def _article_path(model, seen: frozenset) -> tuple[models.ForeignKey, ...] | None:
    if model is Article:
        return ()
    parents = [
        field
        for field in model._meta.concrete_fields
        if field.many_to_one and field.related_model is not model
    ]
    for field in parents:
        if field.related_model is Article:
            return (field,)
    for field in parents:
        parent = field.related_model
        if parent in seen or _history_model(parent) is None:
            continue
        rest = _article_path(parent, seen | {model})
        if rest is not None:
            return (field, *rest)
    return None


@cache
def _path_of(model) -> tuple[models.ForeignKey, ...] | None:
    return _article_path(model, frozenset())


@cache
def history_sources() -> tuple[HistorySource, ...]:
    """Every audited model, sorted by label so that their order (a tie-breaker in the
    timeline) is the same on every server."""
    found = []
    for model in apps.get_models():
        history = _history_model(model)
        if history is not None:
            found.append(HistorySource(model, history, _path_of(model)))
    return tuple(sorted(found, key=lambda source: source.key))


def history_source(key: str) -> HistorySource | None:
    return next((s for s in history_sources() if s.key == key), None)


def source_keys() -> list[str]:
    """Every source's key, in timeline order (its rank); the workflow log comes last."""
    return [s.key for s in history_sources()] + [EVENTS_KEY]


def source_rank(key: str) -> int:
    return source_keys().index(key)


def article_condition(source: HistorySource, article_ids) -> Q | None:
    """A condition on `source.history` selecting the rows that belong to these articles,
    as one query with nested subqueries (no per-row lookups). None: never belongs to one."""
    if source.path is None:
        return None
    if not source.path:
        return Q(**{f"{source.pk_name}__in": article_ids})
    *hops, last = source.path
    # Walk down from the article: the ids each parent ever had, from its history table.
    ids = article_ids
    condition_field = last.attname
    for field in reversed(hops):
        parent = field.related_model
        parent_history = _history_model(parent)
        ids = parent_history.objects.filter(**{f"{condition_field}__in": ids}).values(
            parent._meta.pk.attname
        )
        condition_field = field.attname
    return Q(**{f"{condition_field}__in": ids})


def articles_of(rows_by_source: dict[HistorySource, list]) -> dict[tuple[str, int], int]:
    """(source key, history_id) → article id for history rows, in one query per kind of
    parent at most, whatever the number of rows."""
    # Long: one branch per kind of audited object, each a query.
    # Each row names its first parent; look parents up level by level, deepest first.
    wanted: dict[type[models.Model], set] = {}
    first_hop: dict[tuple[str, int], tuple[type[models.Model], object]] = {}
    found: dict[tuple[str, int], int] = {}
    for source, rows in rows_by_source.items():
        if source.path is None:
            continue
        for row in rows:
            entry = (source.key, row.history_id)
            if not source.path:
                found[entry] = getattr(row, source.pk_name)
                continue
            field = source.path[0]
            value = getattr(row, field.attname)
            if value is None:
                continue
            if field.related_model is Article:
                found[entry] = value
            else:
                first_hop[entry] = (field.related_model, value)
                wanted.setdefault(field.related_model, set()).add(value)
    parent_article: dict[tuple[type[models.Model], object], int] = {}
    links: dict[tuple[type[models.Model], object], tuple[type[models.Model], object]] = {}

    def depth(model) -> int:
        return len(_path_of(model) or ())

    queue = sorted(wanted, key=depth, reverse=True)
    while queue:
        model = queue.pop(0)
        field = _path_of(model)[0]
        pk = model._meta.pk.attname
        pairs = (
            _history_model(model)
            .objects.filter(**{f"{pk}__in": wanted[model]})
            .exclude(**{f"{field.attname}__isnull": True})
            .order_by()
            .values_list(pk, field.attname)
            .distinct()
        )
        for object_id, parent_id in pairs:
            if field.related_model is Article:
                parent_article[(model, object_id)] = parent_id
            else:
                links[(model, object_id)] = (field.related_model, parent_id)
                if field.related_model not in wanted:
                    queue.append(field.related_model)
                    queue.sort(key=depth, reverse=True)
                wanted.setdefault(field.related_model, set()).add(parent_id)

    def resolve(node):
        for _ in range(10):  # paths are short; the bound only guards against a cycle
            if node in parent_article:
                return parent_article[node]
            node = links.get(node)
            if node is None:
                return None
        return None

    for entry, node in first_hop.items():
        article_id = resolve(node)
        if article_id is not None:
            found[entry] = article_id
    return found
