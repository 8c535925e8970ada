"""Withdrawing a published article from public view, now or at a set time (docs/workflow.md
"Withdrawal from public view").

An editor-in-chief or an active board member sets it, with the reason readers are shown;
it can be cancelled until it happens. A withdrawal set for later is carried out by the
clock (`articles_withdraw_due`, in settings.DUE_JOBS) once, under the article's row lock,
in the name of who set it. Each step is an event in the hash-chained log. The live revision
stays approved (the version archive keeps it, saying the article was withdrawn); a newly
approved revision brings the article back (reviews.workflow.decisions._publish)."""

import logging
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import Article
from reviews.errors import CONFLICT, INVALID, WorkflowError
from reviews.events import event_record
from reviews.models import Action
from reviews.workflow.rules import (
    _require,
    _required_text,
    _save,
    withdrawal_actor_refusal,
    withdrawal_state_refusal,
)

logger = logging.getLogger(__name__)

_FIELDS = ["withdraw_at", "withdrawn_at", "withdrawal_reason", "withdrawal_by", "updated_at"]


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def _lock(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def article_withdrawal_schedule(
    *, article: Article, actor, reason: str, withdraw_at: datetime | None = None
) -> Article:
    """Withdraw the article from public view at `withdraw_at`, or now when it is None. A
    withdrawal already scheduled is replaced (the event records the time it replaced)."""
    article = _lock(article)
    _require(withdrawal_actor_refusal(actor), withdrawal_state_refusal(article))
    reason = _required_text(
        reason,
        code="reason_required",
        message=gettext("Say why the article is withdrawn: readers are shown the reason."),
    )
    now = timezone.now()
    if withdraw_at is not None and withdraw_at <= now:
        raise WorkflowError(
            gettext(
                "A withdrawal time must be in the future; to withdraw the article now, leave "
                "the time empty."
            ),
            code="withdrawal_past",
            status=INVALID,
        )
    previous = article.withdraw_at
    article.withdrawal_reason, article.withdrawal_by = reason, actor
    if withdraw_at is None:
        _withdraw(article, actor=actor, now=now)
        return article
    article.withdraw_at = withdraw_at
    _save(article, actor=actor, reason="Withdrawal from public view scheduled", fields=_FIELDS)
    event_record(
        article=article,
        revision=article.live_revision,
        actor=actor,
        action=Action.SCHEDULE_WITHDRAWAL,
        comment=reason,
        details={"withdraw_at": _iso(withdraw_at), "previous": _iso(previous)},
    )
    return article


@transaction.atomic
def article_withdrawal_cancel(*, article: Article, actor, comment: str = "") -> Article:
    """Cancel a scheduled withdrawal before it happens."""
    article = _lock(article)
    _require(withdrawal_actor_refusal(actor))
    if article.withdraw_at is None:
        raise WorkflowError(
            gettext("No withdrawal is scheduled for this article (it may have happened already)."),
            code="no_withdrawal_scheduled",
            status=CONFLICT,
        )
    cancelled = article.withdraw_at
    article.withdraw_at, article.withdrawal_reason, article.withdrawal_by = None, "", None
    _save(article, actor=actor, reason="Scheduled withdrawal cancelled", fields=_FIELDS)
    event_record(
        article=article,
        revision=article.live_revision,
        actor=actor,
        action=Action.CANCEL_WITHDRAWAL,
        comment=(comment or "").strip(),
        details={"cancelled": _iso(cancelled)},
    )
    return article


def _withdraw(article: Article, *, actor, now: datetime) -> None:
    scheduled = article.withdraw_at
    article.withdraw_at, article.withdrawn_at = None, now
    _save(article, actor=actor, reason="Withdrawn from public view", fields=_FIELDS)
    event_record(
        article=article,
        revision=article.live_revision,
        actor=actor,
        action=Action.WITHDRAW_ARTICLE,
        comment=article.withdrawal_reason,
        details={"withdrawn_at": _iso(now), "scheduled": _iso(scheduled)},
    )


def article_withdraw_scheduled(*, article_id: int) -> bool:
    """Carry out one scheduled withdrawal whose time has come. Idempotent: True only for
    the call that withdrew it; a second worker waits on the row lock, then finds nothing
    scheduled and returns False."""
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        now = timezone.now()
        if article is None or article.withdraw_at is None or article.withdraw_at > now:
            return False
        if withdrawal_state_refusal(article) is not None:
            return False
        _withdraw(article, actor=article.withdrawal_by, now=now)
        return True


def articles_withdraw_due() -> int:
    """The DUE_JOBS job: carry out every scheduled withdrawal whose time has come."""
    due = Article.objects.filter(withdraw_at__lte=timezone.now()).values_list("pk", flat=True)
    return sum(article_withdraw_scheduled(article_id=pk) for pk in list(due))
