"""Who authored the changes a revision carries, read from the working copy's history.

The no-self-review rule depends on this, so it errs on the side of including people:
every change to the article's sections, claims, audience texts and citations (deletions
included) and to the records of the references it cites, since the last approved revision
was submitted. That is "since the previous revision" when the previous one was approved,
and wider when revisions were withdrawn or sent back: their changes are still in this one.
"""

from datetime import datetime

from articles.models import Article, Citation, Claim, ClaimText, Section
from references.models import Reference

# Article fields that are part of a revision's content (see articles.snapshot).
ARTICLE_CONTENT_FIELDS = ("slug", "question", "title", "specialty", "origin")


def _since(queryset, since: datetime | None):
    return queryset.filter(history_date__gte=since) if since else queryset


def _users(queryset) -> set[int]:
    return set(
        queryset.exclude(history_user__isnull=True).values_list("history_user_id", flat=True)
    )


def revision_author_ids(*, article: Article, since: datetime | None) -> set[int]:
    """Ids of everyone who changed the working copy (or a reference it cites) since
    `since`; the whole history when `since` is None."""
    sections = Section.history.model.objects.filter(article_id=article.pk)
    section_ids = sections.values("id")
    # Through history, so claims (and their texts and citations) of deleted sections count.
    claim_ids = Claim.history.model.objects.filter(section_id__in=section_ids).values("id")
    authors = _users(_since(sections, since))
    authors |= _users(_since(Claim.history.model.objects.filter(id__in=claim_ids), since))
    authors |= _users(_since(ClaimText.history.model.objects.filter(claim_id__in=claim_ids), since))
    citations = Citation.history.model.objects.filter(claim_id__in=claim_ids)
    authors |= _users(_since(citations, since))
    authors |= _users(
        _since(
            Reference.history.model.objects.filter(
                id__in=Citation.objects.filter(claim__section__article=article).values(
                    "reference_id"
                )
            ),
            since,
        )
    )
    # The article row is also saved by the workflow (pointers, dates); only changes to the
    # fields a revision contains make someone an author. Compared in insertion order, which
    # unlike timestamps is never ambiguous.
    previous = None
    for record in article.history.order_by("history_id"):
        recent = since is None or record.history_date >= since
        if (
            recent
            and record.history_user_id is not None
            and (
                previous is None
                or any(
                    getattr(record, name) != getattr(previous, name)
                    for name in ARTICLE_CONTENT_FIELDS
                )
            )
        ):
            authors.add(record.history_user_id)
        previous = record
    return authors
