"""Turning raw timeline rows into entries a person (or a CSV) can read: who, what, on which
article, why, and the old → new value of every changed field.

Everything a batch of rows needs is fetched per batch, never per row: the previous
historical records (for `diff_against`), the many-to-many history, the articles' names.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_reverse_field_name

from articles.models import Article
from audit.sources import EVENTS_KEY, EVENTS_LABEL, HistorySource, articles_of
from reviews.models import Action

HISTORY_ACTION_LABELS = {"+": "created", "~": "changed", "-": "deleted"}
# Fields worth naming an object by, in order of preference.
_NAMING_FIELDS = ("question", "heading", "display_name", "title", "text", "slug")


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    at: datetime
    source: str  # "articles.claim", or "workflow"
    source_label: str
    action: str  # created / changed / deleted, or a workflow Action value
    action_label: str
    object_id: int | None
    object_label: str
    user_id: int | None
    username: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    article_id: int | None = None
    article_slug: str = ""
    article_label: str = ""
    revision_number: int | None = None
    revision_hash: str = ""
    event_hash: str = ""
    cursor_key: tuple = ()

    def as_dict(self) -> dict:
        return {
            "at": self.at.isoformat(),
            "source": self.source,
            "action": self.action,
            "object_id": self.object_id,
            "object": self.object_label,
            "user": self.username,
            "article_id": self.article_id,
            "article": self.article_slug,
            "reason": self.reason,
            "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in self.changes],
            "revision": self.revision_number,
            "revision_hash": self.revision_hash,
            "event_hash": self.event_hash,
        }


def value_text(value) -> str:
    """A field value as text, the same way in the page, the CSV and the JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _object_label(row) -> str:
    for name in _NAMING_FIELDS:
        value = getattr(row, name, None)
        if value:
            text = " ".join(str(value).split())
            return text if len(text) <= 80 else text[:79] + "…"
    number = getattr(row, "number", None)
    return f"#{number}" if number is not None else ""


def _tracked_fields(source: HistorySource) -> list:
    m2m = set(source.m2m_fields)
    return [
        f
        for f in source.history.tracked_fields
        if f.editable and f.name not in m2m and not f.primary_key
    ]


def _m2m_values(source: HistorySource, history_ids: set) -> dict[tuple[str, int], list]:
    """(field, history_id) → sorted related ids, for every m2m field, one query per field."""
    found: dict[tuple[str, int], list] = defaultdict(list)
    if not history_ids:
        return found
    for m2m_field in source.history._history_m2m_fields:
        name = m2m_field.name
        through = HistoricalRecords.m2m_models[m2m_field]
        target = through._meta.get_field(get_m2m_reverse_field_name(m2m_field)).attname
        for history_id, value in through.objects.filter(history_id__in=history_ids).values_list(
            "history_id", target
        ):
            found[(name, history_id)].append(value)
    for values in found.values():
        values.sort()
    return found


def _history_changes(row, previous, source, m2m) -> list[Change]:
    fields = _tracked_fields(source)
    if row.history_type == "~" and previous is not None:
        delta = row.diff_against(previous, included_fields=[f.name for f in fields])
        changes = [Change(c.field, value_text(c.old), value_text(c.new)) for c in delta.changes]
    else:
        # A creation (or a change with no earlier record) shows its values as new; a
        # deletion shows the values the row had. Foreign keys as ids: no query per row.
        values = [(f.name, value_text(f.value_from_object(row))) for f in fields]
        if row.history_type == "-":
            changes = [Change(name, text, "") for name, text in values if text]
        else:
            changes = [Change(name, "", text) for name, text in values if text]
    for name in source.m2m_fields:
        new = m2m.get((name, row.history_id), [])
        old = m2m.get((name, previous.history_id), []) if previous is not None else []
        if old != new:
            changes.append(Change(name, value_text(old), value_text(new)))
    return changes


def _history_entries(source: HistorySource, raws: list) -> dict[int, Entry]:
    rows = [raw.row for raw in raws]
    previous_ids = {
        r.previous_history_id
        for r in rows
        if r.history_type == "~" and getattr(r, "previous_history_id", None)
    }
    previous = (
        {p.history_id: p for p in source.history.objects.filter(history_id__in=previous_ids)}
        if previous_ids
        else {}
    )
    m2m = _m2m_values(source, {r.history_id for r in rows} | set(previous))
    built = {}
    for raw in raws:
        row = raw.row
        prior = previous.get(getattr(row, "previous_history_id", None))
        user = row.history_user
        built[id(raw)] = Entry(
            at=row.history_date,
            source=source.key,
            source_label=source.label,
            action=HISTORY_ACTION_LABELS[row.history_type],
            action_label=HISTORY_ACTION_LABELS[row.history_type],
            object_id=getattr(row, source.pk_name),
            object_label=_object_label(row),
            user_id=row.history_user_id,
            username=user.get_username() if user else "",
            reason=row.history_change_reason or "",
            changes=_history_changes(row, prior, source, m2m),
            cursor_key=raw.key,
        )
    return built


def _event_entry(raw) -> Entry:
    event = raw.row
    changes = []
    if event.from_state != event.to_state:
        changes.append(Change("state", event.from_state, event.to_state))
    if event.signature_id:
        signature = event.signature
        changes.append(
            Change("signature", "", f"{signature.printed_name}, {signature.credentials}")
        )
        changes.append(Change("signed hash", "", signature.content_hash))
    if event.claim_uuid:
        changes.append(Change("claim", "", str(event.claim_uuid)))
    return Entry(
        at=event.created_at,
        source=EVENTS_KEY,
        source_label=EVENTS_LABEL,
        action=event.action,
        action_label=Action(event.action).label if event.action in Action.values else "",
        object_id=event.pk,
        object_label=f"event #{event.pk}",
        user_id=event.actor_id,
        username=event.actor.get_username(),
        reason=event.comment,
        changes=changes,
        article_id=event.article_id,
        revision_number=event.revision.number if event.revision_id else None,
        revision_hash=event.revision_hash,
        event_hash=event.event_hash,
        cursor_key=raw.key,
    )


def _article_names(ids: set) -> dict[int, tuple[str, str]]:
    """id → (slug, question); an article deleted since is named from its last record."""
    names = {a["pk"]: (a["slug"], a["question"]) for a in _articles(ids)}
    missing = ids - set(names)
    if missing:
        history = Article.history.model.objects.filter(id__in=missing).order_by(
            "id", "-history_date", "-history_id"
        )
        for record in history.values("id", "slug", "question"):
            names.setdefault(record["id"], (record["slug"], record["question"]))
    return names


def _articles(ids: set):
    if not ids:
        return []
    return Article.objects.filter(pk__in=ids).values("pk", "slug", "question")


def entries_build(raws: list) -> list[Entry]:
    """Entries for raw rows (in the order given), with a fixed number of queries."""
    by_source: dict[HistorySource, list] = defaultdict(list)
    for raw in raws:
        if raw.source is not None:
            by_source[raw.source].append(raw)
    built: dict[int, Entry] = {}
    for source, source_raws in by_source.items():
        built.update(_history_entries(source, source_raws))
    articles = articles_of({s: [r.row for r in rs] for s, rs in by_source.items()})
    entries = []
    for raw in raws:
        if raw.source is None:
            entry = _event_entry(raw)
        else:
            entry = built[id(raw)]
            entry.article_id = articles.get((raw.source.key, raw.row.history_id))
        entries.append(entry)
    names = _article_names({e.article_id for e in entries if e.article_id is not None})
    for entry in entries:
        if entry.article_id in names:
            entry.article_slug, entry.article_label = names[entry.article_id]
    return entries
