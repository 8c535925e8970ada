"""Reads about translations: whether one is behind its source, and an article's family
(the source and its translations) as the reader's language switch shows it.

A translation is *behind its source* when the source's live revision is not the source
revision the translation's live revision translates: the source went live again since.
It stays so until an approved translation of the current source revision goes live.
"""

from django.db.models import F, Q, QuerySet

from articles.languages import stale_translations_withdrawn
from articles.models import Article


def translation_behind(article: Article) -> bool:
    """Whether the translation readers see translates an older source revision than the
    source's live one. False for a source, and for a translation with no live revision."""
    if not article.translation_of_id or article.live_revision_id is None:
        return False
    source_live = (
        Article.objects.filter(pk=article.translation_of_id)
        .values_list("live_revision_id", flat=True)
        .first()
    )
    translated = article.live_revision.source_revision_id
    return source_live is not None and source_live != translated


def behind_q(prefix: str = "") -> Q:
    """Articles that are translations behind their source (as translation_behind says),
    as a filter; `prefix` reaches the article through a relation ("article__")."""
    return Q(
        **{f"{prefix}translation_of__isnull": False, f"{prefix}live_revision__isnull": False}
    ) & ~Q(
        **{f"{prefix}live_revision__source_revision": F(f"{prefix}translation_of__live_revision")}
    )


def translations_behind() -> QuerySet[Article]:
    return Article.objects.filter(behind_q())


def withdrawn_q(prefix: str = "") -> Q:
    """What readers must not be shown: translations behind their source when the site
    withdraws them (settings.STALE_TRANSLATIONS = "withdraw"); nothing otherwise."""
    return behind_q(prefix) if stale_translations_withdrawn() else Q(pk__in=[])
