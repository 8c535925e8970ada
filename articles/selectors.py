"""Reads of articles that are more than one line of ORM."""

from django.conf import settings
from django.db.models import QuerySet

from articles.languages import stale_translations_withdrawn
from articles.models import Article, Revision


def articles_public() -> QuerySet[Article]:
    """Articles a reader may see: approved ones, and (when the setting allows) those whose
    first revision is still in review. Never an article withdrawn from public view, nor a
    withdrawn translation (articles.translations)."""
    from articles.translations import withdrawn_q

    articles = Article.objects.filter(withdrawn_at__isnull=True)
    if settings.ARTICLES_SHOW_PENDING:
        articles = articles.filter(live_revision__isnull=False) | articles.filter(
            pending_revision__isnull=False
        )
    else:
        articles = articles.filter(live_revision__isnull=False)
    # A translation behind its source, when the site withdraws those (STALE_TRANSLATIONS).
    return articles.exclude(withdrawn_q()) if stale_translations_withdrawn() else articles


def article_shown_revision(article: Article) -> Revision | None:
    """The revision readers see: the live one, else (if allowed) the one in review; none
    once the article is withdrawn from public view."""
    if article.withdrawn_at is not None:
        return None
    if article.live_revision_id:
        return article.live_revision
    if settings.ARTICLES_SHOW_PENDING and article.pending_revision_id:
        return article.pending_revision
    return None
