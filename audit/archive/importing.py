"""Restoring an archive into an empty database: `manage.py import_site DIR`.

Everything is checked before anything is written (every revision's content against its
hash, the event chain link by link, that the database is empty and that user ids agree),
and everything is written in one transaction, verified with verify_audit_log's own
check before it commits. A refused archive leaves the database as it was.

Rows keep the ids they had: the workflow log's hashes cover article, revision, user and
signature ids. They are HMACs keyed with AUDIT_CHAIN_KEYS, so the restoring site needs the
keys of the site that exported the archive. Revisions are inserted exactly as they were
(content and hash), then history records exactly as they were; each restored object also
gets one history record "Restored from the site archive", written by the person running
the import (or the inactive `system` account), so the restore itself is on the record
too.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from articles.models import Article, Citation, Claim, ClaimText, ReaderQuestion, Revision, Section
from articles.snapshot import content_hash
from audit.archive import format as fmt
from audit.archive.exporting import archived_sources
from audit.archive.progress import Progress
from audit.errors import AuditError
from audit.sources import history_source
from config.accounts import system_account
from references.models import Reference
from reviews.audit import audit_log_verify
from reviews.events import GENESIS_HASH, UnknownKeyError, event_hash_compute
from reviews.models import BoardMember, ReviewAssignment, Signature, WorkflowEvent

BATCH = 1000
# What must be absent for the database to count as empty (history tables too).
CONTENT_MODELS = (
    Article,
    Revision,
    Reference,
    BoardMember,
    ReaderQuestion,
    WorkflowEvent,
    Signature,
)


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuditError(f"The archive has no {path.name} ({path}).", code="missing_file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AuditError(f"{path} cannot be read: {exc}", code="unreadable_file") from None


@dataclass
class _Article:
    folder: Path
    data: dict
    contents: dict  # revision number → content


class _Archive:
    def __init__(self, directory: Path):
        self.directory = directory
        self.manifest = _read_json(directory / fmt.MANIFEST)
        if (self.manifest.get("format"), self.manifest.get("version")) != (fmt.FORMAT, fmt.VERSION):
            raise AuditError(
                f"{directory} is not a version {fmt.VERSION} site archive written by export_site.",
                code="unknown_format",
            )
        self.users = _read_json(directory / fmt.USERS)
        self.references = _read_json(directory / fmt.REFERENCES)
        self.board = _read_json(directory / fmt.BOARD)
        self.questions = _read_json(directory / fmt.QUESTIONS)

    def articles(self) -> Iterator[_Article]:
        for slug in self.manifest.get("articles", []):
            if not isinstance(slug, str) or not fmt.SLUG_DIRECTORY.match(slug):
                raise AuditError(f"The manifest names an article {slug!r}.", code="bad_slug")
            folder = self.directory / fmt.ARTICLES / slug
            data = _read_json(folder / "article.json")
            contents = {}
            for revision in data["revisions"]:
                number = int(revision["number"])
                content = _read_json(folder / "revisions" / f"{number}.json")
                if content_hash(content) != revision["content_hash"]:
                    raise AuditError(
                        f"Revision {number} of '{slug}' does not match its hash: the archive "
                        "was changed after it was written.",
                        code="revision_hash_mismatch",
                    )
                contents[number] = content
            yield _Article(folder, data, contents)

    def log(self) -> Iterator[tuple[int, dict]]:
        path = self.directory / fmt.AUDIT_LOG
        try:
            with path.open(encoding="utf-8") as lines:
                for number, line in enumerate(lines, start=1):
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise AuditError(
                            f"{path}, line {number}: {exc.msg}.", code="unreadable_file"
                        ) from None
                    yield number, record
        except FileNotFoundError:
            raise AuditError(f"The archive has no {fmt.AUDIT_LOG}.", code="missing_file") from None


def _check_log(archive: _Archive) -> set[int]:
    """Verify the event chain as archived; return the ids of the users who acted in it
    (their ids are inside the hashes, so they must keep them)."""
    previous = GENESIS_HASH
    actors = set()
    for number, record in archive.log():
        kind = record.get("kind")
        if kind == "history":
            source = history_source(record.get("model", ""))
            if source is None or source.key not in fmt.ARCHIVED:
                raise AuditError(
                    f"Line {number} of the audit log is history of {record.get('model')!r}, "
                    "which this site does not have.",
                    code="unknown_model",
                )
        elif kind == "event":
            event = fmt.row_from_dict(WorkflowEvent, record["row"], user_ids=_Identity())
            try:
                computed = event_hash_compute(event)
            except UnknownKeyError:
                raise AuditError(
                    f"The workflow log in the archive was signed with the key "
                    f"'{event.key_id}' (line {number}, event #{event.pk}), which "
                    "AUDIT_CHAIN_KEYS does not hold here: restore with the keys of the site "
                    "that exported it.",
                    code="unknown_chain_key",
                ) from None
            if event.previous_hash != previous or computed != event.event_hash:
                raise AuditError(
                    f"The workflow log in the archive is broken at line {number} (event "
                    f"#{event.pk}): it was changed after it was written.",
                    code="chain_broken",
                )
            previous = event.event_hash
            actors.add(event.actor_id)
        else:
            raise AuditError(
                f"Line {number} of the audit log is not a record.", code="unreadable_file"
            )
    if previous != archive.manifest.get("event_chain_head", GENESIS_HASH):
        raise AuditError(
            "The workflow log in the archive does not end where the manifest says: events "
            "were removed from its end.",
            code="chain_truncated",
        )
    return actors


class _Identity(dict):
    def __getitem__(self, key):
        return key


def _require_empty() -> None:
    models = [*CONTENT_MODELS, *(s.history for s in archived_sources())]
    found = [m._meta.verbose_name_plural for m in models if m.objects.exists()]
    if found:
        raise AuditError(
            f"This database already holds {', '.join(str(f) for f in found[:4])}; "
            "import_site restores into an empty database only (run migrate on a new one).",
            code="database_not_empty",
        )


def _users(archive: _Archive, pinned: set[int]) -> dict[int, int]:
    """archive user id → local user id. Missing people are created inactive, with no
    password and no staff rights; an administrator reactivates whoever should sign in."""
    User = get_user_model()
    ids = {}
    clashes = []
    for data in archive.users:
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            taken = User.objects.filter(pk=data["id"]).exists()
            user = User(
                username=data["username"],
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                email=data.get("email", ""),
                is_active=False,
            )
            if not taken:
                user.pk = data["id"]
            user.set_unusable_password()
            user.save(force_insert=True)
            for name in data.get("groups", []):
                user.groups.add(Group.objects.get_or_create(name=name)[0])
        if user.pk != data["id"] and data["id"] in pinned:
            clashes.append(f"'{data['username']}' (id {user.pk} here, {data['id']} in the archive)")
        ids[data["id"]] = user.pk
    if clashes:
        raise AuditError(
            "The workflow log's hashes include user ids, and these people have other ids "
            f"here: {', '.join(clashes)}. Import into a database where they do not exist "
            "yet.",
            code="user_id_clash",
        )
    return ids


@contextmanager
def _dates_kept(models):
    """Keep created_at / updated_at as archived: auto_now would stamp the import's time."""
    switched = []
    for model in models:
        for field in model._meta.concrete_fields:
            for flag in ("auto_now", "auto_now_add"):
                if getattr(field, flag, False):
                    setattr(field, flag, False)
                    switched.append((field, flag))
    try:
        yield
    finally:
        for field, flag in switched:
            setattr(field, flag, True)


class _Restorer:
    def __init__(self, *, actor, user_ids: dict[int, int], progress: Progress, reason: str):
        self.actor = actor
        self.user_ids = user_ids
        self.progress = progress
        self.reason = reason
        self.now = timezone.now()
        self.counts: dict[str, int] = {}

    def rows(self, model, rows: list[dict]) -> list:
        return [fmt.row_from_dict(model, row, user_ids=self.user_ids) for row in rows]

    def insert(self, model, objects: list) -> None:
        if not objects:
            return
        if hasattr(model._meta, "simple_history_manager_attribute"):
            bulk_create_with_history(
                objects,
                model,
                batch_size=BATCH,
                default_user=self.actor,
                default_change_reason=self.reason,
                default_date=self.now,
            )
        else:
            model.objects.bulk_create(objects, batch_size=BATCH)
        label = model._meta.label_lower
        self.counts[label] = self.counts.get(label, 0) + len(objects)

    def history(self, archive: _Archive) -> int:
        total = archive.manifest.get("counts", {}).get("audit_log_lines", 0)
        self.progress.start("Audit log", total)
        pending: dict = {}
        written = 0
        for _, record in archive.log():
            if record["kind"] == "event":
                model = WorkflowEvent
                pending.setdefault(model, []).append(self.rows(model, [record["row"]])[0])
            else:
                source = history_source(record["model"])
                row = fmt.row_from_dict(source.history, record["row"], user_ids=self._users())
                pending.setdefault(source.history, []).append(row)
                for field in source.history._history_m2m_fields:
                    through = HistoricalRecords.m2m_models[field]
                    for m2m in record.get("m2m", {}).get(field.name, []):
                        item = fmt.row_from_dict(through, m2m, user_ids=self._users())
                        item.history_id = row.history_id
                        pending.setdefault(through, []).append(item)
            written += 1
            if written % BATCH == 0:
                self._flush(pending)
                self.progress.advance(BATCH)
        self._flush(pending)
        self.progress.finish()
        return written

    def _users(self) -> dict:
        # A history record may name someone deleted before the export: nobody, here.
        return _Lenient(self.user_ids)

    def _flush(self, pending: dict) -> None:
        for model, objects in pending.items():
            model.objects.bulk_create(objects, batch_size=BATCH)
        pending.clear()

    def article(self, item: _Article) -> None:
        data = item.data
        article = fmt.row_from_dict(Article, data["row"], user_ids=self.user_ids)
        # The co-editors first (foreign keys are checked at commit), so the history
        # record of the article's restoration lists them as they are.
        through = Article.co_editors.through
        User = get_user_model()
        co_editors = User.objects.filter(username__in=data.get("co_editors", []))
        through.objects.bulk_create(
            [through(article_id=article.pk, user_id=user.pk) for user in co_editors]
        )
        article._history_user = self.actor
        article._change_reason = self.reason
        article.save(force_insert=True)
        self.counts["articles.article"] = self.counts.get("articles.article", 0) + 1
        copy = data["working_copy"]
        self.insert(Section, self.rows(Section, copy["sections"]))
        self.insert(Claim, self.rows(Claim, copy["claims"]))
        self.insert(ClaimText, self.rows(ClaimText, copy["texts"]))
        self.insert(Citation, self.rows(Citation, copy["citations"]))
        revisions, signatures, assignments = [], [], []
        for meta in data["revisions"]:
            revision = fmt.row_from_dict(Revision, meta["row"], user_ids=self.user_ids)
            revision.content = item.contents[int(meta["number"])]
            revisions.append(revision)
            signatures += self.rows(Signature, meta["signatures"])
            assignments += self.rows(ReviewAssignment, meta["assignments"])
        self.insert(Revision, revisions)
        self.insert(Signature, signatures)
        self.insert(ReviewAssignment, assignments)


class _Lenient(dict):
    def __init__(self, ids: dict):
        super().__init__(ids)

    def __getitem__(self, key):
        return self.get(key)


def _sequences_reset(models) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _actor(username: str | None):
    User = get_user_model()
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise AuditError(f"There is no user named '{username}'.", code="unknown_user")
        return user
    return system_account()


def site_import(*, directory: Path, username: str | None, progress: Progress) -> dict:
    """Restore the archive in `directory` into this (empty) database, as `username` (or
    the inactive system account). Returns how many rows of each kind were restored."""
    archive = _Archive(Path(directory))
    pinned = _check_log(archive)
    articles = list(archive.articles())  # reads and checks every revision first
    with transaction.atomic():
        _require_empty()
        user_ids = _users(archive, pinned)
        actor = _actor(username)
        exported = archive.manifest.get("exported_at", "")
        restorer = _Restorer(
            actor=actor,
            user_ids=user_ids,
            progress=progress,
            reason=f"Restored from the site archive exported {exported[:19]}",
        )
        history_models = [s.history for s in archived_sources()]
        lines = restorer.history(archive)
        # History ids were kept; later records must be numbered after them.
        _sequences_reset([*history_models, WorkflowEvent])
        with _dates_kept([Article, Reference, ReaderQuestion, BoardMember]):
            restorer.insert(Reference, _references(archive, user_ids))
            restorer.insert(BoardMember, restorer.rows(BoardMember, archive.board))
            progress.start("Articles", len(articles))
            for item in articles:
                restorer.article(item)
                progress.advance()
            progress.finish()
            restorer.insert(ReaderQuestion, restorer.rows(ReaderQuestion, archive.questions))
        _sequences_reset(
            [
                get_user_model(),
                Group,
                *CONTENT_MODELS,
                Section,
                Claim,
                ClaimText,
                Citation,
                ReviewAssignment,
                *history_models,
            ]
        )
        report = audit_log_verify()
        if not report.ok:
            raise AuditError(
                f"Nothing was restored: {report.problem}", code="restore_does_not_verify"
            )
    return {**restorer.counts, "audit_log_lines": lines, "events": report.events}


def _references(archive: _Archive, user_ids: dict) -> list[Reference]:
    references = []
    for item in archive.references:
        exact = (item.get("custom") or {}).get(fmt.CSL_CUSTOM_KEY)
        if not isinstance(exact, dict):
            raise AuditError(
                f"Reference {item.get('id')!r} carries no exact values; references.json must "
                "come from export_site.",
                code="not_an_archive_reference",
            )
        references.append(fmt.row_from_dict(Reference, exact, user_ids=user_ids))
    return references
