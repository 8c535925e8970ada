"""The one door to an article's working copy and its revisions, for every interface.

The desk's pages, the reviewers' pages and the API fetch an article or a revision through
these functions, which check who asks and raise ArticleError (404 not found, 403 not
allowed) before anything is shown or changed. The rules themselves are in
articles.permissions; services still check their own actor, so a caller that forgot this
door would be refused there too.
"""

from django.utils.translation import gettext, gettext_lazy

from articles.errors import ArticleError
from articles.models import Article, Revision
from articles.permissions import article_can_edit, article_can_view_working_copy

EDIT_REFUSED = gettext_lazy(
    "Only the article's owner, its co-editors or an editor-in-chief can change it."
)
READ_REFUSED = gettext_lazy(
    "Only board members and this article's editors can read its revisions and working copy."
)


def _require_reader(user, article: Article) -> None:
    if not article_can_view_working_copy(user, article):
        raise ArticleError(READ_REFUSED, code="not_allowed")


def article_for(user, slug: str, *, edit: bool = False) -> Article:
    """The article, when `user` may read its working copy (its editors and active board
    members) or, with `edit`, change it (its editors)."""
    article = Article.objects.select_related("owner").filter(slug=slug).first()
    if article is None:
        raise ArticleError(
            gettext("There is no article with the slug '%(slug)s'.") % {"slug": slug},
            code="not_found",
        )
    if edit and not article_can_edit(user, article):
        raise ArticleError(EDIT_REFUSED, code="not_editor")
    _require_reader(user, article)
    return article


def revision_for(
    user, *, pk: int | None = None, article: Article | None = None, number: int | None = None
) -> Revision:
    """A revision, by id or by its article and number, when `user` may read the article's
    working copy: the same people as article_for."""
    revisions = Revision.objects.select_related("article", "submitted_by")
    if pk is not None:
        revision = revisions.filter(pk=pk).first()
        missing = gettext("There is no such revision.")
    else:
        revision = revisions.filter(article=article, number=number).first()
        missing = gettext("The article '%(slug)s' has no revision %(number)s.") % {
            "slug": article.slug,
            "number": number,
        }
    if revision is None:
        raise ArticleError(missing, code="not_found")
    _require_reader(user, revision.article)
    return revision
