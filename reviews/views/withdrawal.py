"""Withdrawing a published article from public view, now or at a set time, and cancelling
a scheduled withdrawal: forms on the live revision's review page, each a thin view over
one workflow call (reviews/workflow/expiry.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from articles.access import revision_for
from articles.models import Article
from reviews.forms import CommentForm, WithdrawArticleForm
from reviews.views.workspace import _decide
from reviews.workflow import (
    article_withdrawal_cancel,
    article_withdrawal_schedule,
    schedule_moment,
)

# Where its outcome is shown (templates/reviews/_withdrawal.html).
WITHDRAWAL_PLACE = "withdrawal"


def _live(request, slug: str):
    article = get_object_or_404(Article, slug=slug, live_revision__isnull=False)
    return article, revision_for(request.user, pk=article.live_revision_id)


def _done(article: Article) -> str:
    if article.withdrawn_at is not None:
        return gettext("The article was withdrawn from public view; readers are shown the reason.")
    return gettext(
        "The article will be withdrawn from public view at %(moment)s. You can cancel it "
        "until then."
    ) % {"moment": schedule_moment(article.withdraw_at)}


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
        place=WITHDRAWAL_PLACE,
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
        done=gettext("The scheduled withdrawal was cancelled; the article stays in public view."),
        place=WITHDRAWAL_PLACE,
        form_name="cancel_withdrawal",
        form=CommentForm(request.POST),
    )
