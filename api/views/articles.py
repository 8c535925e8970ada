"""Articles: the approved content for apps and sites, and article documents in and out
for drafting pipelines. Reading renders the live revision with articles.rendering, as
the public page does; writing goes through articles.documents and reviews.workflow."""

from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.errors import ApiError
from api.idempotency import idempotent
from api.pagination import ApiPagination
from api.parsers import MarkdownDocumentParser
from api.serializers import (
    ArticleCreatedSerializer,
    ArticleDetailSerializer,
    ArticleSummarySerializer,
    ErrorSerializer,
    RevisionStateSerializer,
    SubmitInputSerializer,
)
from api.throttling import ApiAnonThrottle, ApiUserThrottle
from api.views.base import (
    Anyone,
    ApiView,
    article_get,
    article_links,
    markdown_response,
    raw_body,
    require,
)
from articles.access import article_for, revision_for
from articles.audiences import audience_or_default, audiences
from articles.documents import (
    article_import,
    document_decode,
    document_from_article,
    document_from_content,
)
from articles.links import public_url
from articles.models import Article
from articles.pagecache import PAGE_CACHE_SECONDS, article_page_state, immutable_get, immutable_set
from articles.permissions import user_can_create_articles
from articles.reader import reader_dates, reader_version, stepper, withdrawal_notice
from articles.rendering import article_render
from articles.services import working_copy_import
from reviews.workflow import revision_submit

ERRORS = {
    code: OpenApiResponse(ErrorSerializer, description=text)
    for code, text in (
        (400, "Bad input: `fields` names what is wrong."),
        (401, "No valid token or session (a token sent must be valid, even where none is needed)."),
        (403, "Not allowed for this user."),
        (404, "No such article or revision (or page of a list)."),
        (409, "Not possible in the current state."),
        (410, "The article was withdrawn from public view; `detail` says when and why."),
        (413, "The document is larger than ARTICLE_IMPORT_MAX_BYTES."),
        (415, "Send the document as text/markdown."),
        (422, "The Idempotency-Key was already used for a different request."),
        (429, "Too many requests; see Retry-After."),
    )
}


def _errors(*codes: int) -> dict:
    """Error responses of an operation; any request can be throttled (429)."""
    return {code: ERRORS[code] for code in (*codes, 429)}


DOCUMENT_EXAMPLE = OpenApiExample(
    "A small article",
    media_type="text/markdown",
    request_only=True,
    value="---\n"
    "question: Does heat help back pain?\n"
    "slug: heat-for-back-pain\n"
    "references:\n"
    "  - id: nice-ng59\n"
    "    type: report\n"
    "    genre: Guideline\n"
    "    title: Low back pain and sciatica in over 16s\n"
    "    publisher: NICE\n"
    "    issued: {date-parts: [[2016]]}\n"
    "---\n\n"
    "Heat can ease acute low back pain for a few days. [@nice-ng59]\n\n"
    "patient: A warm pack can help for the first few days.\n\n"
    "## Self-care\n\n"
    "- Stay as active as you can. [@nice-ng59]\n",
)


class ArticleFilterSerializer(serializers.Serializer):
    specialty = serializers.CharField(required=False, help_text="Exact specialty, any case.")
    updated_since = serializers.DateTimeField(
        required=False,
        help_text="ISO 8601 date or date-time: articles whose approved content or review "
        "dates changed at or after it.",
    )


class ArticleCreateQuerySerializer(serializers.Serializer):
    slug = serializers.SlugField(
        required=False, max_length=200, help_text="Overrides the document's slug."
    )


class AudienceQuerySerializer(serializers.Serializer):
    audience = serializers.CharField(
        required=False, help_text="A configured audience key, e.g. patient."
    )

    def validate_audience(self, value: str) -> str:
        keys = [a.key for a in audiences()]
        if value not in keys:
            raise serializers.ValidationError(f"Choose one of: {', '.join(keys)}.")
        return value


class DocumentQuerySerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        required=False, min_value=1, help_text="A revision's number; omit for the working copy."
    )


def _query(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _summary(request, article: Article) -> dict:
    return {
        "slug": article.slug,
        "question": article.public_question,
        "title": article.public_title or article.public_question,
        "specialty": article.public_specialty,
        "origin": article.public_origin,
        "revision": article.live_revision.number,
        "published": article.published_at,
        "last_updated": article.last_updated_at,
        "last_reviewed": article.last_reviewed_at,
        "next_review_due": article.next_review_due,
        "url": public_url(reverse("api:article-detail", args=[article.slug])),
    }


class ArticleListView(ApiView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = ApiPagination
    parser_classes = [MarkdownDocumentParser]

    @extend_schema(
        summary="Published articles",
        description="Articles with an approved (live) revision, by slug.",
        parameters=[ArticleFilterSerializer],
        responses={200: ArticleSummarySerializer(many=True), **_errors(400, 401, 404)},
        auth=[],
    )
    def get(self, request):
        filters = _query(ArticleFilterSerializer, request)
        articles = (
            Article.objects.filter(live_revision__isnull=False, withdrawn_at__isnull=True)
            .select_related("live_revision")
            .defer("live_revision__content", "search_document")
            .order_by("slug")
        )
        if "specialty" in filters:
            articles = articles.filter(public_specialty__iexact=filters["specialty"])
        if "updated_since" in filters:
            since = filters["updated_since"]
            articles = articles.filter(
                Q(last_updated_at__gte=since) | Q(last_reviewed_at__gte=since)
            )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(articles, request, view=self)
        data = ArticleSummarySerializer([_summary(request, a) for a in page], many=True).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        summary="Create an article from an article document",
        description="The body is an article document (docs/article-format.md). Creates the "
        "article and its working copy, owned by the caller, or nothing: every problem is "
        "listed by line in `fields.document`. Editors and editors-in-chief only.",
        parameters=[ArticleCreateQuerySerializer],
        request={"text/markdown": OpenApiTypes.STR},
        examples=[DOCUMENT_EXAMPLE],
        responses={201: ArticleCreatedSerializer, **_errors(400, 401, 403, 413, 415)},
    )
    def post(self, request):
        require(
            user_can_create_articles(request.user),
            code="not_editor",
            message="Only editors and editors-in-chief can create articles.",
        )
        slug = _query(ArticleCreateQuerySerializer, request).get("slug")
        text = document_decode(data=raw_body(request).data)
        warnings: list = []
        article = article_import(text=text, owner=request.user, slug=slug, warnings=warnings)
        links = article_links(article)
        body = ArticleCreatedSerializer(
            {"slug": article.slug, "links": links, "warnings": [str(w) for w in warnings]}
        ).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": links["api"]})


def _body_key(request, etag: str) -> str:
    return f"api-article:{etag}:{request.scheme}:{request.get_host()}"


class ArticleDetailView(ApiView):
    permission_classes = [Anyone]
    # Counted in get(), and only when the body is not in the cache: a cached read costs no
    # more than the public page, which has no limit, so counting it would only cost a
    # cache round trip per read. Everything that renders or queries is counted.
    throttle_classes: list = []

    @extend_schema(
        summary="A published article",
        description="The live (approved) revision, rendered for one audience: claims with "
        "citation numbers in order of first appearance, the numbered reference list "
        "(CSL-JSON as frozen at approval), review status, dates and reviewers.",
        parameters=[AudienceQuerySerializer],
        responses={200: ArticleDetailSerializer, **_errors(400, 401, 404, 410)},
        auth=[],
    )
    def get(self, request, slug: str):
        audience = request.query_params.get("audience")
        if audience is not None and audience not in {a.key for a in audiences()}:
            # Only a bad value needs the serializer: it words the 400 for every case.
            _query(AudienceQuerySerializer, request)
        audience = audience_or_default(audience)
        # The body depends only on what the public page's ETag is made of (plus the host the
        # links point to), so it is cached under that: read traffic renders nothing.
        state = article_page_state(slug=slug)
        version = reader_version(state=state, audience=audience, live_only=True) if state else None
        key = None
        if version is not None:
            key = _body_key(request, version.etag)
            body = immutable_get(key)
            if body is not None:
                return HttpResponse(body, content_type="application/json")
        self._count(request)
        body = JSONRenderer().render(self._body(request, slug, audience))
        if key is not None:
            immutable_set(key, body, timeout=PAGE_CACHE_SECONDS)
        return HttpResponse(body, content_type="application/json")

    def _count(self, request) -> None:
        for throttle in (ApiAnonThrottle(), ApiUserThrottle()):
            if not throttle.allow_request(request, self):
                self.throttled(request, throttle.wait())

    def _body(self, request, slug: str, audience: str) -> dict:
        article = article_get(slug)
        if article.withdrawn_at is not None:
            raise ApiError(withdrawal_notice(article), code="withdrawn", status_code=410)
        revision = article.live_revision
        if revision is None:
            raise ApiError(
                "This article has no approved revision yet.", code="not_found", status_code=404
            )
        rendered = article_render(content=revision.content, audience=audience)
        label = str(next(step["label"] for step in stepper(revision.state) if step["current"]))
        source = revision.content.get("source")
        body = {
            "slug": article.slug,
            "language": revision.content.get("language") or article.language,
            "translation_of": {"slug": source["slug"], "revision": source["revision"]}
            if source
            else None,
            "question": rendered.question or article.question,
            "title": rendered.title,
            "specialty": rendered.specialty,
            "origin": rendered.origin,
            "audience": rendered.audience,
            "review_status": {
                "state": revision.state,
                "label": label,
                "revision": revision.number,
                "content_hash": revision.content_hash,
                "change_type": revision.change_type,
                "all_claims_checked": revision.all_claims_checked,
            },
            "dates": reader_dates(article, revision),
            "reviewers": revision.reviewers_distinct,
            "sections": rendered.all_sections,
            "references": rendered.references,
            "links": article_links(article),
        }
        return ArticleDetailSerializer(body).data


class ArticleDocumentView(ApiView):
    parser_classes = [MarkdownDocumentParser]

    @extend_schema(
        summary="An article document",
        description="The working copy (or, with `revision`, a revision) as an article "
        "document. The article's editors, editors-in-chief and board members.",
        parameters=[DocumentQuerySerializer],
        responses={
            (200, "text/markdown"): OpenApiTypes.STR,
            **_errors(400, 401, 403, 404),
        },
    )
    def get(self, request, slug: str):
        number = _query(DocumentQuerySerializer, request).get("revision")
        article = article_for(request.user, slug)
        if number is None:
            return markdown_response(document_from_article(article=article), filename=f"{slug}.md")
        revision = revision_for(request.user, article=article, number=number)
        return markdown_response(
            document_from_content(content=revision.content), filename=f"{slug}-r{number}.md"
        )

    @extend_schema(
        summary="Replace the working copy",
        description="Replaces the working copy (and question, title, specialty, origin) with "
        "the document; the slug stays. Refused with 409 while a revision is in review. "
        "The article's editors and editors-in-chief.",
        request={"text/markdown": OpenApiTypes.STR},
        examples=[DOCUMENT_EXAMPLE],
        responses={200: ArticleCreatedSerializer, **_errors(400, 401, 403, 404, 409, 413, 415)},
    )
    def put(self, request, slug: str):
        article = article_for(request.user, slug, edit=True)
        text = document_decode(data=raw_body(request).data)
        warnings: list = []
        article = working_copy_import(
            article=article, text=text, actor=request.user, warnings=warnings
        )
        links = article_links(article)
        body = {"slug": article.slug, "links": links, "warnings": [str(w) for w in warnings]}
        return Response(ArticleCreatedSerializer(body).data)


class ArticleSubmitView(ApiView):
    @extend_schema(
        summary="Submit the working copy for review",
        description="Freezes the working copy into a new revision (state submitted). "
        "`comment` is the note to reviewers (what changed and why); it is required and never "
        "public. `public_summary` is what readers are told changed. `change_type` says what "
        "kind of change it is (correction, update, conclusions_changed); without it, update. "
        "`ai_disclosure` declares how AI took part (model, prompt_reference, human_editor).\n\n"
        "Send an `Idempotency-Key` header (a UUID) to make retries safe: the same key with "
        "the same body answers the first answer again (with `Idempotent-Replayed: true`) "
        "and makes no second revision; the same key with another body is refused with 422 "
        "`idempotency_key_reused`. Keys belong to the token and are kept for 24 hours.",
        request=SubmitInputSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description="Up to 255 printable ASCII characters; a UUID per request.",
            )
        ],
        responses={201: RevisionStateSerializer, **_errors(400, 401, 403, 404, 409, 422)},
    )
    def post(self, request, slug: str):
        article = article_get(slug)
        data = SubmitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)

        def submit() -> Response:
            revision = revision_submit(article=article, actor=request.user, **data.validated_data)
            return Response(RevisionStateSerializer(revision).data, status=status.HTTP_201_CREATED)

        return idempotent(request, submit)
