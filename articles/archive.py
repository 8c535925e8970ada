"""The public version archive: every approved revision keeps a permanent page
(/articles/<slug>/versions/<n>/), rendered from its frozen content, so a reader can see
exactly what the board signed at the time. Reads only; nothing here changes a revision."""

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404

from articles.models import Article, Revision, RevisionState


@dataclass(frozen=True)
class ArchivedVersion:
    article: Article
    revision: Revision
    is_current: bool
    # When the next approved revision replaced it (None for the current one).
    superseded_at: datetime | None


def _approved(article: Article):
    return article.revisions.filter(state=RevisionState.APPROVED)


def _public_article(slug: str) -> Article:
    """An article with a live revision; anything else has no public archive. A withdrawn
    article keeps its archive, which then says so (no version is current)."""
    article = (
        Article.objects.filter(slug=slug, live_revision__isnull=False)
        .only(
            "slug",
            "public_question",
            "live_revision_id",
            "language",
            "withdrawn_at",
            "withdrawal_reason",
        )
        .first()
    )
    if article is None:
        raise Http404("This article has no published versions.")
    return article


def article_versions(*, slug: str) -> tuple[Article, list[Revision]]:
    """The article and its approved revisions, newest first, without their content."""
    article = _public_article(slug)
    versions = list(_approved(article).defer("content").order_by("-number"))
    return article, versions


def article_version(*, slug: str, number: int) -> ArchivedVersion:
    """One approved revision of a published article, with when it stopped being current.
    A revision that was never approved (in review, sent back, withdrawn) has no page."""
    article = _public_article(slug)
    revision = _approved(article).filter(number=number).first()
    if revision is None:
        raise Http404("This article has no approved version with that number.")
    is_current = revision.pk == article.live_revision_id and article.withdrawn_at is None
    superseded_at = None
    if not is_current:
        superseded_at = (
            _approved(article)
            .filter(number__gt=number)
            .order_by("number")
            .values_list("decided_at", flat=True)
            .first()
        )
    return ArchivedVersion(
        article=article, revision=revision, is_current=is_current, superseded_at=superseded_at
    )
