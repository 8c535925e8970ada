"""What every transition checks: the state, who acts, the password; and how rows are
locked and saved."""

import calendar
import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from articles.languages import language_name
from articles.listing import article_listing_set
from articles.models import OPEN_STATES, Article, Revision, RevisionState
from articles.permissions import board_member_active, user_is_editor_in_chief
from articles.ratelimit import rate_limit_hit
from config.characters import CODE as CHARACTER_CODE
from config.characters import refused_message
from config.history import history_save
from reviews.errors import CONFLICT, FORBIDDEN, INVALID, TOO_MANY, WorkflowError
from reviews.models import AssignmentOrigin, AssignmentState, BoardMember, ReviewAssignment

logger = logging.getLogger("reviews.workflow")


DEFAULT_MEANING = "Approved for medical accuracy"
MEANING_MAX_LENGTH = 200
MEANING_TOO_LONG = format_lazy(
    gettext_lazy("The meaning of a signature is at most {limit} characters."),
    limit=MEANING_MAX_LENGTH,
)
SIGNING_RATE = (10, 600)  # signature attempts per person per ten minutes

# Why a revision in a given state cannot take a transition meant for another state.
_STATE_REFUSALS = {
    RevisionState.SUBMITTED: (
        "not_under_review",
        gettext_lazy("This revision is waiting for a reviewer; start the review first."),
    ),
    RevisionState.UNDER_REVIEW: (
        "already_under_review",
        gettext_lazy("This revision is already under review."),
    ),
    RevisionState.CHANGES_REQUESTED: (
        "changes_requested",
        gettext_lazy(
            "Changes were requested on this revision; the editors must submit a new revision."
        ),
    ),
    RevisionState.APPROVED: (
        "already_approved",
        gettext_lazy("This revision is already approved; submit a new revision to change it."),
    ),
    RevisionState.SCHEDULED: (
        "already_approved",
        gettext_lazy(
            "This revision is approved and scheduled to go live; withdraw it to change it."
        ),
    ),
    RevisionState.WITHDRAWN: (
        "withdrawn",
        gettext_lazy("This revision was withdrawn; the editors must submit a new revision."),
    ),
}


# --- Who may act ----------------------------------------------------------------------


def revision_quorum(*, article: Article) -> int:
    """Distinct approvals needed: the article's own setting, else its specialty's, else the
    site default."""
    if article.review_quorum:
        return article.review_quorum
    by_specialty = settings.REVIEW_QUORUM_BY_SPECIALTY.get(article.specialty)
    return by_specialty or settings.REVIEW_QUORUM


# Each rule below answers "why not?" with a WorkflowError, or None when the rule is met.
# The transitions raise the refusal; revision_actions asks the same rules to say which
# forms a page offers, so a page never offers what the transition would refuse.


def _state_refusal(revision: Revision, *allowed: str) -> WorkflowError | None:
    if revision.state in allowed:
        return None
    code, message = _STATE_REFUSALS[revision.state]
    return WorkflowError(message, code=code, status=CONFLICT)


def _reviewer_refusal(revision: Revision, actor) -> WorkflowError | None:
    """An active board member, who reviews in the article's language, and authored none of
    the revision's changes. No exception for superusers: nobody signs off their own work,
    and nobody signs a text in a language they do not review in."""
    member = board_member_active(actor)
    if member is None:
        return WorkflowError(
            gettext("Only active members of the Medical Advisory Board can review revisions."),
            code="not_board_member",
            status=FORBIDDEN,
        )
    if refusal := fluency_refusal(member, article=revision.article):
        return refusal
    if actor.pk in revision.author_ids:
        return WorkflowError(
            gettext("You made changes in this revision, so another board member must review it."),
            code="own_change",
            status=FORBIDDEN,
        )
    return None


def fluency_refusal(member: BoardMember, *, article: Article) -> WorkflowError | None:
    """A board member reviews only articles in the languages they review in
    (BoardMember.languages): the quorum of a translation is made of members fluent in its
    language."""
    if member.reviews_in(article.language):
        return None
    values = {"name": language_name(article.language), "code": article.language}
    if article.translation_of_id:
        message = gettext(
            "This translation is in %(name)s (%(code)s); only board members who review in "
            "%(name)s can review it."
        )
    else:
        message = gettext(
            "This article is in %(name)s (%(code)s); only board members who review in "
            "%(name)s can review it."
        )
    return WorkflowError(
        message % values,
        code="not_fluent",
        status=FORBIDDEN,
    )


def _signed_refusal(revision: Revision, actor) -> WorkflowError | None:
    if revision.signatures.filter(signer=actor).exists():
        return WorkflowError(
            gettext(
                "You have already approved this revision; it needs another board member's approval."
            ),
            code="already_signed",
            status=CONFLICT,
        )
    return None


def _unsigned_refusal(revision: Revision) -> WorkflowError | None:
    """A signature approves the change type it was given with, so the type can change only
    before anyone signs."""
    if revision.signatures.exists():
        signed_as = gettext(revision.get_change_type_display() or "unclassified")
        return WorkflowError(
            gettext(
                "Board members have already signed this revision as “%(type)s”; request "
                "changes so the editors submit it again with the right kind of change."
            )
            % {"type": signed_as},
            code="already_signed_as_type",
            status=CONFLICT,
        )
    return None


def _withdraw_refusal(revision: Revision, actor) -> WorkflowError | None:
    if actor.pk != revision.submitted_by_id and not user_is_editor_in_chief(actor):
        return WorkflowError(
            gettext(
                "Only the person who submitted this revision or an editor-in-chief can withdraw it."
            ),
            code="not_submitter",
            status=FORBIDDEN,
        )
    return None


def _assigner_refusal(actor) -> WorkflowError | None:
    if not user_is_editor_in_chief(actor):
        return WorkflowError(
            gettext("Only an editor-in-chief can assign reviewers."),
            code="not_editor_in_chief",
            status=FORBIDDEN,
        )
    return None


def withdrawal_actor_refusal(actor) -> WorkflowError | None:
    """Who may withdraw an article from public view (reviews/workflow/expiry.py)."""
    if user_is_editor_in_chief(actor) or board_member_active(actor) is not None:
        return None
    return WorkflowError(
        gettext(
            "Only an editor-in-chief or a member of the Medical Advisory Board can withdraw an "
            "article from public view."
        ),
        code="not_allowed_to_withdraw",
        status=FORBIDDEN,
    )


def withdrawal_state_refusal(article: Article) -> WorkflowError | None:
    if article.withdrawn_at is not None:
        return WorkflowError(
            gettext(
                "This article is already withdrawn from public view; a newly approved revision "
                "brings it back."
            ),
            code="already_withdrawn",
            status=CONFLICT,
        )
    if article.live_revision_id is None:
        return WorkflowError(
            gettext(
                "This article has no approved revision, so readers do not see it: there is "
                "nothing to withdraw."
            ),
            code="not_published",
            status=CONFLICT,
        )
    return None


def _require(*refusals: WorkflowError | None) -> None:
    for refusal in refusals:
        if refusal is not None:
            raise refusal


def _require_state(revision: Revision, *allowed: str) -> None:
    _require(_state_refusal(revision, *allowed))


def _require_reviewer(revision: Revision, actor) -> BoardMember:
    _require(_reviewer_refusal(revision, actor))
    return board_member_active(actor)


@dataclass(frozen=True)
class RevisionActions:
    """What a person may do to a revision now: the forms a page offers."""

    start: bool
    approve: bool
    request_changes: bool
    withdraw: bool
    assign: bool
    reaffirm: bool
    reclassify: bool
    # On the live revision's page: withdraw the article from public view (now or at a
    # time), or cancel a withdrawal scheduled for it.
    withdraw_article: bool
    cancel_withdrawal: bool
    comment: bool
    is_author: bool
    signed: bool


# The states in which the board still decides (OPEN_STATES adds "scheduled": approved, not
# yet live).
IN_REVIEW = (RevisionState.SUBMITTED, RevisionState.UNDER_REVIEW)


def revision_actions(*, user, revision: Revision) -> RevisionActions:
    """Asked of the same rules the transitions apply (a page's hint; the transition still
    checks everything, under a lock, when the form is sent)."""
    reviewer = _reviewer_refusal(revision, user) is None
    signed = _signed_refusal(revision, user) is not None
    is_open = _state_refusal(revision, *IN_REVIEW) is None
    article = revision.article
    is_live = article.live_revision_id == revision.pk
    may_withdraw = withdrawal_actor_refusal(user) is None
    return RevisionActions(
        start=reviewer and _state_refusal(revision, RevisionState.SUBMITTED) is None,
        # The first decision starts the review itself (reviews/workflow/decisions.py).
        approve=reviewer and is_open and not signed,
        request_changes=reviewer and is_open,
        # A scheduled revision is still open: withdrawing it cancels its publication.
        withdraw=_state_refusal(revision, *OPEN_STATES) is None
        and _withdraw_refusal(revision, user) is None,
        assign=is_open and _assigner_refusal(user) is None,
        reaffirm=reviewer
        and revision.article.live_revision_id == revision.pk
        and revision.article.withdrawn_at is None,
        reclassify=reviewer and is_open and _unsigned_refusal(revision) is None,
        withdraw_article=is_live and may_withdraw and withdrawal_state_refusal(article) is None,
        cancel_withdrawal=is_live and may_withdraw and article.withdraw_at is not None,
        comment=True,
        is_author=board_member_active(user) is not None and user.pk in revision.author_ids,
        signed=signed,
    )


def _require_password(actor, password: str) -> None:
    # Every way to sign (the review page, the API) counts against one limit per person,
    # so signing cannot be used to guess a reviewer's password.
    limit, window = SIGNING_RATE
    if rate_limit_hit(scope="sign", key=str(actor.pk), limit=limit, window_seconds=window):
        raise WorkflowError(
            gettext("Too many signing attempts. Wait a few minutes and try again."),
            code="too_many_attempts",
            status=TOO_MANY,
        )
    # Re-entering the password is what makes the approval a signature of this person.
    if not password or not actor.check_password(password):
        logger.warning("Signature refused for user %s: wrong password", actor.pk)
        raise WorkflowError(
            gettext("The password is not correct, so nothing was signed. Enter your own password."),
            code="wrong_password",
            status=FORBIDDEN,
        )


def _required_text(value: str | None, *, code: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise WorkflowError(message, code=code, status=INVALID)
    # What no text may hold (config.characters), for every caller of the workflow.
    label = gettext("The meaning") if code == "meaning_required" else gettext("The comment")
    if refusal := refused_message(value, label=label):
        raise WorkflowError(refusal, code=CHARACTER_CODE, status=INVALID)
    return value


# --- Row locking and saving -----------------------------------------------------------


def _lock(revision: Revision) -> tuple[Article, Revision]:
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    locked = Revision.objects.select_for_update().get(pk=revision.pk)
    locked.article = article
    return article, locked


def _save(instance, *, actor, reason: str, fields: list[str]) -> None:
    if isinstance(instance, Article) and {"live_revision", "pending_revision"} & set(fields):
        # What lists show follows the revision readers see, and nothing else moves it.
        fields = [*fields, *article_listing_set(instance)]
    # update_fields: a revision's content columns are never written again (a trigger
    # refuses any change to them), and an article keeps columns the editors own.
    history_save(instance, actor=actor, reason=reason, fields=fields)


def _assign(revision: Revision, *, reviewer, by, now, done: bool = False) -> None:
    """The reviewer's place on the review when they act: starting or joining keeps their
    active assignment (or opens one, "joined"); a decision (`done`) completes it, so no
    reminder chases a reviewer who has decided."""
    active = ReviewAssignment.objects.filter(
        revision=revision, reviewer=reviewer, state=AssignmentState.ACTIVE
    ).first()
    if active is None:
        if (
            done
            and revision.assignments.filter(
                reviewer=reviewer, state=AssignmentState.COMPLETED
            ).exists()
        ):
            return
        active = ReviewAssignment(
            revision=revision,
            reviewer=reviewer,
            assigned_by=by,
            assigned_at=now,
            origin=AssignmentOrigin.SELF,
        )
        history_save(active, actor=by, reason="Joined the review")
    if done:
        active.state, active.ended_at = AssignmentState.COMPLETED, now
        history_save(active, actor=by, reason="Review decided", fields=["state", "ended_at"])


def _after_commit(task, **kwargs) -> None:
    """Enqueue a background task (reviews.tasks) once this transaction commits: the worker
    acts on saved decisions only, and a queue that refuses is logged, never an undone
    decision."""
    transaction.on_commit(lambda: task.enqueue(**kwargs), robust=True)


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
