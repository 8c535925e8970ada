"""The public version archive in the API: every approved revision of a published
article, and one of them rendered as it was signed (articles/archive.py)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from api.serializers import VersionDetailSerializer, VersionSummarySerializer
from api.views.articles import AudienceQuerySerializer, _errors, _query
from api.views.base import Anyone, ApiView
from articles.archive import article_version, article_versions
from articles.audiences import audience_or_default
from articles.links import public_url
from articles.rendering import article_render


def _summary(article, revision) -> dict:
    return {
        "number": revision.number,
        "change_type": revision.change_type,
        "public_summary": revision.public_summary,
        "content_hash": revision.content_hash,
        "submitted_at": revision.submitted_at,
        "approved_at": revision.decided_at,
        "reviewers": revision.reviewers_distinct,
        # A withdrawn article has no current version (articles.archive).
        "is_current": revision.pk == article.live_revision_id and article.withdrawn_at is None,
        "links": {
            "api": public_url(reverse("api:version-detail", args=[article.slug, revision.number])),
            "web": public_url(reverse("articles:version", args=[article.slug, revision.number])),
        },
    }


class VersionListView(ApiView):
    permission_classes = [Anyone]

    @extend_schema(
        summary="A published article's versions",
        description="Every revision the board approved, newest first, with its change type, "
        "summary for readers, SHA-256 and reviewers. 404 for an article never published.",
        responses={200: VersionSummarySerializer(many=True), **_errors(401, 404)},
        auth=[],
    )
    def get(self, request, slug: str):
        article, versions = article_versions(slug=slug)
        body = [_summary(article, revision) for revision in versions]
        return Response(VersionSummarySerializer(body, many=True).data)


class VersionDetailView(ApiView):
    permission_classes = [Anyone]

    @extend_schema(
        summary="One approved version, as it was signed",
        description="The revision's frozen content rendered for one audience, exactly as the "
        "version page shows it, with when the next approved version replaced it. 404 for a "
        "revision that was never approved.",
        parameters=[AudienceQuerySerializer],
        responses={200: VersionDetailSerializer, **_errors(400, 401, 404)},
        auth=[],
    )
    def get(self, request, slug: str, number: int):
        audience = audience_or_default(_query(AudienceQuerySerializer, request).get("audience"))
        version = article_version(slug=slug, number=number)
        rendered = article_render(content=version.revision.content, audience=audience)
        body = {
            **_summary(version.article, version.revision),
            "superseded_at": version.superseded_at,
            "audience": rendered.audience,
            "question": rendered.question,
            "title": rendered.title,
            "sections": rendered.all_sections,
            "references": rendered.references,
        }
        return Response(VersionDetailSerializer(body).data)
