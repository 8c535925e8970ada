"""Who may write to an article. One place for these rules: the editors' workspace, the
admin and the API all ask here, so a rule never differs between them."""

from articles.models import Article

EDITORS = "Editors"
EDITORS_IN_CHIEF = "Editors-in-chief"


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
