"""Who may write to an article. One place for these rules: the editors' workspace, the
admin and the API all ask here, so a rule never differs between them."""

from django.utils.translation import gettext_lazy

from articles.errors import ArticleError
from articles.models import Article

EDITORS = "Editors"
EDITORS_IN_CHIEF = "Editors-in-chief"
LOCKED_MESSAGE = gettext_lazy(
    "This article has a revision in review, so its working copy is locked; withdraw the "
    "revision or wait for the board's decision before changing it."
)


def _in_group(user, *names: str) -> bool:
    return user.groups.filter(name__in=names).exists()


def article_can_edit(user, article: Article) -> bool:
    """The article's owner, one of its co-editors, or an editor-in-chief."""
    if not user.is_authenticated:
        return False
    return (
        user.pk == article.owner_id
        or article.co_editors.filter(pk=user.pk).exists()
        or _in_group(user, EDITORS_IN_CHIEF)
    )


def user_can_create_articles(user) -> bool:
    """Editors, editors-in-chief and superusers start new articles."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or _in_group(user, EDITORS, EDITORS_IN_CHIEF)


def user_in_editor_groups(user) -> bool:
    """Members of Editors or Editors-in-chief (superusers are not, unless added)."""
    return user.is_authenticated and _in_group(user, EDITORS, EDITORS_IN_CHIEF)


def user_is_editor_in_chief(user) -> bool:
    return user.is_authenticated and _in_group(user, EDITORS_IN_CHIEF)


def board_member_active(user):
    """The user's reviews.BoardMember when they are an active member of the Medical
    Advisory Board, else None. The one answer to "is this an active board member?" for
    every page, the API and the workflow. Queried afresh (a member deactivated a moment ago
    must not sign), through the user model's reverse relation, so this app never imports
    reviews."""
    if not user.is_authenticated:
        return None
    members = user._meta.get_field("board_member").related_model.objects
    return members.filter(user=user, is_active=True).first()


def article_can_view_working_copy(user, article: Article) -> bool:
    """Its editors, and active board members (who read it but never edit it)."""
    return article_can_edit(user, article) or board_member_active(user) is not None


def user_can_use_workspace(user) -> bool:
    """Who may open the editors' workspace at all (each article is checked on its own)."""
    if not user.is_authenticated:
        return False
    return (
        user_can_create_articles(user)
        or board_member_active(user) is not None
        or user.owned_articles.exists()
        or user.co_edited_articles.exists()
    )


def user_can_triage_questions(user) -> bool:
    """Readers' follow-up questions are the editors' inbox."""
    return user_can_create_articles(user)


def article_require_unlocked(article: Article) -> None:
    """While a revision is in review its content is what the board is reading, so the
    working copy it was frozen from stays as it is until the review ends."""
    if article.pending_revision_id:
        raise ArticleError(LOCKED_MESSAGE, code="locked")
