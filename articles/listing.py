"""What lists show of an article: the question, title, specialty and origin of the revision readers
see, never the working copy's.

The index, search, the feeds and the API's list show many articles at once, so they read
copies on the article row instead of each revision's JSON. The workflow refreshes the
copies whenever the live or pending pointer moves (reviews.workflow.rules._save), which is
the only time what readers see can change.
"""

from articles.models import Article, Revision

LISTING_FIELDS = ("public_question", "public_title", "public_specialty", "public_origin")


def article_listing_set(article: Article) -> list[str]:
    """Copy the shown revision's question, title, specialty and origin onto `article` (unsaved) and
    return the names of the fields to save. The shown revision is the live one, else the
    one in review (which readers see with a caution when the site allows it)."""
    shown = article.live_revision_id or article.pending_revision_id
    # Three keys of the JSON, not the whole content: a long article's is hundreds of KB.
    values = (
        Revision.objects.filter(pk=shown)
        .values_list(*(f"content__{name.removeprefix('public_')}" for name in LISTING_FIELDS))
        .first()
    ) or ("",) * len(LISTING_FIELDS)
    for name, value in zip(LISTING_FIELDS, values, strict=True):
        setattr(article, name, value or "")
    return list(LISTING_FIELDS)
