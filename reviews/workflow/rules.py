"""What every transition checks: the state, who acts, the password; and how rows are
locked and saved."""

import calendar
import logging
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.listing import article_listing_set
from articles.models import Article, Revision, RevisionState
from articles.ratelimit import rate_limit_hit
from config.characters import CODE as CHARACTER_CODE
from config.characters import refused_message
from reviews.errors import CONFLICT, FORBIDDEN, INVALID, TOO_MANY, WorkflowError
from reviews.models import BoardMember, ReviewAssignment

logger = logging.getLogger("reviews.workflow")


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
    # What no text may hold (config.characters), for every caller of the workflow.
    label = "The meaning" if code == "meaning_required" else "The comment"
    if refusal := refused_message(value, label=label):
        raise WorkflowError(CHARACTER_CODE, refusal, INVALID)
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
