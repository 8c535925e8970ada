"""What every write to a working copy shares: the article lock, the edit rules, saving and
deleting rows with their history, and renumbering siblings under a unique order."""

from django.utils.translation import gettext, gettext_lazy

from articles.errors import ArticleError
from articles.models import Article
from articles.permissions import article_can_edit, article_require_unlocked
from config.characters import CODE as CHARACTER_CODE
from config.characters import refused_message
from config.history import history_save


def article_lock_for_edit(*, article_id: int, actor) -> Article:
    """The article row, locked until the transaction ends, once the actor may edit it and
    no revision is in review. Every edit takes this lock first, so edits to one article
    run one at a time and never interleave with a submission freezing the working copy."""
    article = Article.objects.select_for_update().get(pk=article_id)
    if not article_can_edit(actor, article):
        raise ArticleError(
            gettext("Only the article's owner, its co-editors or an editor-in-chief can edit it."),
            code="forbidden",
        )
    article_require_unlocked(article)
    return article


def rows_reorder(rows: list, *, actor, reason: str) -> None:
    """Number `rows` (all the children of one parent) 0, 1, 2... in list order.

    The parent has a unique (parent, order) constraint that holds after every single
    save, so rows that change place first move above every order in use, then down to
    their own. Row saves (not QuerySet.update) keep each move in the history."""
    moving = [(row, index) for index, row in enumerate(rows) if row.order != index]
    if not moving:
        return
    above = max(row.order for row in rows) + 1
    for row, index in moving:
        row.order = above + index
        history_save(row, actor=actor, reason=reason)
    for row, index in moving:
        row.order = index
        history_save(row, actor=actor, reason=reason)


def next_order(queryset) -> int:
    last = queryset.order_by("-order").values_list("order", flat=True).first()
    return 0 if last is None else last + 1


def text_refuse_controls(text: str, *, label: str) -> str:
    """`text`, or ArticleError naming the field and the character when it holds one that
    no text may (config.characters): the services' own check, whatever interface called."""
    message = refused_message(text, label=label)
    if message:
        raise ArticleError(message, code=CHARACTER_CODE)
    return text


# The one sentence for a text over its limit, in the services and the forms that state the
# same limit (with Django's max_length parameters, so a form's error reads the same).
TOO_LONG = gettext_lazy(
    "That text is %(show_value)d characters long; the limit here is %(limit_value)d."
)


def too_long(text: str, max_length: int) -> ArticleError:
    return ArticleError(
        TOO_LONG % {"show_value": len(text), "limit_value": max_length}, code="invalid"
    )


def required_text(
    value: str | None, *, message: str, max_length: int | None = None, label: str = "The text"
) -> str:
    text = (value or "").strip()
    if not text:
        raise ArticleError(message, code="invalid")
    text_refuse_controls(text, label=label)
    if max_length is not None and len(text) > max_length:
        raise too_long(text, max_length)
    return text
