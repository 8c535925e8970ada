"""Starting a translation of an approved article, and bringing a translation's working
copy up to its source's current approved revision.

A translation is an article of its own (articles.models.Article.translation_of): its
working copy is edited, submitted and reviewed like any other, by board members who review
in its language (reviews.workflow.rules.fluency_refusal). Its claims name the source claims
they translate (Claim.source_uuid), so what changed in the source since the translated
revision shows claim by claim.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from articles.errors import ArticleError
from articles.languages import language_codes, language_name
from articles.models import Article, Claim, Section, SectionKind
from articles.permissions import user_can_create_articles
from articles.services._rows import article_lock_for_edit, rows_reorder
from articles.services.articles import SLUG_MAX, _slug_free
from articles.services.editing import claim_rows_delete
from articles.services.restore import claim_build, references_for, sections_build
from config.history import history_save


def translation_language_clean(*, source: Article, language: str) -> str:
    if language not in language_codes():
        raise ArticleError(
            gettext("'%(code)s' is not a language of this site (%(codes)s).")
            % {"code": language, "codes": ", ".join(language_codes())},
            code="invalid",
        )
    if language == source.language:
        raise ArticleError(
            gettext("The article is already in %(language)s; choose another language.")
            % {"language": language_name(language)},
            code="invalid",
        )
    return language


@transaction.atomic
def translation_start(*, source: Article, language: str, actor, slug: str = "") -> Article:
    """A new article in `language` translating `source`'s live revision, owned by `actor`,
    its working copy prefilled with the source's text (claim by claim, citations kept) for
    the translator to write over."""
    if not user_can_create_articles(actor):
        raise ArticleError(
            gettext("Only editors and editors-in-chief can start translations."), code="forbidden"
        )
    source, language = _translatable(source=source, language=language)
    live = source.live_revision
    slug = _translation_slug(slug, source=source, language=language)
    content = live.content
    reason = f"Translation into {language_name(language)} started from revision {live.number}"
    article = Article(
        slug=slug,
        owner=actor,
        language=language,
        translation_of=source,
        source_revision=live,
        question=content.get("question") or source.question,
        title=content.get("title", ""),
        specialty=content.get("specialty", ""),
        origin=content.get("origin") or source.origin,
    )
    try:
        with transaction.atomic():
            history_save(article, actor=actor, reason=reason)
    except IntegrityError:
        raise ArticleError(
            gettext(
                "A translation in %(language)s or an article at '%(slug)s' was just created; "
                "reload and try again."
            )
            % {"language": language_name(language), "slug": slug},
            code="duplicate",
        ) from None
    references = references_for(content, actor=actor, reason=reason)
    sections_build(
        article, content, references=references, actor=actor, reason=reason, translating=True
    )
    return article


def _translatable(*, source: Article, language: str) -> tuple[Article, str]:
    """The source, locked, and the cleaned language, once `source` may be translated into
    it: not itself a translation, approved, and with no translation in that language yet."""
    source = (
        Article.objects.select_for_update(of=("self",))
        .select_related("live_revision")
        .get(pk=source.pk)
    )
    if source.translation_of_id:
        raise ArticleError(
            gettext("This article is itself a translation; translate its source instead."),
            code="invalid",
        )
    language = translation_language_clean(source=source, language=language)
    live = source.live_revision
    if live is None:
        raise ArticleError(
            gettext(
                "Only an approved article can be translated: the translation is tied to the "
                "approved revision it translates."
            ),
            code="not_published",
        )
    existing = source.translations.filter(language=language).first()
    if existing is not None:
        raise ArticleError(
            gettext("This article already has a translation in %(language)s (%(slug)s).")
            % {"language": language_name(language), "slug": existing.slug},
            code="duplicate",
        )
    return source, language


def _translation_slug(slug: str, *, source: Article, language: str) -> str:
    if not slug:
        return _slug_free(f"{source.slug[: SLUG_MAX - len(language) - 1]}-{language}")
    if slugify(slug) != slug or len(slug) > SLUG_MAX:
        raise ArticleError(
            gettext(
                "'%(slug)s' cannot be a web address: use lower-case letters, digits and "
                "hyphens, at most %(limit)d characters."
            )
            % {"slug": slug, "limit": SLUG_MAX},
            code="invalid",
        )
    if Article.objects.filter(slug=slug).exists():
        raise ArticleError(
            gettext("An article with the address '%(slug)s' exists.") % {"slug": slug},
            code="duplicate",
        )
    return slug


@dataclass(frozen=True)
class CatchUp:
    """What bringing a translation up to its source did: the source claims added (in the
    source's words, to translate) and the translated claims removed with their source's."""

    added: int
    removed: int
    source_number: int


@transaction.atomic
def translation_catch_up(*, article: Article, actor) -> CatchUp:
    """Tie the working copy to the source's current live revision: claims the source added
    are inserted (in the source's words, after the claim they follow there), claims whose
    source claim is gone are removed; changed claims stay for the translator to revise
    (the desk shows them, claim by claim)."""
    article = article_lock_for_edit(article_id=article.pk, actor=actor)
    if not article.translation_of_id:
        raise ArticleError(
            gettext("Only a translation has a source to catch up with."), code="invalid"
        )
    live = article.translation_of.live_revision
    if live is None or live.pk == article.source_revision_id:
        raise ArticleError(
            gettext("This translation already translates the source's current approved revision."),
            code="stale",
        )
    reason = f"Caught up with revision {live.number} of the source"
    wanted = {c["uuid"] for s in live.content.get("sections", []) for c in s.get("claims", [])}
    claims = list(Claim.objects.filter(section__article=article).select_related("section"))
    removed = [c for c in claims if c.source_uuid and str(c.source_uuid) not in wanted]
    for claim in removed:
        claim_rows_delete(claim, actor=actor, reason=reason)
    translated = {str(c.source_uuid): c for c in claims if c not in removed and c.source_uuid}
    added = _claims_add(article, live.content, translated=translated, actor=actor, reason=reason)
    article.source_revision = live
    history_save(article, actor=actor, reason=reason)
    return CatchUp(added=added, removed=len(removed), source_number=live.number)


def _claims_add(article: Article, content: dict, *, translated: dict, actor, reason: str) -> int:
    """Insert the source's claims that have no translation, each after the translated
    claim of the one it follows in the source (else first in the section at the same
    place, else in a new section with the source's heading)."""
    references = references_for(content, actor=actor, reason=reason)
    sections = list(article.sections.order_by("order"))
    added = 0
    for index, data in enumerate(content.get("sections", [])):
        previous = None
        for item in data.get("claims", []):
            if item["uuid"] in translated:
                previous = translated[item["uuid"]]
                continue
            section, position = _place_for(article, sections, index, data, previous, actor, reason)
            siblings = list(section.claims.order_by("order"))
            claim = claim_build(
                section,
                item,
                order=len(siblings) + 1000,
                references=references,
                actor=actor,
                reason=reason,
                translating=True,
            )
            siblings.insert(position, claim)
            rows_reorder(siblings, actor=actor, reason=reason)
            translated[item["uuid"]] = previous = claim
            added += 1
    return added


def _place_for(article, sections, index, data, previous, actor, reason) -> tuple[Section, int]:
    if previous is not None:
        section = previous.section
        order = list(section.claims.order_by("order").values_list("pk", flat=True))
        return section, order.index(previous.pk) + 1
    if data["kind"] == SectionKind.LEAD:
        lead = next((s for s in sections if s.kind == SectionKind.LEAD), None)
        if lead is not None:
            return lead, 0
    elif index < len(sections) and sections[index].kind != SectionKind.LEAD:
        return sections[index], 0
    section = Section(
        article=article,
        kind=SectionKind.BODY,
        heading=data.get("heading") or "Section",
        heading_texts=data.get("heading_texts", {}),
        order=(sections[-1].order + 1) if sections else 0,
    )
    history_save(section, actor=actor, reason=reason)
    sections.append(section)
    return section, 0
