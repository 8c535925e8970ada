"""Each transition of the review workflow, and each refusal (which must change nothing)."""

import datetime as dt

import pytest
import time_machine

from articles.documents import document_from_article
from articles.models import Article, Claim, Revision, RevisionState
from articles.services import working_copy_import, working_copy_restore
from articles.snapshot import content_hash, working_copy_snapshot
from reviews.errors import WorkflowError
from reviews.models import Action, ReviewAssignment, WorkflowEvent
from reviews.workflow import (
    add_months,
    revision_approve,
    revision_request_changes,
    revision_start_review,
    revision_submit,
    revision_withdraw,
)
from tests.conftest import make_board_member, make_reference
from tests.reviews.conftest import refused


def _edit_claim(article, user, text="Revised wording of the first claim."):
    claim = Claim.objects.filter(section__article=article).order_by("section__order").first()
    claim.text = text
    claim._history_user = user
    claim._change_reason = "test edit"
    claim.save()
    return claim


def _publish(article, editor, reviewer, password, comment="Change"):
    revision = revision_submit(article=article, actor=editor, comment=comment)
    revision_start_review(revision=revision, actor=reviewer)
    return revision_approve(revision=revision, actor=reviewer, password=password)


# --- submit -----------------------------------------------------------------------------


def test_submit_freezes_the_working_copy_and_locks_it(article, editor):
    revision = revision_submit(article=article, actor=editor, comment="First version")

    article.refresh_from_db()
    assert revision.state == RevisionState.SUBMITTED
    assert revision.number == 1
    assert revision.content == working_copy_snapshot(article)
    assert revision.content_hash == content_hash(revision.content)
    assert revision.submitted_by == editor
    assert editor.pk in revision.author_ids
    assert article.pending_revision_id == revision.pk
    assert article.live_revision_id is None
    event = WorkflowEvent.objects.get()
    assert (event.action, event.from_state, event.to_state) == (Action.SUBMIT, "", "submitted")
    assert event.comment == "First version"
    assert event.revision_hash == revision.content_hash


def test_a_co_editor_and_an_editor_in_chief_may_submit(article, editor, editor2, chief):
    article.co_editors.add(editor2)
    first = revision_submit(article=article, actor=editor2, comment="By the co-editor")
    revision_withdraw(revision=first, actor=editor2)
    second = revision_submit(article=article, actor=chief, comment="By the chief")
    assert (first.number, second.number) == (1, 2)


def test_someone_who_does_not_edit_the_article_cannot_submit_it(article, editor2):
    with pytest.raises(WorkflowError) as caught:
        revision_submit(article=article, actor=editor2, comment="Not mine")
    assert (caught.value.code, caught.value.status) == ("not_editor", 403)
    assert not article.revisions.exists()
    assert not WorkflowEvent.objects.exists()


def test_a_submission_without_a_comment_is_refused(article, editor):
    with pytest.raises(WorkflowError) as caught:
        revision_submit(article=article, actor=editor, comment="   ")
    assert caught.value.code == "comment_required"
    assert not article.revisions.exists()


def test_a_second_open_revision_is_refused(submitted, article, editor):
    with refused(submitted, code="revision_open", status=409):
        revision_submit(article=article, actor=editor, comment="Another")


def test_a_submission_with_problems_is_refused_with_every_problem_listed(article, editor):
    claims = list(Claim.objects.filter(section__article=article).order_by("pk"))
    for claim in claims[:2]:
        claim.citations.all().delete()

    with pytest.raises(WorkflowError) as caught:
        revision_submit(article=article, actor=editor, comment="Uncited")

    assert (caught.value.code, caught.value.status) == ("submission_problems", 409)
    assert {p.claim_uuid for p in caught.value.problems} == {str(c.uuid) for c in claims[:2]}
    assert "fix 2 problems" in caught.value.message
    assert not article.revisions.exists()


def test_a_submission_of_a_restored_revision_records_which_one_it_restores(
    article, editor, reviewer, password
):
    first = _publish(article, editor, reviewer, password, comment="First")
    _edit_claim(article, editor)
    _publish(article, editor, reviewer, password, comment="Second")
    working_copy_restore(article=article, revision=first, actor=editor)
    article.refresh_from_db()
    assert article.draft_restored_from == first

    third = revision_submit(article=article, actor=editor, comment="Back to the first wording")

    article.refresh_from_db()
    assert (third.restored_from, third.content_hash) == (first, first.content_hash)
    assert article.draft_restored_from is None  # the next draft starts afresh
    assert article.history.latest().history_change_reason == "Revision 3 submitted for review"


def test_importing_a_document_over_a_restored_draft_forgets_the_restore(
    article, editor, reviewer, password
):
    first = _publish(article, editor, reviewer, password, comment="First")
    _edit_claim(article, editor)
    _publish(article, editor, reviewer, password, comment="Second")
    working_copy_restore(article=article, revision=first, actor=editor)
    article.refresh_from_db()
    document = document_from_article(article=article).replace("Revised wording", "Imported wording")

    working_copy_import(article=article, text=document, actor=editor)
    third = revision_submit(article=article, actor=editor, comment="Imported")

    article.refresh_from_db()
    assert article.draft_restored_from is None
    assert third.restored_from is None


def test_submitting_an_unchanged_copy_of_the_live_revision_is_refused(
    article, editor, reviewer, password
):
    live = _publish(article, editor, reviewer, password)
    with refused(live, code="unchanged", status=409):
        revision_submit(article=article, actor=editor, comment="Nothing new")


def test_authors_are_everyone_who_changed_the_working_copy_including_deletions(
    article, editor, editor2, chief, reviewer, password
):
    _publish(article, editor, reviewer, password)
    # Before the next submission: editor2 edits a claim, the chief deletes one.
    _edit_claim(article, editor2)
    doomed = Claim.objects.filter(section__article=article).order_by("-pk").first()
    doomed._history_user = chief
    doomed.delete()

    revision = revision_submit(article=article, actor=editor, comment="Second")

    assert set(revision.author_ids) == {editor.pk, editor2.pk, chief.pk}


def test_changes_in_a_withdrawn_revision_still_count_as_authorship(
    article, editor, editor2, reviewer, password
):
    _publish(article, editor, reviewer, password)
    _edit_claim(article, editor2)
    withdrawn = revision_submit(article=article, actor=editor, comment="Second")
    revision_withdraw(revision=withdrawn, actor=editor)

    again = revision_submit(article=article, actor=editor, comment="Second, again")

    assert editor2.pk in again.author_ids


def test_changes_already_approved_do_not_make_someone_an_author(
    article, editor, editor2, reviewer, reviewer2, password
):
    _edit_claim(article, editor2, "Old change")
    _publish(article, editor, reviewer, password)
    _edit_claim(article, editor, "New change")

    revision = revision_submit(article=article, actor=editor, comment="Second")

    assert editor2.pk not in revision.author_ids


# --- start review -----------------------------------------------------------------------


def test_a_board_member_starts_the_review(submitted, reviewer):
    revision = revision_start_review(revision=submitted, actor=reviewer)

    assert revision.state == RevisionState.UNDER_REVIEW
    assert revision.review_started_at is not None
    assert ReviewAssignment.objects.filter(revision=revision, reviewer=reviewer).exists()
    event = WorkflowEvent.objects.latest("pk")
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        Action.START_REVIEW,
        "submitted",
        "under_review",
        reviewer,
    )


def test_someone_who_is_not_on_the_board_cannot_start_a_review(submitted, editor2, admin_user):
    for actor in (editor2, admin_user):
        with refused(submitted, code="not_board_member", status=403):
            revision_start_review(revision=submitted, actor=actor)


def test_an_inactive_board_member_cannot_start_a_review(submitted, reviewer):
    reviewer.board_member.is_active = False
    reviewer.board_member.save()
    with refused(submitted, code="not_board_member", status=403):
        revision_start_review(revision=submitted, actor=reviewer)


def test_a_board_member_who_submitted_cannot_start_its_review(article, editor):
    make_board_member(editor, name="Eda Editor")
    revision = revision_submit(article=article, actor=editor, comment="Mine")
    with refused(revision, code="own_change", status=403):
        revision_start_review(revision=revision, actor=editor)


def test_a_review_cannot_start_twice(in_review, reviewer2):
    with refused(in_review, code="already_under_review", status=409):
        revision_start_review(revision=in_review, actor=reviewer2)


# --- approve ----------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC), tick=False)
def test_approval_that_meets_the_quorum_publishes_the_revision(in_review, reviewer, password):
    revision = revision_approve(revision=in_review, actor=reviewer, password=password)

    article = Article.objects.get(pk=revision.article_id)
    now = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    assert revision.state == RevisionState.APPROVED
    assert revision.decided_at == now
    assert article.live_revision_id == revision.pk
    assert article.pending_revision_id is None
    assert (article.published_at, article.last_updated_at, article.last_reviewed_at) == (
        now,
        now,
        now,
    )
    assert article.next_review_due == dt.date(2027, 3, 2)
    assert revision.reviewers == [
        {
            "name": "Rhea Viewer",
            "credentials": "MD, FACP",
            "slug": "reviewer1",
            "signed_at": now.isoformat(),
            "kind": "approved",
        }
    ]
    actions = list(WorkflowEvent.objects.values_list("action", "from_state", "to_state"))
    assert actions[-2:] == [
        ("approve", "under_review", "under_review"),
        ("publish", "under_review", "approved"),
    ]


def test_publishing_again_keeps_the_first_publication_date(article, editor, reviewer, password):
    with time_machine.travel(dt.datetime(2026, 1, 5, tzinfo=dt.UTC), tick=False):
        _publish(article, editor, reviewer, password)
    _edit_claim(article, editor)
    with time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=dt.UTC), tick=False):
        second = _publish(article, editor, reviewer, password, comment="Second")

    article.refresh_from_db()
    assert article.live_revision_id == second.pk
    assert article.published_at == dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    assert article.last_updated_at == dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    assert article.next_review_due == dt.date(2027, 6, 1)


def test_an_editor_who_is_also_a_board_member_cannot_approve_a_revision_they_changed(
    article, editor, editor2, reviewer, password
):
    make_board_member(editor2, name="Ed Two")
    _edit_claim(article, editor2)
    revision = revision_submit(article=article, actor=editor, comment="Includes editor2's edit")

    with refused(revision, code="own_change", status=403):
        revision_start_review(revision=revision, actor=editor2)
    revision_start_review(revision=revision, actor=reviewer)
    with refused(revision, code="own_change", status=403):
        revision_approve(revision=revision, actor=editor2, password=password)


def test_a_superuser_cannot_approve_a_change_they_made(
    article, editor, admin_user, reviewer, password
):
    make_board_member(admin_user, name="Ada Admin")
    _edit_claim(article, admin_user)
    revision = revision_submit(article=article, actor=editor, comment="Admin's edit")
    revision_start_review(revision=revision, actor=reviewer)

    with refused(revision, code="own_change", status=403):
        revision_approve(revision=revision, actor=admin_user, password=password)


def test_a_quorum_of_two_needs_two_different_people(article, editor, reviewer, reviewer2, password):
    article.review_quorum = 2
    article.save()
    revision = revision_submit(article=article, actor=editor, comment="Dosing")
    revision_start_review(revision=revision, actor=reviewer)

    revision = revision_approve(revision=revision, actor=reviewer, password=password)
    assert revision.state == RevisionState.UNDER_REVIEW
    assert Article.objects.get(pk=article.pk).live_revision_id is None

    with refused(revision, code="already_signed", status=409):
        revision_approve(revision=revision, actor=reviewer, password=password)
    assert revision.signatures.count() == 1

    revision = revision_approve(revision=revision, actor=reviewer2, password=password)
    assert revision.state == RevisionState.APPROVED
    assert Article.objects.get(pk=article.pk).live_revision_id == revision.pk
    assert [r["name"] for r in revision.reviewers] == ["Rhea Viewer", "Ravi Second"]


def test_the_quorum_can_be_raised_for_a_specialty(article, editor, reviewer, password, settings):
    settings.REVIEW_QUORUM_BY_SPECIALTY = {"Pharmacology": 2}
    article.specialty = "Pharmacology"
    article.save()
    revision = revision_submit(article=article, actor=editor, comment="Dosing")
    revision_start_review(revision=revision, actor=reviewer)

    revision = revision_approve(revision=revision, actor=reviewer, password=password)

    assert revision.state == RevisionState.UNDER_REVIEW


def test_an_approval_with_the_wrong_password_is_refused(in_review, reviewer):
    with refused(in_review, code="wrong_password", status=403):
        revision_approve(revision=in_review, actor=reviewer, password="not my password")


def test_approving_a_withdrawn_revision_is_refused(in_review, editor, reviewer, password):
    revision_withdraw(revision=in_review, actor=editor)
    with refused(in_review, code="withdrawn", status=409):
        revision_approve(revision=in_review, actor=reviewer, password=password)


def test_approving_a_submitted_revision_starts_its_review_with_one_start_event(
    submitted, reviewer, password
):
    revision_approve(revision=submitted, actor=reviewer, password=password)
    revision = Revision.objects.get(pk=submitted.pk)
    assert revision.state == RevisionState.APPROVED and revision.review_started_at
    events = WorkflowEvent.objects.filter(revision=revision).order_by("pk")
    assert [(e.action, e.actor, e.from_state, e.to_state) for e in events] == [
        ("submit", submitted.submitted_by, "", "submitted"),
        ("start_review", reviewer, "submitted", "under_review"),
        ("approve", reviewer, "under_review", "under_review"),
        ("publish", reviewer, "under_review", "approved"),
    ]


def test_a_refused_first_decision_does_not_start_the_review(submitted, reviewer):
    with refused(submitted, code="wrong_password", status=403):
        revision_approve(revision=submitted, actor=reviewer, password="nope")


def test_approving_an_approved_revision_is_refused(in_review, reviewer, reviewer2, password):
    revision_approve(revision=in_review, actor=reviewer, password=password)
    with refused(in_review, code="already_approved", status=409) as caught:
        revision_approve(revision=in_review, actor=reviewer2, password=password)
    assert caught.value.message == (
        "This revision is already approved; submit a new revision to change it."
    )


def test_someone_not_on_the_board_cannot_approve(in_review, chief, password):
    with refused(in_review, code="not_board_member", status=403):
        revision_approve(revision=in_review, actor=chief, password=password)


def test_another_board_member_can_join_the_review_by_approving(in_review, reviewer2, password):
    revision = revision_approve(revision=in_review, actor=reviewer2, password=password)
    assert revision.state == RevisionState.APPROVED
    assert ReviewAssignment.objects.filter(revision=revision, reviewer=reviewer2).exists()


# --- request changes --------------------------------------------------------------------


def test_requesting_changes_sends_the_revision_back_and_unlocks_the_working_copy(
    in_review, reviewer
):
    revision = revision_request_changes(
        revision=in_review, actor=reviewer, comment="Cite the 2024 guideline."
    )

    article = Article.objects.get(pk=revision.article_id)
    assert revision.state == RevisionState.CHANGES_REQUESTED
    assert article.pending_revision_id is None
    event = WorkflowEvent.objects.latest("pk")
    assert (event.action, event.comment) == (Action.REQUEST_CHANGES, "Cite the 2024 guideline.")


def test_a_changes_request_without_a_comment_is_refused(in_review, reviewer):
    with refused(in_review, code="comment_required", status=400):
        revision_request_changes(revision=in_review, actor=reviewer, comment=" \n ")


def test_an_author_cannot_request_changes_on_their_own_revision(in_review, editor):
    make_board_member(editor, name="Eda Editor")
    with refused(in_review, code="own_change", status=403):
        revision_request_changes(revision=in_review, actor=editor, comment="Hmm")


def test_requesting_changes_on_a_submitted_revision_starts_its_review(submitted, reviewer):
    revision_request_changes(revision=submitted, actor=reviewer, comment="Fix it")
    actions = list(
        WorkflowEvent.objects.filter(revision=submitted).order_by("pk").values_list("action")
    )
    assert actions == [("submit",), ("start_review",), ("request_changes",)]
    assert Revision.objects.get(pk=submitted.pk).state == RevisionState.CHANGES_REQUESTED


def test_after_changes_are_requested_a_new_revision_can_be_submitted(
    in_review, article, editor, reviewer
):
    revision_request_changes(revision=in_review, actor=reviewer, comment="Fix claim 1")
    _edit_claim(article, editor)

    second = revision_submit(article=article, actor=editor, comment="Fixed claim 1")

    assert second.number == 2
    assert Article.objects.get(pk=article.pk).pending_revision_id == second.pk


# --- withdraw ---------------------------------------------------------------------------


def test_the_submitter_withdraws_a_revision(in_review, editor):
    revision = revision_withdraw(revision=in_review, actor=editor, comment="Wrong draft")

    assert revision.state == RevisionState.WITHDRAWN
    assert Article.objects.get(pk=revision.article_id).pending_revision_id is None
    event = WorkflowEvent.objects.latest("pk")
    assert (event.action, event.from_state, event.to_state) == (
        Action.WITHDRAW,
        "under_review",
        "withdrawn",
    )


def test_an_editor_in_chief_may_withdraw_someone_elses_revision(submitted, chief):
    assert revision_withdraw(revision=submitted, actor=chief).state == RevisionState.WITHDRAWN


def test_another_editor_cannot_withdraw_a_revision(submitted, article, editor2):
    article.co_editors.add(editor2)
    with refused(submitted, code="not_submitter", status=403):
        revision_withdraw(revision=submitted, actor=editor2)


def test_an_approved_revision_cannot_be_withdrawn(in_review, editor, reviewer, password):
    revision_approve(revision=in_review, actor=reviewer, password=password)
    with refused(in_review, code="already_approved", status=409):
        revision_withdraw(revision=in_review, actor=editor)


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 3, 2), 12, dt.date(2027, 3, 2)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2026, 11, 15), 2, dt.date(2027, 1, 15)),
    ],
)
def test_adding_months_clamps_to_the_end_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_the_references_are_frozen_into_the_revision(article, editor):
    reference = make_reference(title="A later update", doi="10.1000/xyz")
    claim = Claim.objects.filter(section__article=article).first()
    claim.citations.create(reference=reference, order=5)

    revision = revision_submit(article=article, actor=editor, comment="New source")
    reference.title = "Renamed afterwards"
    reference.save()

    frozen = revision.content["references"][str(reference.pk)]
    assert frozen["title"] == "A later update"
