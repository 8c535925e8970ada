"""Which claim comments are still open: a comment is open until its author resolves it
(a resolve_comment event naming it in its details). Reads only."""

from articles.models import Article
from reviews.models import Action, WorkflowEvent


def comments_resolved(*, article: Article) -> set[int]:
    details = WorkflowEvent.objects.filter(
        article=article, action=Action.RESOLVE_COMMENT
    ).values_list("details", flat=True)
    return {d.get("comment") for d in details if isinstance(d, dict)}


def comments_open(*, article: Article, author) -> list[WorkflowEvent]:
    """The author's comments on the article's claims that nobody resolved, oldest first."""
    resolved = comments_resolved(article=article)
    comments = (
        WorkflowEvent.objects.filter(article=article, action=Action.COMMENT, actor=author)
        .select_related("revision")
        .defer("revision__content")
        .order_by("pk")
    )
    return [c for c in comments if c.pk not in resolved]
