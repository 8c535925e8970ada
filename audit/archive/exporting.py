"""Writing the whole site to a directory: `manage.py export_site --to DIR`.

Read-only. Each table is read through a database cursor in chunks, so a large site is
written without being loaded into memory. The layout is in audit/archive/format.py.
"""

import heapq
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_reverse_field_name

from articles.documents import document_from_article, document_from_content
from articles.models import Article, Citation, Claim, ClaimText, ReaderQuestion, Section
from audit.archive import format as fmt
from audit.archive.progress import Progress
from audit.errors import AuditError
from audit.sources import HistorySource, history_sources
from references.models import Reference
from reviews.audit import audit_log_verify
from reviews.models import BoardMember, ReviewAssignment, Signature, WorkflowEvent

CHUNK = 2000


def archived_sources() -> list[HistorySource]:
    return [s for s in history_sources() if s.key in fmt.ARCHIVED]


def _prepare(directory: Path) -> None:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise AuditError(
            f"{directory} is not an empty directory; export into a new one so that no old "
            "file is mistaken for part of this archive.",
            code="directory_not_empty",
        )
    directory.mkdir(parents=True, exist_ok=True)


def _users(directory: Path) -> dict[int, str]:
    users = {}
    rows = []
    for user in get_user_model().objects.order_by("pk").prefetch_related("groups"):
        users[user.pk] = user.get_username()
        rows.append(
            {
                "id": user.pk,
                "username": user.get_username(),
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "groups": sorted(g.name for g in user.groups.all()),
            }
        )
    fmt.write_json(directory / fmt.USERS, rows)
    return users


def _references(directory: Path, progress: Progress) -> int:
    items = []
    progress.start("References", Reference.objects.count())
    for reference in Reference.objects.order_by("pk").iterator(chunk_size=CHUNK):
        item = reference.to_csl()
        item["id"] = f"ref-{reference.pk}"
        item["custom"] = {fmt.CSL_CUSTOM_KEY: fmt.row_dict(reference)}
        items.append(item)
        progress.advance()
    fmt.write_json(directory / fmt.REFERENCES, items)
    progress.finish()
    return len(items)


def _rows(model, **filters) -> list[dict]:
    return [fmt.row_dict(row) for row in model.objects.filter(**filters).order_by("pk")]


def _article(directory: Path, article: Article, users: dict[int, str]) -> int:
    folder = directory / fmt.ARTICLES / article.slug
    revisions = []
    for revision in article.revisions.order_by("number"):
        name = f"revisions/{revision.number}"
        fmt.write_json(folder / f"{name}.json", revision.content)
        (folder / f"{name}.md").write_text(
            document_from_content(content=revision.content), encoding="utf-8"
        )
        revisions.append(
            {
                "number": revision.number,
                "state": revision.state,
                "content_hash": revision.content_hash,
                "submitted_by": users[revision.submitted_by_id],
                "document": f"{name}.md",
                "content": f"{name}.json",
                "row": fmt.row_dict(revision, exclude=("content",)),
                "signatures": _rows(Signature, revision=revision),
                "assignments": _rows(ReviewAssignment, revision=revision),
                "events": list(revision.events.order_by("pk").values_list("event_hash", flat=True)),
            }
        )
    (folder / "working-copy.md").write_text(
        document_from_article(article=article), encoding="utf-8"
    )
    sections = _rows(Section, article=article)
    claims = _rows(Claim, section__article=article)
    metadata = {
        "slug": article.slug,
        "question": article.question,
        "owner": users[article.owner_id],
        "co_editors": sorted(users[pk] for pk in article.co_editors.values_list("pk", flat=True)),
        "live_revision": article.live_revision.number if article.live_revision else None,
        "pending_revision": article.pending_revision.number if article.pending_revision else None,
        "row": fmt.row_dict(article),
        "working_copy": {
            "sections": sections,
            "claims": claims,
            "texts": _rows(ClaimText, claim__section__article=article),
            "citations": _rows(Citation, claim__section__article=article),
        },
        "revisions": revisions,
    }
    fmt.write_json(folder / "article.json", metadata)
    return len(revisions)


def _history_lines(source: HistorySource, users: dict[int, str]):
    """(sort key, JSON line) for each history record of one model, oldest first."""
    m2m_fields = source.history._history_m2m_fields
    rows = source.history.objects.order_by("history_date", "history_id")
    chunk = []

    def flush():
        m2m = _m2m_rows(m2m_fields, [r.history_id for r in chunk])
        for row in chunk:
            record = {
                "kind": "history",
                "model": source.key,
                "history_user": users.get(row.history_user_id),
                "row": fmt.row_dict(row),
            }
            if m2m_fields:
                record["m2m"] = {f.name: m2m.get((f.name, row.history_id), []) for f in m2m_fields}
            yield (row.history_date, 0, source.key, row.history_id), record

    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from flush()
            chunk = []
    yield from flush()


def _m2m_rows(fields, history_ids: list[int]) -> dict:
    found: dict = {}
    for field in fields:
        through = HistoricalRecords.m2m_models[field]
        target = through._meta.get_field(get_m2m_reverse_field_name(field)).attname
        rows = through.objects.filter(history_id__in=history_ids).order_by(target)
        for row in rows:
            found.setdefault((field.name, row.history_id), []).append(
                fmt.row_dict(row, exclude=(through._meta.pk.attname, "history_id"))
            )
    return found


def _event_lines(users: dict[int, str]):
    for event in WorkflowEvent.objects.order_by("pk").iterator(chunk_size=CHUNK):
        record = {"kind": "event", "actor": users[event.actor_id], "row": fmt.row_dict(event)}
        yield (event.created_at, 1, "", event.pk), record


def _audit_log(directory: Path, users: dict[int, str], progress: Progress) -> int:
    sources = archived_sources()
    total = sum(s.history.objects.count() for s in sources) + WorkflowEvent.objects.count()
    progress.start("Audit log", total)
    streams = [_history_lines(s, users) for s in sources] + [_event_lines(users)]
    written = 0
    with (directory / fmt.AUDIT_LOG).open("w", encoding="utf-8") as out:
        for _, record in heapq.merge(*streams, key=lambda pair: pair[0]):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
            if written % 500 == 0:
                progress.advance(500)
    progress.finish()
    return written


def site_export(*, directory: Path, progress: Progress) -> dict:
    """Write the site into `directory` (new or empty). Returns the manifest."""
    directory = Path(directory)
    _prepare(directory)
    report = audit_log_verify()
    if not report.ok:
        raise AuditError(
            f"The record does not verify, so it was not archived: {report.problem}",
            code="record_broken",
        )
    users = _users(directory)
    references = _references(directory, progress)
    fmt.write_json(directory / fmt.BOARD, _rows(BoardMember))
    fmt.write_json(directory / fmt.QUESTIONS, _rows(ReaderQuestion))
    articles = list(Article.objects.order_by("pk").only("pk", "slug"))
    progress.start("Articles", len(articles))
    revisions = 0
    for article in articles:
        revisions += _article(directory, Article.objects.get(pk=article.pk), users)
        progress.advance()
    progress.finish()
    records = _audit_log(directory, users, progress)
    manifest = {
        "format": fmt.FORMAT,
        "version": fmt.VERSION,
        "exported_at": timezone.now().isoformat(),
        "articles": [a.slug for a in articles],
        "counts": {
            "users": len(users),
            "references": references,
            "board_members": BoardMember.objects.count(),
            "reader_questions": ReaderQuestion.objects.count(),
            "articles": len(articles),
            "revisions": revisions,
            "signatures": Signature.objects.count(),
            "events": report.events,
            "audit_log_lines": records,
        },
        "event_chain_head": report.head_hash,
    }
    fmt.write_json(directory / fmt.MANIFEST, manifest)
    return manifest
