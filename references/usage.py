"""Where a reference is used: the articles and claims citing it.

Read through the reverse relation `reference.citations` (articles' Citation rows) so
that this app never imports the articles app, which depends on it.
"""

from dataclasses import dataclass

from references.models import Reference


@dataclass(frozen=True)
class ClaimUse:
    uuid: str
    section: str
    text: str


@dataclass(frozen=True)
class ArticleUse:
    article: object  # an articles.Article
    claims: tuple[ClaimUse, ...]  # claims of the working copy that cite the reference
    in_live_revision: bool  # whether what readers see cites it


def reference_where_used(*, reference: Reference) -> list[ArticleUse]:
    """The articles whose working copy cites the reference, with the citing claims, in
    two queries. (An article that has dropped the citation from its working copy but
    whose live revision still cites it is found by articles.reference_usage.
    articles_citing, which the retraction flow uses.)"""
    citations = reference.citations.select_related("claim__section__article").order_by(
        "claim__section__article__question",
        "claim__section__article_id",
        "claim__section__order",
        "claim__order",
    )
    live = set(
        reference.citations.filter(
            claim__section__article__live_revision__content__references__has_key=str(reference.pk)
        ).values_list("claim__section__article_id", flat=True)
    )
    uses: dict[int, tuple[object, list[ClaimUse]]] = {}
    for citation in citations:
        claim = citation.claim
        article = claim.section.article
        _, claims = uses.setdefault(article.pk, (article, []))
        claims.append(
            ClaimUse(
                uuid=str(claim.uuid),
                section=claim.section.heading or claim.section.get_kind_display(),
                text=claim.text,
            )
        )
    return [
        ArticleUse(article=article, claims=tuple(claims), in_live_revision=pk in live)
        for pk, (article, claims) in uses.items()
    ]
