"""A reader's follow-up question, as the question box on an article page sends it: no
login, the same per-client rate limit (one counter for both), the same form rules and
the same service."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from api.errors import ApiError
from api.serializers import ErrorSerializer, QuestionInputSerializer, QuestionReceivedSerializer
from api.views.base import Anyone, ApiView
from articles.audiences import audience_or_default
from articles.forms import ReaderQuestionForm
from articles.ratelimit import client_ip
from articles.reader import reader_question_file
from articles.selectors import article_shown_revision, articles_public


class QuestionCreateView(ApiView):
    # No authentication at all: no session means no CSRF to check, as for the page's form.
    authentication_classes = []
    permission_classes = [Anyone]

    @extend_schema(
        summary="Send a reader's question",
        description="Files an anonymous follow-up question about a published article for "
        "the editors. No authentication; limited per client address.",
        request=QuestionInputSerializer,
        responses={
            201: QuestionReceivedSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Bad input."),
            415: OpenApiResponse(ErrorSerializer, description="Send JSON."),
            429: OpenApiResponse(ErrorSerializer, description="Too many questions."),
        },
        auth=[],
    )
    def post(self, request):
        data = QuestionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        article = articles_public().filter(slug=data.validated_data["article"]).first()
        if article is None or article_shown_revision(article) is None:
            raise ApiError(
                "No published article has this slug.",
                code="invalid",
                status_code=400,
                fields={"article": ["No published article has this slug."]},
            )
        form = ReaderQuestionForm({"text": data.validated_data["text"]})
        if not form.is_valid():
            fields = {name: list(errors) for name, errors in form.errors.items()}
            sentence = " ".join(m for messages in fields.values() for m in messages)
            raise ApiError(sentence, code="invalid", status_code=400, fields=fields)
        reader_question_file(
            article=article,
            audience=audience_or_default(data.validated_data["audience"]),
            text=form.cleaned_data["text"],
            client=client_ip(request),
        )
        body = QuestionReceivedSerializer({"status": "received"}).data
        return Response(body, status=status.HTTP_201_CREATED)
