"""What every API view shares: JSON answers whatever the Accept header says (errors
included), and one helper per kind of object so that access is checked in one place."""

from django.http import HttpResponse
from django.urls import reverse
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import BasePermission
from rest_framework.views import APIView

from api.errors import ApiError
from api.parsers import RawBody
from articles.links import public_url
from articles.models import Article, Revision

MARKDOWN = "text/markdown; charset=utf-8"


class JsonAnswers(DefaultContentNegotiation):
    """Parsers are still chosen by Content-Type (so a wrong one is a 415), but answers are
    always JSON: a client asking for text/markdown still gets a readable JSON error
    rather than a 406, and documents are returned as they are."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ApiView(APIView):
    content_negotiation_class = JsonAnswers


def _not_found(message: str) -> ApiError:
    return ApiError(message, code="not_found", status_code=404)


def article_get(slug: str) -> Article:
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        raise _not_found(f"There is no article with the slug '{slug}'.")
    return article


def revision_get(article: Article, number: int) -> Revision:
    revision = (
        Revision.objects.select_related("submitted_by")
        .filter(article=article, number=number)
        .first()
    )
    if revision is None:
        raise _not_found(f"The article '{article.slug}' has no revision {number}.")
    return revision


def body_read(request, serializer_class) -> dict:
    """The JSON body as `serializer_class` reads it; a 400 naming the fields otherwise."""
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def require(allowed: bool, *, code: str, message: str) -> None:
    if not allowed:
        raise ApiError(message, code=code, status_code=403)


def raw_body(request) -> RawBody:
    """The body a raw parser read. An empty body parses to {} in DRF."""
    data = request.data
    unparsed = not isinstance(data, RawBody) and request.content_type
    if unparsed and request.negotiator.select_parser(request, request.parsers) is None:
        raise UnsupportedMediaType(request.content_type)
    if not isinstance(data, RawBody) or not data.data:
        raise ApiError(
            "The request has no body; send the file as the body, with its Content-Type.",
            code="empty_body",
            status_code=400,
        )
    return data


def article_links(article: Article) -> dict:
    return {
        "api": public_url(reverse("api:article-detail", args=[article.slug])),
        "document": public_url(reverse("api:article-document", args=[article.slug])),
        "web": public_url(article.get_absolute_url()),
    }


def markdown_response(text: str, *, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type=MARKDOWN)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class Anyone(BasePermission):
    """Explicit, so a reader of a view sees that no login is needed."""

    def has_permission(self, request, view) -> bool:
        return True
