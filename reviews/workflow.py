"""The review workflow: the one owner of every revision state change.

Each transition locks the rows it changes (article first, then revision, then the event
chain: always in that order, so transitions cannot deadlock each other), checks the state
and who acts, changes the rows, records a hash-chained WorkflowEvent and schedules its
emails for after commit. A refusal raises WorkflowError before anything is written; the
surrounding transaction guarantees that nothing half-done survives either way.

| from                    | action          | to                                 |
|-------------------------|-----------------|------------------------------------|
| (working copy)          | submit          | submitted                          |
| submitted               | start review    | under_review                       |
| submitted, under_review | withdraw        | withdrawn                          |
| under_review            | request changes | changes_requested                  |
| under_review            | approve         | under_review, or approved (quorum) |
| approved (live)         | reaffirm        | approved                           |
"""

import calendar
import logging
import uuid
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from articles.checks import revision_reference_problems, submission_problems
from articles.models import OPEN_STATES, Article, Revision, RevisionState
from articles.permissions import article_can_edit, user_is_editor_in_chief
from articles.ratelimit import rate_limit_hit
from articles.search import search_document_for, search_vector_refresh
from articles.snapshot import content_hash, working_copy_snapshot
from reviews import notifications
from reviews.authorship import revision_author_ids
from reviews.errors import CONFLICT, FORBIDDEN, INVALID, TOO_MANY, WorkflowError
from reviews.events import event_record
from reviews.models import Action, BoardMember, ReviewAssignment, Signature, WorkflowEvent

logger = logging.getLogger(__name__)

DEFAULT_MEANING = "Approved for medical accuracy"
MEANING_MAX_LENGTH = 200
SIGNING_RATE = (10, 600)  # signature attempts per person per ten minutes

# Why a revision in a given state cannot take a transition meant for another state.
_STATE_REFUSALS = {
    RevisionState.SUBMITTED: (
        "not_under_review",
        "This revision is waiting for a reviewer; start the review first.",
    ),
    RevisionState.UNDER_REVIEW: ("already_under_review", "This revision is already under review."),
    RevisionState.CHANGES_REQUESTED: (
        "changes_requested",
        "Changes were requested on this revision; the editors must submit a new revision.",
    ),
    RevisionState.APPROVED: (
        "already_approved",
        "This revision is already approved; submit a new revision to change it.",
    ),
    RevisionState.WITHDRAWN: (
        "withdrawn",
        "This revision was withdrawn; the editors must submit a new revision.",
    ),
}


# --- Who may act ----------------------------------------------------------------------


def board_member_active(user) -> BoardMember | None:
    if not user.is_authenticated:
        return None
    return BoardMember.objects.filter(user=user, is_active=True).first()


def revision_quorum(*, article: Article) -> int:
    """Distinct approvals needed: the article's own setting, else its specialty's, else the
    site default."""
    if article.review_quorum:
        return article.review_quorum
    by_specialty = settings.REVIEW_QUORUM_BY_SPECIALTY.get(article.specialty)
    return by_specialty or settings.REVIEW_QUORUM


def _require_state(revision: Revision, *allowed: str) -> None:
    if revision.state not in allowed:
        code, message = _STATE_REFUSALS[revision.state]
        raise WorkflowError(code, message, CONFLICT)


def _require_reviewer(revision: Revision, actor) -> BoardMember:
    """An active board member who authored none of the revision's changes. No exception
    for superusers: nobody signs off their own work."""
    member = board_member_active(actor)
    if member is None:
        raise WorkflowError(
            "not_board_member",
            "Only active members of the Medical Advisory Board can review revisions.",
            FORBIDDEN,
        )
    if actor.pk in revision.author_ids:
        raise WorkflowError(
            "own_change",
            "You made changes in this revision, so another board member must review it.",
            FORBIDDEN,
        )
    return member


def _require_password(actor, password: str) -> None:
    # Every way to sign (the review page, the API) counts against one limit per person,
    # so signing cannot be used to guess a reviewer's password.
    limit, window = SIGNING_RATE
    if rate_limit_hit(scope="sign", key=str(actor.pk), limit=limit, window_seconds=window):
        raise WorkflowError(
            "too_many_attempts",
            "Too many signing attempts. Wait a few minutes and try again.",
            TOO_MANY,
        )
    # Re-entering the password is what makes the approval a signature of this person.
    if not password or not actor.check_password(password):
        logger.warning("Signature refused for user %s: wrong password", actor.pk)
        raise WorkflowError(
            "wrong_password",
            "The password is not correct, so nothing was signed. Enter your own password.",
            FORBIDDEN,
        )


def _required_text(value: str | None, *, code: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise WorkflowError(code, message, INVALID)
    return value


# --- Row locking and saving -----------------------------------------------------------


def _lock(revision: Revision) -> tuple[Article, Revision]:
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    locked = Revision.objects.select_for_update().get(pk=revision.pk)
    locked.article = article
    return article, locked


def _save(instance, *, actor, reason: str, fields: list[str]) -> None:
    instance._change_reason = reason
    instance._history_user = actor
    # update_fields: a revision's content columns are never written again (a trigger
    # refuses any change to them), and an article keeps columns the editors own.
    instance.save(update_fields=fields)


def _assign(revision: Revision, *, reviewer, by, now) -> None:
    ReviewAssignment.objects.get_or_create(
        revision=revision, reviewer=reviewer, defaults={"assigned_by": by, "assigned_at": now}
    )


def _after_commit(func, **kwargs) -> None:
    transaction.on_commit(lambda: func(**kwargs), robust=True)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def _review_due(now) -> date:
    return add_months(timezone.localdate(now), settings.REVIEW_INTERVAL_MONTHS)


def _reviewer_entry(*, name: str, credentials: str, slug: str, at, kind: str) -> dict:
    return {
        "name": name,
        "credentials": credentials,
        "slug": slug,
        "signed_at": at.isoformat(),
        "kind": kind,
    }


# --- Transitions ----------------------------------------------------------------------


@transaction.atomic
def revision_submit(*, article: Article, actor, comment: str) -> Revision:
    """Freeze the working copy into a new revision for the board to review."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not article_can_edit(actor, article):
        raise WorkflowError(
            "not_editor",
            "Only the article's owner, its co-editors or an editor-in-chief can submit it.",
            FORBIDDEN,
        )
    comment = _required_text(
        comment,
        code="comment_required",
        message="Say what changed and why, so reviewers know what to look at.",
    )
    if article.revisions.filter(state__in=OPEN_STATES).exists():
        raise WorkflowError(
            "revision_open",
            "This article already has a revision in review; withdraw it or wait for the "
            "board's decision before submitting another.",
            CONFLICT,
        )
    problems = submission_problems(article=article)
    errors = [p for p in problems if p.is_error]
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        raise WorkflowError(
            "submission_problems",
            f"The article cannot be submitted yet: fix {len(errors)} {noun} first. "
            + " ".join(p.message for p in errors),
            CONFLICT,
            problems=problems,
        )
    content = working_copy_snapshot(article)
    digest = content_hash(content)
    live = article.live_revision
    if live is not None and live.content_hash == digest:
        raise WorkflowError(
            "unchanged",
            "Nothing changed since the live revision, so there is nothing to review. "
            "A board member can reaffirm that it is still current instead.",
            CONFLICT,
        )
    last_approved = (
        article.revisions.filter(state=RevisionState.APPROVED).order_by("-number").first()
    )
    authors = revision_author_ids(
        article=article, since=last_approved.submitted_at if last_approved else None
    )
    authors.add(actor.pk)
    now = timezone.now()
    number = (article.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = Revision(
        article=article,
        number=number,
        content=content,
        content_hash=digest,
        state=RevisionState.SUBMITTED,
        comment=comment,
        submitted_by=actor,
        submitted_at=now,
        author_ids=sorted(authors),
    )
    revision._change_reason = "Submitted for review"
    revision._history_user = actor
    try:
        with transaction.atomic():
            revision.save()
    except IntegrityError:
        # The one-open-revision constraint: only reachable if a row appeared despite the
        # article lock (e.g. written by something that bypasses this module).
        raise WorkflowError(
            "revision_open", "This article already has a revision in review.", CONFLICT
        ) from None
    article.pending_revision = revision
    _save(
        article,
        actor=actor,
        reason=f"Revision {number} submitted for review",
        fields=["pending_revision", "updated_at"],
    )
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.SUBMIT,
        to_state=RevisionState.SUBMITTED,
        comment=comment,
    )
    _after_commit(notifications.notify_submitted, revision_id=revision.pk)
    return revision


@transaction.atomic
def revision_start_review(*, revision: Revision, actor) -> Revision:
    article, revision = _lock(revision)
    _require_state(revision, RevisionState.SUBMITTED)
    _require_reviewer(revision, actor)
    now = timezone.now()
    revision.state = RevisionState.UNDER_REVIEW
    revision.review_started_at = now
    _save(revision, actor=actor, reason="Review started", fields=["state", "review_started_at"])
    _assign(revision, reviewer=actor, by=actor, now=now)
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.START_REVIEW,
        from_state=RevisionState.SUBMITTED,
        to_state=RevisionState.UNDER_REVIEW,
    )
    return revision


@transaction.atomic
def revision_assign(*, revision: Revision, actor, reviewer) -> ReviewAssignment:
    """An editor-in-chief asks a particular board member to review a revision."""
    article, revision = _lock(revision)
    _require_state(revision, *OPEN_STATES)
    if not user_is_editor_in_chief(actor):
        raise WorkflowError(
            "not_editor_in_chief", "Only an editor-in-chief can assign reviewers.", FORBIDDEN
        )
    member = board_member_active(reviewer)
    if member is None:
        raise WorkflowError(
            "reviewer_not_board_member",
            "Reviewers must be active members of the Medical Advisory Board.",
            INVALID,
        )
    if reviewer.pk in revision.author_ids:
        raise WorkflowError(
            "reviewer_is_author",
            f"{member.display_name} made changes in this revision and cannot review it.",
            INVALID,
        )
    if revision.assignments.filter(reviewer=reviewer).exists():
        raise WorkflowError(
            "already_assigned",
            f"{member.display_name} is already reviewing this revision.",
            CONFLICT,
        )
    assignment = ReviewAssignment.objects.create(
        revision=revision, reviewer=reviewer, assigned_by=actor, assigned_at=timezone.now()
    )
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.ASSIGN,
        from_state=revision.state,
        to_state=revision.state,
        comment=f"Assigned to {member.signature_name}",
    )
    _after_commit(notifications.notify_assigned, assignment_id=assignment.pk)
    return assignment


@transaction.atomic
def revision_approve(
    *, revision: Revision, actor, password: str, meaning: str = DEFAULT_MEANING
) -> Revision:
    """Sign the revision's exact content. When the signatures reach the quorum, the revision
    is approved and goes live in this same transaction."""
    article, revision = _lock(revision)
    _require_state(revision, RevisionState.UNDER_REVIEW)
    member = _require_reviewer(revision, actor)
    if revision.signatures.filter(signer=actor).exists():
        raise WorkflowError(
            "already_signed",
            "You have already approved this revision; it needs another board member's approval.",
            CONFLICT,
        )
    meaning = _required_text(
        meaning, code="meaning_required", message="State what your signature means."
    )
    if len(meaning) > MEANING_MAX_LENGTH:
        raise WorkflowError(
            "meaning_too_long",
            f"The meaning of a signature is at most {MEANING_MAX_LENGTH} characters.",
            INVALID,
        )
    _require_password(actor, password)
    now = timezone.now()
    signature = Signature.objects.create(
        revision=revision,
        signer=actor,
        printed_name=member.display_name,
        credentials=member.credentials,
        meaning=meaning,
        content_hash=revision.content_hash,
        signed_at=now,
    )
    _assign(revision, reviewer=actor, by=actor, now=now)
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.APPROVE,
        from_state=RevisionState.UNDER_REVIEW,
        to_state=RevisionState.UNDER_REVIEW,
        comment=meaning,
        signature=signature,
    )
    if revision.signatures.count() >= revision_quorum(article=article):
        _publish(article=article, revision=revision, actor=actor, now=now)
    return revision


def _publish(*, article: Article, revision: Revision, actor, now) -> None:
    signatures = revision.signatures.select_related("signer__board_member").order_by(
        "signed_at", "pk"
    )
    revision.state = RevisionState.APPROVED
    revision.decided_at = now
    # Written here so the public page shows who reviewed it without joining this app.
    revision.reviewers = [
        _reviewer_entry(
            name=s.printed_name,
            credentials=s.credentials,
            slug=s.signer.board_member.slug,
            at=s.signed_at,
            kind="approved",
        )
        for s in signatures
    ]
    _save(
        revision,
        actor=actor,
        reason="Approved by the Medical Advisory Board",
        fields=["state", "decided_at", "reviewers"],
    )
    article.live_revision = revision
    if article.pending_revision_id == revision.pk:
        article.pending_revision = None
    if article.published_at is None:
        article.published_at = now
    article.last_updated_at = now
    article.last_reviewed_at = now
    article.next_review_due = _review_due(now)
    article.search_document = search_document_for(content=revision.content)
    _save(
        article,
        actor=actor,
        reason=f"Revision {revision.number} approved and published",
        fields=[
            "live_revision",
            "pending_revision",
            "published_at",
            "last_updated_at",
            "last_reviewed_at",
            "next_review_due",
            "search_document",
            "updated_at",
        ],
    )
    search_vector_refresh(article=article)
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.PUBLISH,
        from_state=RevisionState.UNDER_REVIEW,
        to_state=RevisionState.APPROVED,
    )
    _after_commit(notifications.notify_approved, revision_id=revision.pk)


def _close(*, article: Article, revision: Revision, actor, state, reason: str, fields) -> None:
    revision.state = state
    _save(revision, actor=actor, reason=reason, fields=["state", *fields])
    if article.pending_revision_id == revision.pk:
        # Unlocks the working copy for editing.
        article.pending_revision = None
        _save(article, actor=actor, reason=reason, fields=["pending_revision", "updated_at"])


@transaction.atomic
def revision_request_changes(*, revision: Revision, actor, comment: str) -> Revision:
    article, revision = _lock(revision)
    _require_state(revision, RevisionState.UNDER_REVIEW)
    _require_reviewer(revision, actor)
    comment = _required_text(
        comment,
        code="comment_required",
        message="Say which changes are needed; a changes request needs a comment.",
    )
    now = timezone.now()
    revision.decided_at = now
    _close(
        article=article,
        revision=revision,
        actor=actor,
        state=RevisionState.CHANGES_REQUESTED,
        reason="Changes requested by the Medical Advisory Board",
        fields=["decided_at"],
    )
    _assign(revision, reviewer=actor, by=actor, now=now)
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.REQUEST_CHANGES,
        from_state=RevisionState.UNDER_REVIEW,
        to_state=RevisionState.CHANGES_REQUESTED,
        comment=comment,
    )
    _after_commit(notifications.notify_changes_requested, revision_id=revision.pk)
    return revision


@transaction.atomic
def revision_withdraw(*, revision: Revision, actor, comment: str = "") -> Revision:
    article, revision = _lock(revision)
    _require_state(revision, *OPEN_STATES)
    if actor.pk != revision.submitted_by_id and not user_is_editor_in_chief(actor):
        raise WorkflowError(
            "not_submitter",
            "Only the person who submitted this revision or an editor-in-chief can withdraw it.",
            FORBIDDEN,
        )
    previous = revision.state
    _close(
        article=article,
        revision=revision,
        actor=actor,
        state=RevisionState.WITHDRAWN,
        reason="Withdrawn from review",
        fields=[],
    )
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.WITHDRAW,
        from_state=previous,
        to_state=RevisionState.WITHDRAWN,
        comment=(comment or "").strip(),
    )
    return revision


@transaction.atomic
def article_reaffirm(*, article: Article, actor, password: str, comment: str = "") -> Article:
    """A board member confirms the live text is still current: the review dates move, the
    last-updated date does not (nothing changed)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.live_revision_id is None:
        raise WorkflowError(
            "not_published",
            "This article has no approved revision yet, so there is nothing to reaffirm.",
            CONFLICT,
        )
    live = Revision.objects.select_for_update().get(pk=article.live_revision_id)
    member = _require_reviewer(live, actor)
    retracted = [
        p for p in revision_reference_problems(content=live.content) if p.code == "retracted"
    ]
    if retracted:
        raise WorkflowError(
            "cites_retracted",
            f"{retracted[0].message} The article needs a new revision, not a reaffirmation.",
            CONFLICT,
        )
    _require_password(actor, password)
    now = timezone.now()
    live.reviewers = [
        entry for entry in live.reviewers if entry.get("kind", "approved") != "reaffirmed"
    ] + [
        _reviewer_entry(
            name=member.display_name,
            credentials=member.credentials,
            slug=member.slug,
            at=now,
            kind="reaffirmed",
        )
    ]
    _save(live, actor=actor, reason="Reaffirmed as current", fields=["reviewers"])
    article.last_reviewed_at = now
    article.next_review_due = _review_due(now)
    _save(
        article,
        actor=actor,
        reason="Reaffirmed as current by the Medical Advisory Board",
        fields=["last_reviewed_at", "next_review_due", "updated_at"],
    )
    event_record(
        article=article,
        revision=live,
        actor=actor,
        action=Action.REAFFIRM,
        from_state=live.state,
        to_state=live.state,
        comment=(comment or "").strip(),
    )
    return article


# --- Comments -------------------------------------------------------------------------


def _revision_claim_uuids(revision: Revision) -> set[str]:
    return {
        claim["uuid"]
        for section in revision.content.get("sections", [])
        for claim in section.get("claims", [])
    }


@transaction.atomic
def claim_comment_add(*, revision: Revision, actor, claim_uuid: str, text: str) -> WorkflowEvent:
    """A comment anchored to a claim by its uuid, which survives revisions, so the comment
    stays with the claim when the editors submit a new revision."""
    revision = Revision.objects.select_related("article").get(pk=revision.pk)
    article = revision.article
    if board_member_active(actor) is None and not article_can_edit(actor, article):
        raise WorkflowError(
            "not_allowed_to_comment",
            "Only board members and the article's editors can comment on a revision.",
            FORBIDDEN,
        )
    text = _required_text(text, code="comment_required", message="Write a comment first.")
    try:
        claim_uuid = str(uuid.UUID(str(claim_uuid)))
    except ValueError:
        claim_uuid = ""
    if claim_uuid not in _revision_claim_uuids(revision):
        raise WorkflowError("unknown_claim", "That claim is not part of this revision.", INVALID)
    return event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.COMMENT,
        from_state=revision.state,
        to_state=revision.state,
        comment=text,
        claim_uuid=claim_uuid,
    )
