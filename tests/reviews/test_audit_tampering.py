"""verify_audit_log against someone who can write to the database but holds no chain key.

Each test changes what readers trust the way such an attacker would, in raw SQL through
the database connection (dropping a trigger first only where one stands in the way; the
test's transaction rolls that back), then asserts that the verifier fails and names what
it found."""

import hashlib
import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Claim, Revision
from reviews.events import event_canonical
from reviews.models import Signature, WorkflowEvent
from reviews.workflow import (
    article_reaffirm,
    claim_comment_add,
    revision_approve,
    revision_request_changes,
    revision_start_review,
    revision_submit,
)
from tests.conftest import make_article

APPEND_ONLY = {
    "sqlite": "DROP TRIGGER {table}_no_update",
    "postgresql": "DROP TRIGGER {table}_append_only ON {table}",
}


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def _unprotect(table: str) -> None:
    _sql(APPEND_ONLY[connection.vendor].format(table=table))
    if connection.vendor == "sqlite":
        _sql(f"DROP TRIGGER {table}_no_delete")


def _verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit_log", *args, stdout=out)
    return out.getvalue()


def _failure(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        _verify(*args)
    assert caught.value.returncode == 1
    return str(caught.value)


@pytest.fixture
def published(in_review, reviewer, password):
    return revision_approve(revision=in_review, actor=reviewer, password=password)


@pytest.fixture
def two_published(published, article, editor, reviewer, password):
    """Revision 1 approved, then revision 2 approved and live."""
    claim = Claim.objects.filter(section__article=article).first()
    claim.text = "Keep moving; heat helps for a few days."
    claim._history_user = editor
    claim.save()
    second = revision_submit(article=article, actor=editor, comment="Heat")
    revision_start_review(revision=second, actor=reviewer)
    return published, revision_approve(revision=second, actor=reviewer, password=password)


def test_a_clean_record_verifies_and_names_its_head(two_published):
    output = _verify()
    assert output.startswith(
        "OK: 8 events chained, 2 signatures and 2 revisions match their content and the "
        "chain, and 1 articles show the revision the chain made live."
    )
    head = WorkflowEvent.objects.latest("pk")
    assert f"Head of the chain: event #{head.pk} {head.event_hash}" in output


# --- Reader-facing rows changed in SQL, no trigger in the way ---------------------------


def test_a_revision_set_to_approved_in_sql_is_found(article, editor, reviewer):
    revision = revision_submit(article=article, actor=editor, comment="First")
    revision_start_review(revision=revision, actor=reviewer)
    revision_request_changes(revision=revision, actor=reviewer, comment="Cite the trial.")
    _sql("UPDATE articles_revision SET state = 'approved' WHERE id = %s", [revision.pk])
    last = WorkflowEvent.objects.latest("pk")

    message = _failure()

    assert message == (
        f"Revision #{revision.pk} (article {article.pk}, number 1) is 'approved', but its "
        f"last event in the chain (event #{last.pk}, request_changes) left it "
        "'changes_requested': its state was changed outside the workflow."
    )


def test_an_approved_revision_hidden_as_withdrawn_in_sql_is_found(published):
    _sql("UPDATE articles_revision SET state = 'withdrawn' WHERE id = %s", [published.pk])
    assert "is 'withdrawn', but its last event in the chain" in _failure()


def test_a_live_revision_pointed_at_an_unreviewed_revision_in_sql_is_found(
    article, editor, reviewer
):
    revision = revision_submit(article=article, actor=editor, comment="First")
    revision_start_review(revision=revision, actor=reviewer)
    _sql(
        "UPDATE articles_article SET live_revision_id = %s WHERE id = %s",
        [revision.pk, article.pk],
    )

    assert _failure() == (
        f"Article 'back-pain' (#{article.pk}) shows revision #{revision.pk} to readers, but "
        "the chain never published a revision of it: its live revision was set outside "
        "the workflow."
    )


def test_a_live_revision_rolled_back_to_an_older_approval_in_sql_is_found(two_published):
    first, second = two_published
    _sql(
        "UPDATE articles_article SET live_revision_id = %s WHERE id = %s",
        [first.pk, first.article_id],
    )
    publication = WorkflowEvent.objects.filter(action="publish").latest("pk")

    assert _failure() == (
        f"Article 'back-pain' (#{first.article_id}) shows revision #{first.pk} to readers, "
        f"but the chain's last publication for it (event #{publication.pk}) made revision "
        f"#{second.pk} live: its live revision was changed outside the workflow."
    )


def test_a_listed_title_changed_in_sql_is_found(published):
    _sql(
        "UPDATE articles_article SET public_title = %s WHERE id = %s",
        ["Cure back pain overnight", published.article_id],
    )
    assert _failure() == (
        f"Article 'back-pain' (#{published.article_id}) is listed with the title 'Cure back "
        "pain overnight' (index, search, feeds, API), but the revision readers see "
        f"(revision #{published.pk}) says 'Back pain': the copy was changed outside the "
        "workflow."
    )


def test_a_pending_revision_pointed_at_a_sent_back_revision_in_sql_is_found(
    article, editor, reviewer
):
    revision = revision_submit(article=article, actor=editor, comment="First")
    revision_start_review(revision=revision, actor=reviewer)
    revision_request_changes(revision=revision, actor=reviewer, comment="Cite the trial.")
    _sql(
        "UPDATE articles_article SET pending_revision_id = %s WHERE id = %s",
        [revision.pk, article.pk],
    )
    assert _failure() == (
        f"Article 'back-pain' (#{article.pk}) shows revision #{revision.pk} as pending "
        "review, but that is not an open revision of it: its pending revision was set "
        "outside the workflow."
    )


def test_the_verifier_reads_in_chunks_so_its_queries_do_not_grow_with_the_record(
    editor, reviewer, password, django_assert_max_num_queries
):
    def publish(slug):
        article = make_article(editor, slug=slug, question=f"What about {slug}?")
        revision = revision_submit(article=article, actor=editor, comment="First")
        revision_start_review(revision=revision, actor=reviewer)
        revision_approve(revision=revision, actor=reviewer, password=password)

    publish("first")
    with CaptureQueriesContext(connection) as few:
        _verify()
    for slug in ("second", "third", "fourth"):
        publish(slug)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert _verify().startswith("OK: 16 events chained, 4 signatures and 4 revisions")


def test_a_last_reviewed_date_moved_forward_in_sql_is_found(published):
    article = Article.objects.get(pk=published.article_id)
    recorded = article.last_reviewed_at.astimezone(UTC).isoformat()
    publication = WorkflowEvent.objects.get(action="publish")
    _sql(
        "UPDATE articles_article SET last_reviewed_at = %s WHERE id = %s",
        [datetime(2030, 1, 1, tzinfo=UTC), article.pk],
    )
    assert _failure() == (
        f"Article 'back-pain' (#{article.pk}) tells readers it was last reviewed "
        f"2030-01-01T00:00:00+00:00, but the chain (event #{publication.pk}, publish) "
        f"recorded {recorded}: its dates were changed outside the workflow."
    )


def test_the_dates_a_reaffirmation_leaves_verify_and_are_held_to_it(published, reviewer2, password):
    article_reaffirm(article=published.article, actor=reviewer2, password=password)
    assert _verify().startswith("OK:")
    publication = WorkflowEvent.objects.get(action="publish")
    _sql(
        "UPDATE articles_article SET last_reviewed_at = %s WHERE id = %s",
        [publication.details["dates"]["last_reviewed_at"], published.article_id],
    )
    reaffirmation = WorkflowEvent.objects.get(action="reaffirm")
    assert f"but the chain (event #{reaffirmation.pk}, reaffirm) recorded" in _failure()


def test_dates_on_an_article_the_chain_never_published_are_found(submitted):
    _sql(
        "UPDATE articles_article SET published_at = %s WHERE id = %s",
        [datetime(2025, 6, 1, tzinfo=UTC), submitted.article_id],
    )
    assert _failure() == (
        f"Article 'back-pain' (#{submitted.article_id}) tells readers it was first "
        "published 2025-06-01T00:00:00+00:00, but the chain never published it: its dates "
        "were changed outside the workflow."
    )


def test_a_reviewer_renamed_in_sql_is_found(published):
    reviewers = list(published.reviewers)
    reviewers[0] = {**reviewers[0], "name": "Dr Famous Name"}
    _sql(
        "UPDATE articles_revision SET reviewers = %s WHERE id = %s",
        [json.dumps(reviewers), published.pk],
    )

    assert _failure() == (
        f"Revision #{published.pk} (article {published.article_id}, number 1) shows Dr "
        "Famous Name, MD, FACP as an approving reviewer, but no signature on it has that "
        "name and credentials."
    )


def test_a_reaffirmation_added_in_sql_is_found(published, reviewer2):
    forged = {
        "name": "Ravi Second",
        "credentials": "PharmD",
        "slug": "reviewer2",
        "signed_at": "2026-01-01T00:00:00+00:00",
        "kind": "reaffirmed",
    }
    _sql(
        "UPDATE articles_revision SET reviewers = %s WHERE id = %s",
        [json.dumps([*published.reviewers, forged]), published.pk],
    )
    publication = WorkflowEvent.objects.get(action="publish")

    message = _failure()

    assert message.startswith(
        f"Revision #{published.pk} (article {published.article_id}, number 1) shows readers "
        "the reviewers Rhea Viewer, MD, FACP (approved); Ravi Second, PharmD (reaffirmed), "
        f"but its last publication or reaffirmation (event #{publication.pk}) recorded Rhea "
        "Viewer, MD, FACP (approved): the list was changed outside the workflow."
    )


def test_a_reaffirmed_reviewer_list_verifies_and_its_reviewers_are_held_to_it(
    published, reviewer2, password
):
    article_reaffirm(article=published.article, actor=reviewer2, password=password)
    assert _verify().startswith("OK:")

    published.refresh_from_db()
    reviewers = [e for e in published.reviewers if e["kind"] != "reaffirmed"]
    _sql(
        "UPDATE articles_revision SET reviewers = %s WHERE id = %s",
        [json.dumps(reviewers), published.pk],
    )
    reaffirmation = WorkflowEvent.objects.get(action="reaffirm")
    assert f"(event #{reaffirmation.pk}) recorded" in _failure()


# --- Signatures changed or forged ------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "words", "recorded"),
    [
        ("printed_name", "Mallory Forger", "printed name", "'Rhea Viewer'"),
        ("meaning", "I only skimmed it", "meaning", "'Approved for medical accuracy'"),
        ("credentials", "MD, PhD, FRCP", "credentials", "'MD, FACP'"),
    ],
)
def test_a_signature_field_changed_in_sql_is_found(published, column, value, words, recorded):
    _unprotect("reviews_signature")
    signature = Signature.objects.get()
    _sql(f"UPDATE reviews_signature SET {column} = %s WHERE id = %s", [value, signature.pk])
    approval = WorkflowEvent.objects.get(action="approve")

    message = _failure()

    assert f"Signature #{signature.pk} by " in message
    assert message.endswith(
        f"was changed after it was signed: its {words} is {value!r} but the chain "
        f"(event #{approval.pk}) recorded {recorded}."
    )


def test_a_signature_moved_to_another_signer_in_sql_is_found(published, reviewer, reviewer2):
    _unprotect("reviews_signature")
    signature = Signature.objects.get()
    _sql("UPDATE reviews_signature SET signer_id = %s WHERE id = %s", [reviewer2.pk, signature.pk])

    assert (
        f"its signer (user id) is {reviewer2.pk} but the chain "
        f"(event #{signature.event.pk}) recorded {reviewer.pk}." in _failure()
    )


def test_a_signature_inserted_in_sql_is_found(published, reviewer2):
    signature = Signature.objects.get()
    _sql(
        "INSERT INTO reviews_signature (revision_id, signer_id, printed_name, credentials, "
        "meaning, content_hash, signed_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        [
            published.pk,
            reviewer2.pk,
            "Ravi Second",
            "PharmD",
            "Approved",
            published.content_hash,
            signature.signed_at,
        ],
    )
    forged = Signature.objects.get(signer=reviewer2)

    assert _failure() == (
        f"Signature #{forged.pk} by Ravi Second on revision #{published.pk} has no approval "
        "event in the chain: it was not made by the workflow."
    )


# --- The chain recomputed without the key, and keys rotated ----------------------------


def test_a_chain_recomputed_with_plain_sha256_after_an_edit_is_found(published):
    _unprotect("reviews_workflowevent")
    events = list(WorkflowEvent.objects.order_by("pk"))
    start = events[1]  # start_review
    previous = events[0].event_hash
    for event in events[1:]:
        if event.pk == start.pk:
            event.comment = "Nothing to add."
        event.previous_hash = previous
        event.event_hash = hashlib.sha256(event_canonical(event).encode()).hexdigest()
        _sql(
            "UPDATE reviews_workflowevent SET comment = %s, previous_hash = %s, "
            "event_hash = %s WHERE id = %s",
            [event.comment, event.previous_hash, event.event_hash, event.pk],
        )
        previous = event.event_hash

    message = _failure()

    assert message.startswith(f"The chain is broken at event #{start.pk} (start_review")
    assert message.endswith(
        "its fields no longer match its hash, so it was changed after it was written (or its "
        "hash was recomputed without the chain's key)."
    )


def test_events_signed_with_an_older_key_still_verify_after_a_rotation(
    in_review, reviewer, password, settings
):
    keys = dict(settings.AUDIT_CHAIN_KEYS)
    settings.AUDIT_CHAIN_KEYS = {"test-0": keys["test-0"]}
    claim = in_review.content["sections"][0]["claims"][0]["uuid"]
    claim_comment_add(revision=in_review, actor=reviewer, claim_uuid=claim, text="Source?")
    settings.AUDIT_CHAIN_KEYS = keys  # test-1 first: it signs from now on
    revision_approve(revision=in_review, actor=reviewer, password=password)

    assert list(WorkflowEvent.objects.order_by("pk").values_list("key_id", flat=True)) == [
        "test-1",
        "test-1",
        "test-0",
        "test-1",
        "test-1",
    ]
    assert _verify().startswith("OK: 5 events chained")

    settings.AUDIT_CHAIN_KEYS = {"test-1": keys["test-1"]}
    comment = WorkflowEvent.objects.get(action="comment")
    assert _failure() == (
        f"The chain cannot be checked at event #{comment.pk} (comment, "
        f"{comment.created_at:%Y-%m-%d %H:%M:%S}): it names the key 'test-0', which "
        "AUDIT_CHAIN_KEYS does not hold. Add that key (old keys stay listed after a "
        "rotation), or the event was not written by this site."
    )


# --- Events cut from the end: the head kept outside the database -----------------------


def _cut_last_event() -> WorkflowEvent:
    _unprotect("reviews_workflowevent")
    last = WorkflowEvent.objects.latest("pk")
    _sql("DELETE FROM reviews_workflowevent WHERE id = %s", [last.pk])
    return last


@pytest.fixture
def commented(published, reviewer2):
    """Published, then a comment: the last event changes no row, so cutting it leaves
    every record consistent and only the head shows the cut."""
    claim = published.content["sections"][0]["claims"][0]["uuid"]
    claim_comment_add(revision=published, actor=reviewer2, claim_uuid=claim, text="Good.")
    return published


def test_events_cut_from_the_end_fail_against_the_expected_head(commented):
    head = WorkflowEvent.objects.latest("pk").event_hash
    assert "The head matches the expected head." in _verify("--expect-head", head)
    cut = _cut_last_event()
    assert _verify().startswith("OK:")  # without the head, nothing shows the cut

    message = _failure("--expect-head", head)

    assert message == (
        f"The expected head recorded with hash {head}, which the chain does not contain "
        f"(it ends at event #{cut.pk - 1}): events were cut from the end of the log, or it "
        "was rewritten."
    )


def test_events_appended_after_the_expected_head_are_reported_not_refused(published, reviewer2):
    head = WorkflowEvent.objects.latest("pk").event_hash
    claim = published.content["sections"][0]["claims"][0]["uuid"]
    claim_comment_add(revision=published, actor=reviewer2, claim_uuid=claim, text="Good.")
    assert "1 events were appended after the head the expected head recorded." in _verify(
        "--expect-head", head
    )


def test_each_committed_event_appends_its_head_to_the_head_file(
    commented, tmp_path, settings, django_capture_on_commit_callbacks, reviewer2
):
    path = tmp_path / "audit-head.log"
    path.touch()
    settings.AUDIT_HEAD_FILE = str(path)
    claim = commented.content["sections"][0]["claims"][0]["uuid"]
    with django_capture_on_commit_callbacks(execute=True):
        event = claim_comment_add(
            revision=commented, actor=reviewer2, claim_uuid=claim, text="Still good."
        )
    assert path.read_text() == f"{event.pk} {event.event_hash}\n"
    assert f"The head matches the head file {path}." in _verify()

    _cut_last_event()

    assert _failure() == (
        f"The head file {path} recorded event #{event.pk} with hash {event.event_hash}, "
        f"which the chain does not contain (it ends at event #{event.pk - 1}): events were "
        "cut from the end of the log, or it was rewritten."
    )


def test_each_committed_event_logs_the_new_head(
    in_review, reviewer, caplog, django_capture_on_commit_callbacks
):
    claim = in_review.content["sections"][0]["claims"][0]["uuid"]
    with (
        caplog.at_level("INFO", logger="reviews.audit.head"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        event = claim_comment_add(revision=in_review, actor=reviewer, claim_uuid=claim, text="?")
    assert [r.getMessage() for r in caplog.records if r.name == "reviews.audit.head"] == [
        f"Audit chain head: {event.pk} {event.event_hash}"
    ]


def test_a_head_file_naming_a_different_hash_for_an_event_fails(published, tmp_path):
    last = WorkflowEvent.objects.latest("pk")
    path = tmp_path / "head.log"
    path.write_text(f"{last.pk} {'ab' * 32}\n")

    assert _failure("--head-file", str(path)) == (
        f"The chain's event #{last.pk} (publish, {last.created_at:%Y-%m-%d %H:%M:%S}) has "
        f"hash {last.event_hash}, but the head file {path} recorded {'ab' * 32} for it: the "
        "log was rewritten from there on."
    )


def test_an_unreadable_head_file_fails_with_the_line(published, tmp_path):
    path = tmp_path / "head.log"
    path.write_text("12 not-a-hash\n")
    assert _failure("--head-file", str(path)) == (
        f"Line 1 of the head file {path} is not '<event id> <hash>'."
    )
    assert _failure("--head-file", str(tmp_path / "missing.log")) == (
        f"The head file {tmp_path / 'missing.log'} does not exist."
    )


def test_a_rolled_back_event_never_reaches_the_head_file(
    in_review, reviewer, tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "head.log"
    claim = in_review.content["sections"][0]["claims"][0]["uuid"]
    with (
        override_settings(AUDIT_HEAD_FILE=str(path)),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        claim_comment_add(revision=in_review, actor=reviewer, claim_uuid=claim, text="Hmm")
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert not path.exists()


def test_nothing_is_written_by_verifying(published):
    before = (
        list(WorkflowEvent.objects.values()),
        list(Revision.objects.values("pk", "state", "reviewers")),
        list(Article.objects.values("pk", "live_revision_id")),
    )
    _verify()
    assert before == (
        list(WorkflowEvent.objects.values()),
        list(Revision.objects.values("pk", "state", "reviewers")),
        list(Article.objects.values("pk", "live_revision_id")),
    )
