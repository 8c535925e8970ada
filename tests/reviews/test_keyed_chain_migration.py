"""Migration reviews/0004 re-chains a log written under the old, unkeyed scheme.

The test builds a history through the workflow, turns it back into what the previous
release wrote (plain SHA-256, no key, no details), runs the migration's function and
checks that the result is what the workflow writes today and that it verifies."""

import hashlib
import importlib
import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

from articles.models import Claim
from reviews.models import WorkflowEvent
from reviews.workflow import (
    article_reaffirm,
    revision_approve,
    revision_start_review,
    revision_submit,
)
from tests.reviews.test_audit_tampering import _sql, _unprotect

migration = importlib.import_module("reviews.migrations.0004_keyed_chain")


class _SchemaEditor:
    """What the migration's function uses of a schema editor (SQLite refuses a real one
    inside the test's transaction)."""

    def __init__(self):
        self.connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


@pytest.fixture
def history(article, editor, reviewer, reviewer2, password):
    first = revision_submit(article=article, actor=editor, comment="First")
    revision_start_review(revision=first, actor=reviewer)
    revision_approve(revision=first, actor=reviewer, password=password)
    article_reaffirm(article=article, actor=reviewer2, password=password)
    claim = Claim.objects.filter(section__article=article).first()
    claim.text = "Keep moving; heat helps for a few days."
    claim._history_user = editor
    claim.save()
    second = revision_submit(article=article, actor=editor, comment="Heat")
    revision_start_review(revision=second, actor=reviewer2)
    revision_approve(revision=second, actor=reviewer2, password=password)
    article_reaffirm(article=article, actor=reviewer, password=password)
    article_reaffirm(article=article, actor=reviewer2, password=password)


def _as_the_previous_release_wrote_it() -> None:
    # That release had no change types (articles 0009, reviews 0005 add them blank).
    _sql("UPDATE articles_revision SET change_type = ''")
    _unprotect("reviews_signature")
    _sql("UPDATE reviews_signature SET change_type = ''")
    _unprotect("reviews_workflowevent")
    previous = migration.GENESIS_HASH
    for event in WorkflowEvent.objects.order_by("pk"):
        event.previous_hash = previous
        event.event_hash = hashlib.sha256(
            migration._unkeyed_canonical(event).encode("utf-8")
        ).hexdigest()
        _sql(
            "UPDATE reviews_workflowevent SET details = %s, key_id = '', previous_hash = %s, "
            "event_hash = %s WHERE id = %s",
            ["{}", event.previous_hash, event.event_hash, event.pk],
        )
        previous = event.event_hash


# What the workflow records since change types and per-claim checks (after this migration).
_LATER = {"change_type", "checked_claims", "unchecked_confirmed", "all_claims_checked", "dates"}


def _before_change_types(details: dict) -> dict:
    """What the workflow wrote before change types, claim checks and reader dates were
    recorded: the same details without them (the verifier checks dates only where an
    event has them)."""
    details = {k: v for k, v in details.items() if k not in _LATER}
    if "signature" in details:
        details["signature"] = {k: v for k, v in details["signature"].items() if k not in _LATER}
    return details


def test_an_unkeyed_log_is_re_chained_with_the_details_the_workflow_writes(history):
    written = [
        (action, _before_change_types(details))
        for action, details in WorkflowEvent.objects.order_by("pk").values_list("action", "details")
    ]
    _as_the_previous_release_wrote_it()
    assert set(WorkflowEvent.objects.values_list("key_id", flat=True)) == {""}

    migration.rechain(apps, _SchemaEditor())

    assert list(WorkflowEvent.objects.order_by("pk").values_list("action", "details")) == written
    assert set(WorkflowEvent.objects.values_list("key_id", flat=True)) == {"test-1"}
    out = StringIO()
    call_command("verify_audit_log", stdout=out)
    assert out.getvalue().startswith("OK: 11 events chained")


def test_the_append_only_triggers_stand_again_after_the_re_chaining(history):
    _as_the_previous_release_wrote_it()
    migration.rechain(apps, _SchemaEditor())
    event = WorkflowEvent.objects.first()
    with pytest.raises(Exception, match="append-only"):
        _sql("UPDATE reviews_workflowevent SET comment = 'x' WHERE id = %s", [event.pk])


def test_a_log_changed_before_the_migration_is_refused_not_laundered(history):
    _as_the_previous_release_wrote_it()
    comment = WorkflowEvent.objects.get(action="submit", revision__number=2)
    _sql("UPDATE reviews_workflowevent SET comment = 'Nothing' WHERE id = %s", [comment.pk])
    before = list(WorkflowEvent.objects.order_by("pk").values())

    with pytest.raises(RuntimeError) as caught:
        migration.rechain(apps, _SchemaEditor())

    assert str(caught.value).startswith(
        f"The workflow log does not verify at event #{comment.pk}: it was changed before "
        "this migration. Nothing was migrated;"
    )
    assert list(WorkflowEvent.objects.order_by("pk").values()) == before


def test_a_reviewer_list_naming_someone_who_did_not_sign_is_refused(history, article):
    _as_the_previous_release_wrote_it()
    revision = article.revisions.get(number=2)
    forged = [{**revision.reviewers[0], "name": "Dr Famous Name"}, *revision.reviewers[1:]]
    _sql(
        "UPDATE articles_revision SET reviewers = %s WHERE id = %s",
        [json.dumps(forged), revision.pk],
    )
    before = list(WorkflowEvent.objects.order_by("pk").values())

    # A migration runs in one transaction; the refusal rolls back what it had begun.
    with pytest.raises(RuntimeError) as caught, transaction.atomic():
        migration.rechain(apps, _SchemaEditor())

    assert str(caught.value) == (
        f"Revision #{revision.pk} lists Dr Famous Name as an approving reviewer, but nobody "
        "of that name signed it. The record was changed; nothing was migrated."
    )
    assert list(WorkflowEvent.objects.order_by("pk").values()) == before
