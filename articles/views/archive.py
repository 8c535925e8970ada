"""The public version archive: the list of an article's approved versions and one page per
version. Pages are noindex with the canonical link on the current article page, so search
engines send readers to the current text; browsers and shared caches may keep them, and
an ETag answers revalidation."""

import hashlib
import json

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_GET

from articles.archive import article_version, article_versions
from articles.audiences import audience_or_default, audiences, default_audience
from articles.interface_language import interface_language_for
from articles.rendering import article_render

ARCHIVE_MAX_AGE = 300


def _etag(*parts) -> str:
    text = json.dumps(parts, sort_keys=True, default=str)
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def _public(response, etag: str):
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={ARCHIVE_MAX_AGE}"
    return response


@require_GET
def version_list(request, slug: str):
    article, versions = article_versions(slug=slug)
    etag = _etag(
        settings.RELEASE,
        article.live_revision_id,
        article.withdrawn_at,
        [(v.pk, v.change_type, v.decided_at, v.reviewers) for v in versions],
    )
    response = get_conditional_response(request, etag=etag)
    if response is None:
        context = {"article": article, "versions": versions}
        with translation.override(interface_language_for(article)):
            response = render(request, "articles/versions.html", context)
    return _public(response, etag)


@require_GET
def version_detail(request, slug: str, number: int):
    version = article_version(slug=slug, number=number)
    revision = version.revision
    audience = audience_or_default(request.GET.get("audience"))
    etag = _etag(
        settings.RELEASE,
        revision.pk,
        revision.content_hash,
        revision.change_type,
        revision.reviewers,
        version.is_current,
        version.superseded_at,
        version.article.withdrawn_at,
        audience,
    )
    response = get_conditional_response(request, etag=etag)
    if response is None:
        context = {
            "article": version.article,
            "revision": revision,
            "version": version,
            "rendered": article_render(content=revision.content, audience=audience),
            "audience": audience,
            "audiences": audiences(),
            "is_default_audience": audience == default_audience(),
        }
        with translation.override(interface_language_for(version.article)):
            response = render(request, "articles/version.html", context)
    return _public(response, etag)
