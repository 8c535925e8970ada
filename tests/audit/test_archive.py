"""export_site → import_site round trip.

How the test gets an empty database to import into: the site is built and exported inside
a savepoint that is then rolled back. A rollback is not a DELETE, so the append-only
triggers on events and signatures never fire and stay in force for the import (dropping
them, or a second database, would test something other than what production runs).
"""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from articles.models import Article, Claim, Revision
from audit.archive.format import ARCHIVED
from audit.sources import history_sources
from audit.timeline import TimelineFilter, timeline_iter
from references.models import Reference
from reviews.audit import audit_log_verify
from reviews.models import BoardMember, ReviewAssignment, Signature, WorkflowEvent
from reviews.workflow import (
    claim_comment_add,
    revision_approve,
    revision_request_changes,
    revision_start_review,
    revision_submit,
)
from tests.audit.conftest import save_as
from tests.conftest import make_article, make_board_member, make_user

pytestmark = pytest.mark.django_db

RESTORED = "Restored from the site archive"


def _site(editor, password) -> None:
    """Two articles with revisions in several states, a deleted claim, a co-editor, a
    comment, signatures from two board members, and a reader's question."""
    reviewer = make_user("sarah")
    make_board_member(reviewer, name="Sarah Chen", credentials="MD, FACP")
    second = make_user("david", groups=["Editors"])
    make_board_member(second, name="David Alvarez", credentials="PharmD")
    article = make_article(editor, slug="back-pain")
    article._history_user = editor
    article.co_editors.add(second)
    first = revision_submit(article=article, actor=editor, comment="First version")
    revision_start_review(revision=first, actor=reviewer)
    claim_uuid = first.content["sections"][1]["claims"][0]["uuid"]
    claim_comment_add(revision=first, actor=reviewer, claim_uuid=claim_uuid, text="Source?")
    revision_request_changes(revision=first, actor=reviewer, comment="Cite the trial.")
    claim = Claim.objects.get(uuid=claim_uuid)
    claim.text = "Heat helps, as the 2024 trial showed."
    save_as(claim, editor, "Cited the trial")
    doomed = Claim.objects.filter(section__article=article).order_by("-pk").first()
    doomed._history_user = editor
    doomed._change_reason = "Repeated the lead"
    doomed.delete()
    second_revision = revision_submit(article=article, actor=editor, comment="With the trial")
    revision_start_review(revision=second_revision, actor=reviewer)
    revision_approve(revision=second_revision, actor=reviewer, password=password)
    other = make_article(second, slug="neck-pain", question="What helps neck pain?")
    pending = revision_submit(article=other, actor=second, comment="New article")
    revision_start_review(revision=pending, actor=reviewer)
    from articles.models import ReaderQuestion

    ReaderQuestion.objects.create(article=article, text="Does it work at night?")


def _state() -> dict:
    """Everything the archive must bring back, as plain values."""
    return {
        "revisions": sorted(
            (
                r.article.slug,
                r.number,
                r.state,
                r.content_hash,
                json.dumps(r.content, sort_keys=True),
            )
            for r in Revision.objects.select_related("article")
        ),
        "events": list(WorkflowEvent.objects.order_by("pk").values()),
        "signatures": list(Signature.objects.order_by("pk").values()),
        "assignments": list(ReviewAssignment.objects.order_by("pk").values()),
        "articles": list(Article.objects.order_by("pk").values()),
        "co_editors": sorted(
            Article.co_editors.through.objects.values_list("article_id", "user_id")
        ),
        "claims": list(Claim.objects.order_by("pk").values()),
        "references": list(Reference.objects.order_by("pk").values()),
        "board": list(BoardMember.objects.order_by("pk").values()),
        "history": {
            s.key: list(
                s.history.objects.exclude(history_change_reason__startswith=RESTORED)
                .order_by("history_id")
                .values()
            )
            for s in history_sources()
            if s.key in ARCHIVED
        },
    }


def _export(tmp_path: Path, editor, password) -> tuple[Path, dict, str]:
    archive = tmp_path / "archive"
    err = io.StringIO()
    with transaction.atomic():
        _site(editor, password)
        call_command("export_site", "--to", str(archive), stdout=io.StringIO(), stderr=err)
        before = _state()
        transaction.set_rollback(True)
    return archive, before, err.getvalue()


def test_an_export_then_import_reproduces_every_revision_hash_and_the_record(
    tmp_path, editor, password
):
    archive, before, progress = _export(tmp_path, editor, password)
    assert not Article.objects.exists() and not WorkflowEvent.objects.exists()
    assert "Articles" in progress and "[" + "#" * 30 + "] 2/2" in progress

    # What is compared is not trivially empty.
    assert len(before["revisions"]) == 3 and len(before["events"]) >= 9
    assert {"approved", "changes_requested", "under_review"} <= {r[2] for r in before["revisions"]}
    assert all(before["history"][key] for key in ("articles.claim", "articles.article"))
    assert any(row["history_type"] == "-" for row in before["history"]["articles.claim"])

    out = io.StringIO()
    call_command("import_site", str(archive), stdout=out, stderr=io.StringIO())
    assert "the event chain verifies" in out.getvalue()
    after = _state()
    assert after["revisions"] == before["revisions"]
    for key in (
        "events",
        "signatures",
        "assignments",
        "articles",
        "co_editors",
        "claims",
        "references",
        "board",
        "history",
    ):
        assert after[key] == before[key], key
    assert audit_log_verify().ok
    # People who were not here are back, inactive and unable to sign in until an admin
    # lets them; the one who was here keeps their account.
    sarah = User.objects.get(username="sarah")
    assert not sarah.is_active and not sarah.has_usable_password()
    assert User.objects.get(username="editor").is_active
    assert list(User.objects.get(username="david").groups.values_list("name", flat=True)) == [
        "Editors"
    ]


def test_the_restore_itself_is_on_the_record_under_the_system_account(tmp_path, editor, password):
    archive, _, _ = _export(tmp_path, editor, password)
    call_command("import_site", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    restored = [e for e in timeline_iter(filters=TimelineFilter()) if e.reason.startswith(RESTORED)]
    assert restored
    assert {e.username for e in restored} == {"system"}
    # A change made after the restore diffs against the restored values.
    claim = Claim.objects.order_by("pk").first()
    claim.text = "Changed after the restore."
    save_as(claim, editor, "Later edit")
    latest = list(timeline_iter(filters=TimelineFilter(source="articles.claim", action="changed")))[
        -1
    ]
    assert [c.field for c in latest.changes] == ["text"]


def test_the_archive_holds_documents_csl_json_and_json_lines(tmp_path, editor, password):
    archive, _, _ = _export(tmp_path, editor, password)
    manifest = json.loads((archive / "manifest.json").read_text())
    assert manifest["articles"] == ["back-pain", "neck-pain"]
    assert manifest["counts"]["revisions"] == 3
    folder = archive / "articles" / "back-pain"
    meta = json.loads((folder / "article.json").read_text())
    assert [(r["number"], r["state"]) for r in meta["revisions"]] == [
        (1, "changes_requested"),
        (2, "approved"),
    ]
    assert meta["revisions"][1]["signatures"][0]["printed_name"] == "Sarah Chen"
    assert meta["revisions"][1]["events"]  # hashes of the events about this revision
    assert (folder / "revisions" / "2.md").read_text().startswith("---\n")
    assert (folder / "working-copy.md").exists()
    references = json.loads((archive / "references.json").read_text())
    assert all(item["type"] and item["title"] for item in references)
    lines = (archive / "audit-log.jsonl").read_text().splitlines()
    kinds = {json.loads(line)["kind"] for line in lines}
    assert kinds == {"history", "event"}
    assert len(lines) == manifest["counts"]["audit_log_lines"]
    assert "password" not in (archive / "users.json").read_text()


def _import_error(archive: Path) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("import_site", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    return str(caught.value)


def test_a_non_empty_database_is_refused_and_left_unchanged(tmp_path, editor, password):
    archive, _, _ = _export(tmp_path, editor, password)
    make_article(editor, slug="already-here")
    users = User.objects.count()
    message = _import_error(archive)
    assert "restores into an empty database only" in message
    assert list(Article.objects.values_list("slug", flat=True)) == ["already-here"]
    assert User.objects.count() == users


def test_a_changed_revision_in_the_archive_is_refused(tmp_path, editor, password):
    archive, _, _ = _export(tmp_path, editor, password)
    path = archive / "articles" / "back-pain" / "revisions" / "2.json"
    content = json.loads(path.read_text())
    content["sections"][0]["claims"][0]["text"] = "Something no reviewer approved."
    path.write_text(json.dumps(content))
    assert "Revision 2 of 'back-pain' does not match its hash" in _import_error(archive)
    assert not Article.objects.exists()


def test_a_rewritten_or_truncated_event_log_is_refused(tmp_path, editor, password):
    archive, _, _ = _export(tmp_path, editor, password)
    log = archive / "audit-log.jsonl"
    original = log.read_text().splitlines()
    rewritten = []
    for line in original:
        record = json.loads(line)
        if record["kind"] == "event" and record["row"]["action"] == "request_changes":
            record["row"]["comment"] = "Looks fine."
        rewritten.append(json.dumps(record))
    log.write_text("\n".join(rewritten) + "\n")
    assert "The workflow log in the archive is broken" in _import_error(archive)

    last_event = max(i for i, line in enumerate(original) if '"kind": "event"' in line)
    log.write_text("\n".join(original[:last_event]) + "\n")
    assert "events were removed from its end" in _import_error(archive)
    assert not WorkflowEvent.objects.exists()


def test_an_archive_whose_chain_key_this_site_lacks_is_refused(
    tmp_path, editor, password, settings
):
    archive, _, _ = _export(tmp_path, editor, password)
    settings.AUDIT_CHAIN_KEYS = {"other": "another-site-s-audit-chain-key-" + "c" * 16}

    message = _import_error(archive)

    assert "The workflow log in the archive was signed with the key 'test-1'" in message
    assert "restore with the keys of the site that exported it" in message
    assert not WorkflowEvent.objects.exists()


def test_a_version_1_archive_with_an_unkeyed_chain_is_refused(tmp_path, editor, password):
    archive, _, _ = _export(tmp_path, editor, password)
    manifest = json.loads((archive / "manifest.json").read_text())
    (archive / "manifest.json").write_text(json.dumps({**manifest, "version": 1}))
    assert "is not a version 2 site archive written by export_site" in _import_error(archive)


def test_a_person_whose_id_the_chain_needs_but_who_has_another_id_here_is_refused(
    tmp_path, editor, password
):
    archive, _, _ = _export(tmp_path, editor, password)
    users = json.loads((archive / "users.json").read_text())
    sarah = next(u for u in users if u["username"] == "sarah")
    make_user("someone-else")  # may take sarah's old id
    User.objects.create_user("sarah", id=sarah["id"] + 1000)
    message = _import_error(archive)
    assert "'sarah' (id" in message and "Import into a database where they do not exist" in message
    assert not Article.objects.exists()


def test_export_refuses_a_directory_that_is_not_empty(tmp_path, editor, password):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="is not an empty directory"):
        call_command("export_site", "--to", str(tmp_path), stdout=io.StringIO())


def test_an_archive_from_something_else_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text('{"format": "other"}')
    assert "is not a version 2 site archive" in _import_error(tmp_path)


def test_import_as_names_the_person_restoring(tmp_path, editor, password, admin_user):
    archive, _, _ = _export(tmp_path, editor, password)
    call_command(
        "import_site", str(archive), "--as", "admin", stdout=io.StringIO(), stderr=io.StringIO()
    )
    restored = Article.history.filter(history_change_reason__startswith=RESTORED)
    assert {r.history_user for r in restored} == {admin_user}
    shutil.rmtree(archive)


def test_every_audited_model_is_archived_or_deliberately_left_out():
    from audit.archive.format import NOT_ARCHIVED

    keys = {source.key for source in history_sources()}
    assert keys - ARCHIVED - NOT_ARCHIVED == set(), "decide whether the archive carries it"
