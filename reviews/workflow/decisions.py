"""The board's decisions on a revision: start, assign, approve (and publish), request
changes; and the editors' withdrawal."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from articles.models import OPEN_STATES, Article, Revision, RevisionState
from articles.search import search_document_for, search_vector_refresh
from reviews import tasks
from reviews.comments import comments_open
from reviews.errors import CONFLICT, INVALID, WorkflowError
from reviews.events import article_dates, event_record
from reviews.models import Action, Signature
from reviews.verification import claim_uuids, claims_to_check, revision_all_checked
from reviews.workflow.rules import (
    DEFAULT_MEANING,
    MEANING_MAX_LENGTH,
    MEANING_TOO_LONG,
    _after_commit,
    _assign,
    _lock,
    _require,
    _require_password,
    _require_reviewer,
    _require_state,
    _required_text,
    _review_due,
    _reviewer_entry,
    _save,
    _signed_refusal,
    _state_refusal,
    _withdraw_refusal,
    revision_quorum,
)
from reviews.workflow.schedule import (
    KEEP_SCHEDULE,
    Keep,
    schedule_refusal,
    schedule_set,
    schedule_signed_refusal,
)


@transaction.atomic
def revision_start_review(*, revision: Revision, actor) -> Revision:
    article, revision = _lock(revision)
    _require_state(revision, RevisionState.SUBMITTED)
    _require_reviewer(revision, actor)
    _start(article=article, revision=revision, actor=actor, now=timezone.now())
    return revision


def _start(*, article: Article, revision: Revision, actor, now) -> None:
    """submitted → under_review, with its one start_review event. Also run by the first
    decision on a submitted revision: deciding starts the review implicitly, so nobody
    needs an extra click, and the log still shows when and by whom it started."""
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


@transaction.atomic
def revision_approve(
    *,
    revision: Revision,
    actor,
    password: str,
    meaning: str = DEFAULT_MEANING,
    checked_claims: Sequence[str] | None = None,
    confirm_unchecked: bool = False,
    carry_forward_comments: bool | None = None,
    publish_at: datetime | Keep | None = KEEP_SCHEDULE,
) -> Revision:
    """Sign the revision's exact content. When the signatures reach the quorum, the revision
    is approved and goes live in this same transaction.

    `checked_claims` are the claims (uuids) the signer checked against their sources; the
    signature records them. With a list, every new or changed claim must be in it unless
    `confirm_unchecked` says the signer approves without checking the rest (recorded too).
    None means the caller does not report checks (older API clients): the signature then
    vouches for no check, and the public page never says the statements were checked.

    With `carry_forward_comments` False, the signer's own open comments on the article
    refuse the approval; True carries them forward (recorded in the approval event). None:
    the caller does not track comments (older API clients) and the rule is not applied.

    `publish_at` is when the signer approves it to go live: None as soon as the quorum
    approves, a future time to schedule it; KEEP_SCHEDULE approves the schedule as it
    stands. Only the first signer may choose another time than the revision's (recorded
    as a 'schedule' event before the signature, which then records it too)."""
    # Long: one transition under one lock: checks, signature, event, publication, in order.
    article, revision = _lock(revision)
    _require_state(revision, RevisionState.SUBMITTED, RevisionState.UNDER_REVIEW)
    member = _require_reviewer(revision, actor)
    _require(_signed_refusal(revision, actor))
    meaning = _required_text(
        meaning, code="meaning_required", message=gettext("State what your signature means.")
    )
    if len(meaning) > MEANING_MAX_LENGTH:
        raise WorkflowError(
            MEANING_TOO_LONG,
            code="meaning_too_long",
            status=INVALID,
        )
    # Imported here: reviews.selectors imports reviews.notifications, which imports this
    # package.
    from reviews.selectors import revision_base

    # The password first: whatever else is wrong, a wrong password is what the person must
    # hear about (and every attempt counts against the signing limit).
    _require_password(actor, password)
    base = revision_base(revision=revision)
    checked, confirmed = _claim_checks(
        revision, base=base, checked_claims=checked_claims, confirm_unchecked=confirm_unchecked
    )
    carried = _open_comments(article, actor=actor, carry_forward=carry_forward_comments)
    _require(schedule_signed_refusal(revision, publish_at))
    now = timezone.now()
    if revision.state == RevisionState.SUBMITTED:
        _start(article=article, revision=revision, actor=actor, now=now)
    if publish_at is not KEEP_SCHEDULE and publish_at != revision.publish_at:
        schedule_set(article=article, revision=revision, actor=actor, publish_at=publish_at)
    signature = Signature.objects.create(
        revision=revision,
        signer=actor,
        printed_name=member.display_name,
        credentials=member.credentials,
        meaning=meaning,
        content_hash=revision.content_hash,
        change_type=revision.change_type,
        checked_claims=checked,
        unchecked_confirmed=confirmed,
        publish_at=revision.publish_at,
        signed_at=now,
    )
    _assign(revision, reviewer=actor, by=actor, now=now, done=True)
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.APPROVE,
        from_state=RevisionState.UNDER_REVIEW,
        to_state=RevisionState.UNDER_REVIEW,
        comment=meaning,
        signature=signature,
        details={"comments_carried_forward": carried} if carried else None,
    )
    quorum = revision_quorum(article=article)
    if revision.signatures.count() >= quorum:
        _require(schedule_refusal(revision))
        if revision.publish_at is not None and revision.publish_at > now:
            _schedule(article=article, revision=revision, actor=actor, quorum=quorum)
        else:
            _publish(
                article=article, revision=revision, actor=actor, now=now, quorum=quorum, base=base
            )
    return revision


def _schedule(*, article: Article, revision: Revision, actor, quorum: int) -> None:
    """The quorum approved a revision whose time has not come: it waits, still pending,
    for the clock (reviews.workflow.schedule.revisions_publish_due)."""
    revision.state = RevisionState.SCHEDULED
    _save(revision, actor=actor, reason="Approved; publication scheduled", fields=["state"])
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.SCHEDULE,
        from_state=RevisionState.UNDER_REVIEW,
        to_state=RevisionState.SCHEDULED,
        comment=f"Approved; goes live at {revision.publish_at.isoformat()}",
        details={"publish_at": revision.publish_at.isoformat(), "quorum": quorum},
    )


def _open_comments(article: Article, *, actor, carry_forward: bool | None) -> list[int]:
    """The signer's open comments to carry forward; refuses while any is open and not
    carried forward."""
    if carry_forward is None:
        return []
    open_ids = [c.pk for c in comments_open(article=article, author=actor)]
    if open_ids and not carry_forward:
        count = len(open_ids)
        raise WorkflowError(
            ngettext(
                "You have %(count)d open comment on this article. Resolve it, or carry it "
                "forward explicitly, before approving.",
                "You have %(count)d open comments on this article. Resolve them, or carry "
                "them forward explicitly, before approving.",
                count,
            )
            % {"count": count},
            code="open_comments",
            status=CONFLICT,
        )
    return open_ids


def _claim_checks(
    revision: Revision, *, base, checked_claims, confirm_unchecked: bool
) -> tuple[list[str] | None, bool]:
    """The checked claims to record (in reading order) and whether the signer confirmed
    leaving changed ones unchecked; refuses an unknown claim or unconfirmed gaps."""
    if checked_claims is None:
        return None, False
    known = claim_uuids(revision.content)
    wanted = {str(uuid) for uuid in checked_claims}
    if wanted - set(known):
        raise WorkflowError(
            gettext("A claim marked as checked is not part of this revision."),
            code="unknown_claim",
            status=INVALID,
        )
    unchecked = [u for u in claims_to_check(revision=revision, base=base) if u not in wanted]
    if unchecked and not confirm_unchecked:
        count = len(unchecked)
        raise WorkflowError(
            ngettext(
                "%(count)d new or changed claim is not marked as checked against the "
                "sources. Check it, or confirm that you approve without checking it.",
                "%(count)d new or changed claims are not marked as checked against the "
                "sources. Check them, or confirm that you approve without checking them.",
                count,
            )
            % {"count": count},
            code="unchecked_claims",
            status=CONFLICT,
        )
    return [u for u in known if u in wanted], bool(unchecked)


def _publish(
    *,
    article: Article,
    revision: Revision,
    actor,
    now,
    quorum: int,
    base,
    from_state: str = RevisionState.UNDER_REVIEW,
) -> None:
    # Long: publishing is one step: the revision, the article's pointers and dates, search,
    # the event; apart, a reader could see half of it.
    signatures = revision.signatures.select_related("signer__board_member").order_by(
        "signed_at", "pk"
    )
    revision.state = RevisionState.APPROVED
    revision.decided_at = now
    revision.all_claims_checked = revision_all_checked(
        revision=revision, signatures=signatures, base=base
    )
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
        fields=["state", "decided_at", "reviewers", "all_claims_checked"],
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
    reinstated = article.withdrawn_at is not None
    if reinstated:
        # The board approved a new revision: the article returns to public view.
        article.withdrawn_at, article.withdrawal_reason, article.withdrawal_by = None, "", None
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
            *(["withdrawn_at", "withdrawal_reason", "withdrawal_by"] if reinstated else []),
        ],
    )
    search_vector_refresh(article=article)
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.PUBLISH,
        from_state=from_state,
        to_state=RevisionState.APPROVED,
        # In the chain, so that the verifier can hold the page's reviewer list to it.
        details={
            "reviewers": revision.reviewers,
            "quorum": quorum,
            "dates": article_dates(article),
            "all_claims_checked": revision.all_claims_checked,
            **({"reinstated": True} if reinstated else {}),
        },
    )
    _after_commit(tasks.notify_approved, revision_id=revision.pk)


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
    _require_state(revision, RevisionState.SUBMITTED, RevisionState.UNDER_REVIEW)
    _require_reviewer(revision, actor)
    comment = _required_text(
        comment,
        code="comment_required",
        message=gettext("Say which changes are needed; a changes request needs a comment."),
    )
    now = timezone.now()
    if revision.state == RevisionState.SUBMITTED:
        _start(article=article, revision=revision, actor=actor, now=now)
    revision.decided_at = now
    _close(
        article=article,
        revision=revision,
        actor=actor,
        state=RevisionState.CHANGES_REQUESTED,
        reason="Changes requested by the Medical Advisory Board",
        fields=["decided_at"],
    )
    _assign(revision, reviewer=actor, by=actor, now=now, done=True)
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.REQUEST_CHANGES,
        from_state=RevisionState.UNDER_REVIEW,
        to_state=RevisionState.CHANGES_REQUESTED,
        comment=comment,
    )
    _after_commit(tasks.notify_changes_requested, revision_id=revision.pk)
    return revision


@transaction.atomic
def revision_withdraw(*, revision: Revision, actor, comment: str = "") -> Revision:
    article, revision = _lock(revision)
    _require(_state_refusal(revision, *OPEN_STATES), _withdraw_refusal(revision, actor))
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
