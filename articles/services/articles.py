"""Starting an article and changing its own fields (question, title, specialty, origin,
co-editors). The text itself is edited through articles.services.editing."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from articles import versions
from articles.errors import ArticleError
from articles.models import Article, Origin, Section, SectionKind
from articles.permissions import user_can_create_articles, user_is_editor_in_chief
from articles.services._rows import (
    article_lock_for_edit,
    required_text,
    text_refuse_controls,
    too_long,
)
from articles.specialties import specialty_clean
from config.history import history_save

QUESTION_MAX = Article._meta.get_field("question").max_length
TITLE_MAX = Article._meta.get_field("title").max_length
SPECIALTY_MAX = Article._meta.get_field("specialty").max_length
SLUG_MAX = 80


def _fields_clean(
    *, question: str, title: str, specialty: str, origin: str, current_specialty: str = ""
) -> dict:
    if origin not in Origin.values:
        raise ArticleError(
            gettext("'%(value)s' is not an origin.") % {"value": origin}, code="invalid"
        )
    return {
        "question": required_text(
            question,
            message=gettext("An article needs its reader's question; it is the page's heading."),
            max_length=QUESTION_MAX,
            label=gettext("The question"),
        ),
        "title": _optional_text(title, TITLE_MAX, label=gettext("The title")),
        "specialty": specialty_clean(
            _optional_text(specialty, SPECIALTY_MAX, label=gettext("The specialty")),
            current=current_specialty,
        ),
        "origin": origin,
    }


def _optional_text(value: str | None, max_length: int, *, label: str) -> str:
    # Checked before the spaces are tidied: str.split() takes NEL (U+0085) for a space.
    value = " ".join(text_refuse_controls(value or "", label=label).split())
    if len(value) > max_length:
        raise too_long(value, max_length)
    return value


def _slug_free(base: str) -> str:
    base = base[:SLUG_MAX].strip("-") or "article"
    slug, number = base, 2
    while Article.objects.filter(slug=slug).exists():
        suffix = f"-{number}"
        slug = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        number += 1
    return slug


@transaction.atomic
def article_create(
    *,
    actor,
    question: str,
    title: str = "",
    specialty: str = "",
    origin: str = Origin.HUMAN,
    slug: str = "",
) -> Article:
    """A new article owned by `actor`, with an empty lead summary to write into. Without a
    slug, one is made from the question (and numbered if taken)."""
    if not user_can_create_articles(actor):
        raise ArticleError(
            gettext("Only editors and editors-in-chief can start articles."), code="forbidden"
        )
    fields = _fields_clean(question=question, title=title, specialty=specialty, origin=origin)
    if slug:
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
    else:
        slug = _slug_free(slugify(fields["question"]))
    article = Article(slug=slug, owner=actor, **fields)
    try:
        with transaction.atomic():
            history_save(article, actor=actor, reason="Article started")
    except IntegrityError:
        raise ArticleError(
            gettext("An article with the address '%(slug)s' was just created; try again.")
            % {"slug": slug},
            code="duplicate",
        ) from None
    lead = Section(article=article, kind=SectionKind.LEAD, order=0)
    history_save(lead, actor=actor, reason="Article started")
    return article


@transaction.atomic
def article_update_metadata(
    *,
    article: Article,
    actor,
    question: str,
    title: str,
    specialty: str,
    origin: str,
    version: str | None = None,
) -> Article:
    article = article_lock_for_edit(article_id=article.pk, actor=actor)
    if version is not None:
        (since,) = versions.token_parse(version, 1)
        versions.fields_check(
            Article,
            article.pk,
            since,
            fields=versions.ARTICLE_FIELDS,
            noun="this article",
            actor=actor,
        )
    fields = _fields_clean(
        question=question,
        title=title,
        specialty=specialty,
        origin=origin,
        current_specialty=article.specialty,
    )
    if any(getattr(article, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(article, name, value)
        history_save(article, actor=actor, reason="Article details edited")
    return article


@transaction.atomic
def article_co_editors_set(*, article: Article, actor, co_editors) -> Article:
    """Only the owner or an editor-in-chief chooses who else edits an article; co-editors
    must be able to write articles (members of Editors or Editors-in-chief)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if actor.pk != article.owner_id and not user_is_editor_in_chief(actor):
        raise ArticleError(
            gettext("Only the article's owner or an editor-in-chief can choose its co-editors."),
            code="forbidden",
        )
    wanted = {user.pk: user for user in co_editors if user.pk != article.owner_id}
    refused = [u for u in wanted.values() if not user_can_create_articles(u)]
    if refused:
        raise ArticleError(
            gettext("%(name)s is not an editor, so cannot co-edit articles.")
            % {"name": refused[0].get_username()},
            code="invalid",
        )
    current = set(article.co_editors.values_list("pk", flat=True))
    if current != set(wanted):
        # The m2m history record takes its author and reason from the instance.
        article._history_user = actor
        article._change_reason = "Co-editors changed"
        article.co_editors.set(list(wanted.values()))
    return article
