"""An article's withdrawal from public view, now or at a set time, and cancelling a
scheduled one: thin views over reviews/workflow/expiry.py, which decides who may (an
editor-in-chief or a board member), and what: a published article, a reason readers are
shown, a future time."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from api.review_serializers import ArticleWithdrawalSerializer, WithdrawArticleInputSerializer
from api.serializers import CommentInputSerializer
from api.views.articles import _errors
from api.views.base import ApiView, article_get, body_read
from reviews.workflow import article_withdrawal_cancel, article_withdrawal_schedule

_ERRORS = _errors(400, 401, 403, 404, 409)


class ArticleWithdrawalView(ApiView):
    @extend_schema(
        summary="Withdraw an article from public view",
        description="Now (no `withdraw_at`) or at a future time, which the site's clock "
        "carries out once. Lists, search, feeds and the sitemap leave it out and its page "
        "answers 410 with the reason; the approved versions stay in the archive, and a newly "
        "approved revision brings it back. Sent again while one is scheduled, it changes the "
        "time and reason. An editor-in-chief or a board member.",
        request=WithdrawArticleInputSerializer,
        responses={200: ArticleWithdrawalSerializer, **_ERRORS},
    )
    def post(self, request, slug: str):
        article = article_withdrawal_schedule(
            article=article_get(slug),
            actor=request.user,
            **body_read(request, WithdrawArticleInputSerializer),
        )
        return Response(ArticleWithdrawalSerializer(article).data)


class ArticleWithdrawalCancelView(ApiView):
    @extend_schema(
        summary="Cancel a scheduled withdrawal",
        description="The article stays in public view; 409 no_withdrawal_scheduled when none "
        "is (or it has happened). The comment is optional. An editor-in-chief or a board "
        "member.",
        request=CommentInputSerializer,
        responses={200: ArticleWithdrawalSerializer, **_ERRORS},
    )
    def post(self, request, slug: str):
        article = article_withdrawal_cancel(
            article=article_get(slug),
            actor=request.user,
            **body_read(request, CommentInputSerializer),
        )
        return Response(ArticleWithdrawalSerializer(article).data)
