"""One timeline over every audited model's history and the workflow event log.

Each source is queried on its own with the filters, ordered by time and cut to the page
window, and the sources are merged with heapq.merge: no source is ever read beyond what one
page (or one export chunk) needs. Entries are ordered by (time, source rank, row id), which
is total, so a page cursor names an exact position and pages never skip or repeat a row.
"""

import heapq
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from audit.changes import Change, entries_build
from audit.sources import (
    EVENTS_KEY,
    HistorySource,
    article_condition,
    history_source,
    history_sources,
    source_rank,
)
from reviews.models import Action, WorkflowEvent

HISTORY_ACTIONS = {"created": "+", "changed": "~", "deleted": "-"}
PAGE_SIZE = 50


@dataclass(frozen=True)
class TimelineFilter:
    """What a timeline view or export shows. Empty fields do not filter."""

    article_id: int | None = None
    user_id: int | None = None
    source: str = ""  # a model's label ("articles.claim") or "workflow"
    action: str = ""  # created / changed / deleted, or a workflow Action value
    since: date | None = None
    until: date | None = None  # inclusive

    def _range(self) -> tuple[datetime | None, datetime | None]:
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.since, time.min, tzinfo=zone) if self.since else None
        end = (
            datetime.combine(self.until + timedelta(days=1), time.min, tzinfo=zone)
            if self.until
            else None
        )
        return start, end

    def wants_history(self, source: HistorySource) -> bool:
        if self.source and self.source != source.key:
            return False
        if self.action and self.action not in HISTORY_ACTIONS:
            return False
        return not (self.article_id is not None and source.path is None)

    def wants_events(self) -> bool:
        if self.source and self.source != EVENTS_KEY:
            return False
        return not (self.action and self.action not in Action.values)


@dataclass(frozen=True, order=True)
class Cursor:
    """A position in the timeline: the key of the last entry shown."""

    at: datetime
    rank: int
    pk: int

    def __str__(self) -> str:
        return f"{self.at.isoformat()}_{self.rank}_{self.pk}"

    @classmethod
    def parse(cls, text: str) -> "Cursor":
        """Raises ValueError for anything that is not a cursor this module wrote."""
        at, rank, pk = text.rsplit("_", 2)
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None:
            raise ValueError("A cursor carries its time zone.")
        return cls(parsed, int(rank), int(pk))


def _after(cursor: Cursor | None, *, rank: int, time_field: str, pk_field: str, descending):
    """Rows of a source (with `rank`) that come after the cursor in timeline order."""
    if cursor is None:
        return Q()
    before, beyond = ("lt", "lte") if descending else ("gt", "gte")
    if rank == cursor.rank:
        return Q(**{f"{time_field}__{before}": cursor.at}) | Q(
            **{time_field: cursor.at, f"{pk_field}__{before}": cursor.pk}
        )
    # At the same instant, lower ranks come first when ascending (last when descending).
    earlier_rank = rank < cursor.rank
    inclusive = earlier_rank if descending else not earlier_rank
    return Q(**{f"{time_field}__{beyond if inclusive else before}": cursor.at})


def _history_rows(
    source: HistorySource, filters: TimelineFilter, cursor: Cursor | None, descending: bool
) -> QuerySet:
    rows = source.history.objects.select_related("history_user")
    if filters.article_id is not None:
        rows = rows.filter(article_condition(source, [filters.article_id]))
    if filters.user_id is not None:
        rows = rows.filter(history_user_id=filters.user_id)
    if filters.action:
        rows = rows.filter(history_type=HISTORY_ACTIONS[filters.action])
    start, end = filters._range()
    if start:
        rows = rows.filter(history_date__gte=start)
    if end:
        rows = rows.filter(history_date__lt=end)
    rows = rows.filter(
        _after(
            cursor,
            rank=source_rank(source.key),
            time_field="history_date",
            pk_field="history_id",
            descending=descending,
        )
    )
    # The record just before each one, for its diff: one subquery instead of one query
    # per row (simple-history's prev_record).
    pk = source.pk_name
    previous = (
        source.history.objects.filter(**{pk: OuterRef(pk)})
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    rows = rows.annotate(previous_history_id=Subquery(previous))
    order = ("-history_date", "-history_id") if descending else ("history_date", "history_id")
    return rows.order_by(*order)


def _event_rows(filters: TimelineFilter, cursor: Cursor | None, descending: bool) -> QuerySet:
    rows = WorkflowEvent.objects.select_related("actor", "signature", "revision").defer(
        "revision__content"
    )
    if filters.article_id is not None:
        rows = rows.filter(article_id=filters.article_id)
    if filters.user_id is not None:
        rows = rows.filter(actor_id=filters.user_id)
    if filters.action:
        rows = rows.filter(action=filters.action)
    start, end = filters._range()
    if start:
        rows = rows.filter(created_at__gte=start)
    if end:
        rows = rows.filter(created_at__lt=end)
    rows = rows.filter(
        _after(
            cursor,
            rank=source_rank(EVENTS_KEY),
            time_field="created_at",
            pk_field="pk",
            descending=descending,
        )
    )
    return rows.order_by(*(("-created_at", "-pk") if descending else ("created_at", "pk")))


@dataclass(frozen=True)
class _Raw:
    """A row from one source, with its place in the timeline."""

    key: tuple
    source: HistorySource | None  # None: a workflow event
    row: object


def _keyed(rows: Iterable, source: HistorySource | None) -> Iterator[_Raw]:
    if source is None:
        rank = source_rank(EVENTS_KEY)
        for row in rows:
            yield _Raw((row.created_at, rank, row.pk), None, row)
    else:
        rank = source_rank(source.key)
        for row in rows:
            yield _Raw((row.history_date, rank, row.history_id), source, row)


def _querysets(filters, cursor, descending) -> list[tuple[HistorySource | None, QuerySet]]:
    chosen = []
    if filters.source and filters.source != EVENTS_KEY and history_source(filters.source) is None:
        return []
    for source in history_sources():
        if filters.wants_history(source):
            chosen.append((source, _history_rows(source, filters, cursor, descending)))
    if filters.wants_events():
        chosen.append((None, _event_rows(filters, cursor, descending)))
    return chosen


@dataclass
class TimelinePage:
    entries: list = field(default_factory=list)
    next_cursor: Cursor | None = None


def timeline_page(
    *, filters: TimelineFilter, cursor: Cursor | None = None, size: int = PAGE_SIZE
) -> TimelinePage:
    """The `size` newest entries after `cursor` (newest first). Queries: one per source,
    plus a fixed number to build the page's diffs and article names."""
    streams = [
        _keyed(list(queryset[: size + 1]), source)
        for source, queryset in _querysets(filters, cursor, descending=True)
    ]
    merged = list(itertools.islice(heapq.merge(*streams, key=_sort_key, reverse=True), size + 1))
    more = len(merged) > size
    merged = merged[:size]
    entries = entries_build(merged)
    next_cursor = Cursor(*merged[-1].key) if more else None
    return TimelinePage(entries=entries, next_cursor=next_cursor)


def timeline_iter(*, filters: TimelineFilter, chunk_size: int = 1000) -> Iterator:
    """Every entry, oldest first, without holding more than a chunk in memory: each source
    is read through a database cursor (`.iterator`) and entries are built chunk by chunk."""
    streams = [
        _keyed(queryset.iterator(chunk_size=chunk_size), source)
        for source, queryset in _querysets(filters, None, descending=False)
    ]
    merged = heapq.merge(*streams, key=_sort_key)
    while chunk := list(itertools.islice(merged, chunk_size)):
        yield from entries_build(chunk)


def _sort_key(raw: _Raw) -> tuple:
    return raw.key


__all__ = ["Change", "Cursor", "TimelineFilter", "TimelinePage", "timeline_iter", "timeline_page"]
