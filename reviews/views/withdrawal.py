"""Withdrawing a published article from public view, now or at a set time, and cancelling
a scheduled withdrawal: forms on the live revision's review page, each a thin view over
one workflow call (reviews/workflow/expiry.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from articles.access import revision_for
from articles.models import Article
from reviews.forms import CommentForm, WithdrawArticleForm
from reviews.views.workspace import _decide
from reviews.workflow import (
    article_withdrawal_cancel,
    article_withdrawal_schedule,
    schedule_phrase,
)


def _live(request, slug: str):
    article = get_object_or_404(Article, slug=slug, live_revision__isnull=False)
    return article, revision_for(request.user, pk=article.live_revision_id)


def _done(article: Article) -> str:
    if article.withdrawn_at is not None:
        return "The article was withdrawn from public view; readers are shown the reason."
    when = schedule_phrase(article.withdraw_at).removeprefix("at ")
    return (
        f"The article will be withdrawn from public view at {when}. You can cancel it until then."
    )


@require_POST
@login_required
def article_withdrawal(request, slug: str):
    article, revision = _live(request, slug)
    return _decide(
        request,
        revision,
        action=lambda data: article_withdrawal_schedule(
            article=article,
            actor=request.user,
            reason=data["reason"],
            withdraw_at=data["withdraw_at"],
        ),
        done=_done,
        form_name="withdraw_article",
        form=WithdrawArticleForm(request.POST),
    )


@require_POST
@login_required
def article_withdrawal_cancellation(request, slug: str):
    article, revision = _live(request, slug)
    return _decide(
        request,
        revision,
        action=lambda data: article_withdrawal_cancel(
            article=article, actor=request.user, comment=data["comment"]
        ),
        done="The scheduled withdrawal was cancelled; the article stays in public view.",
        form_name="cancel_withdrawal",
        form=CommentForm(request.POST),
    )
