"""The workflow event log is append-only and hash-chained; verify_audit_log proves it.

The database triggers forbid editing events and revision content, so the tampering tests
drop a trigger first (inside the test's transaction, which rolls it back): that is the
attacker the hash chain exists to catch."""

import itertools
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from articles.snapshot import content_hash
from reviews.errors import WorkflowError
from reviews.events import GENESIS_HASH, event_hash_compute
from reviews.models import WorkflowEvent
from reviews.workflow import (
    claim_comment_add,
    revision_approve,
    revision_request_changes,
)

DROP_TRIGGER = {
    "sqlite": {
        "reviews_workflowevent": [
            "DROP TRIGGER reviews_workflowevent_no_update",
            "DROP TRIGGER reviews_workflowevent_no_delete",
        ],
        "articles_revision": ["DROP TRIGGER articles_revision_content_immutable"],
    },
    "postgresql": {
        "reviews_workflowevent": [
            "DROP TRIGGER reviews_workflowevent_append_only ON reviews_workflowevent"
        ],
        "articles_revision": [
            "DROP TRIGGER articles_revision_content_immutable ON articles_revision"
        ],
    },
}


def _drop_protection(table: str) -> None:
    with connection.cursor() as cursor:
        for statement in DROP_TRIGGER[connection.vendor][table]:
            cursor.execute(statement)


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit_log", stdout=out)
    return out.getvalue()


@pytest.fixture
def history(in_review, reviewer, reviewer2, password):
    """A little history: submit, start, comment, approve, publish."""
    claim = in_review.content["sections"][0]["claims"][0]["uuid"]
    claim_comment_add(revision=in_review, actor=reviewer2, claim_uuid=claim, text="Source?")
    return revision_approve(revision=in_review, actor=reviewer, password=password)


def test_each_event_links_to_the_hash_of_the_one_before(history):
    events = list(WorkflowEvent.objects.order_by("pk"))

    assert [e.action for e in events] == [
        "submit",
        "start_review",
        "comment",
        "approve",
        "publish",
    ]
    assert events[0].previous_hash == GENESIS_HASH
    for before, after in itertools.pairwise(events):
        assert after.previous_hash == before.event_hash
    for event in events:
        assert event.event_hash == event_hash_compute(event)


def test_the_log_verifies_on_a_clean_history(history):
    output = _verify()
    assert output.startswith("OK: 5 events chained, 1 signatures and 1 revisions")
    assert WorkflowEvent.objects.latest("pk").event_hash in output


def test_the_log_verifies_when_empty(db):
    assert _verify().startswith("OK: 0 events")


def test_events_cannot_be_edited_or_deleted_through_the_orm(history):
    event = WorkflowEvent.objects.get(action="comment")
    event.comment = "Rewritten"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        event.delete()


def test_verification_fails_on_an_edited_event(history):
    _drop_protection("reviews_workflowevent")
    event = WorkflowEvent.objects.get(action="comment")
    WorkflowEvent.objects.filter(pk=event.pk).update(comment="Looks fine to me")

    with pytest.raises(CommandError) as caught:
        _verify()

    assert caught.value.returncode == 1
    assert f"event #{event.pk} (comment" in str(caught.value)
    assert "changed after it was written" in str(caught.value)


def test_verification_fails_when_an_edited_event_was_rehashed(history):
    # Recomputing the edited event's own hash is not enough: the next event still points
    # at the old one.
    _drop_protection("reviews_workflowevent")
    event = WorkflowEvent.objects.get(action="comment")
    event.comment = "Looks fine to me"
    WorkflowEvent.objects.filter(pk=event.pk).update(
        comment=event.comment, event_hash=event_hash_compute(event)
    )
    following = WorkflowEvent.objects.filter(pk__gt=event.pk).order_by("pk").first()

    with pytest.raises(CommandError) as caught:
        _verify()

    assert f"event #{following.pk} (approve" in str(caught.value)
    assert "does not link" in str(caught.value)


def test_verification_fails_when_an_event_was_deleted(history):
    _drop_protection("reviews_workflowevent")
    event = WorkflowEvent.objects.get(action="start_review")
    WorkflowEvent.objects.filter(pk=event.pk).delete()

    with pytest.raises(CommandError) as caught:
        _verify()

    assert "does not link" in str(caught.value)


def test_verification_fails_when_signed_content_was_changed(history):
    _drop_protection("articles_revision")
    content = dict(history.content)
    content["question"] = "What cures back pain instantly?"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_revision SET content = %s WHERE id = %s",
            [json.dumps(content), history.pk],
        )

    with pytest.raises(CommandError) as caught:
        _verify()

    assert caught.value.returncode == 1
    assert f"Revision #{history.pk}" in str(caught.value)
    assert "no longer matches" in str(caught.value)


def test_verification_fails_when_content_and_its_hash_were_both_rewritten(history):
    _drop_protection("articles_revision")
    content = dict(history.content)
    content["question"] = "What cures back pain instantly?"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_revision SET content = %s, content_hash = %s WHERE id = %s",
            [json.dumps(content), content_hash(content), history.pk],
        )

    with pytest.raises(CommandError) as caught:
        _verify()

    assert "Signature #" in str(caught.value)
    assert "Rhea Viewer" in str(caught.value)


def test_a_refused_transition_leaves_the_chain_intact(history, reviewer2):
    with pytest.raises(WorkflowError):
        revision_request_changes(revision=history, actor=reviewer2, comment="Too late")
    assert _verify().startswith("OK: 5 events")
