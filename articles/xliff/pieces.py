"""The translatable pieces of a translation's working copy, each with its unit id, its
source wording (from the approved source revision the translation is tied to) and the
working copy's current wording. Export and import read the same list, so a unit id means
the same row both ways.

Unit ids: `question`, `title`; `claim-<source claim uuid>` and
`claim-<source claim uuid>-<audience>` (the claim's uuid in the source, which every
revision of the source and of the translation keeps); `section-<id>` and
`section-<id>-<audience>` for a body section's heading (sections have no uuid; their id
stays while the section exists).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext

from articles.audiences import extra_audience_keys
from articles.errors import ArticleError
from articles.models import Article, Claim, Section, SectionKind


@dataclass
class Piece:
    id: str
    kind: str  # question, title, heading, heading-text, claim, claim-text
    source: str
    current: str
    row: Claim | Section | None = None
    audience: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def translated(self) -> str:
        """The working copy's wording when it is a translation: empty while it still holds
        the source's words (as a translation starts) or nothing."""
        return self.current if self.current and self.current != self.source else ""


def translation_require(article: Article) -> None:
    if not article.translation_of_id:
        raise ArticleError(
            gettext(
                "Only a translation has an XLIFF file: start a translation from the source's "
                "Languages page."
            ),
            code="invalid",
        )


def pieces_for(article: Article) -> list[Piece]:
    """The pieces in the order of the working copy (question, title, then section by
    section). Claims the translator added (no source claim) and claims whose source claim
    is not in the tied source revision have no source to translate and are left out."""
    translation_require(article)
    content = article.source_revision.content
    audiences = extra_audience_keys()
    source_sections = content.get("sections", [])
    source_claims = {c["uuid"]: c for s in source_sections for c in s.get("claims", [])}
    section_of = {c["uuid"]: s for s in source_sections for c in s.get("claims", [])}
    pieces = [Piece("question", "question", content.get("question", ""), article.question)]
    if content.get("title"):
        pieces.append(Piece("title", "title", content["title"], article.title))
    claims = Claim.objects.order_by("order").prefetch_related("texts")
    sections = article.sections.order_by("order").prefetch_related(
        Prefetch("claims", queryset=claims)
    )
    for index, section in enumerate(sections):
        rows = list(section.claims.all())
        if section.kind == SectionKind.BODY:
            source = _source_section(rows, index, source_sections, section_of)
            if source is not None:
                pieces += _heading_pieces(section, source, audiences)
        for claim in rows:
            item = source_claims.get(str(claim.source_uuid)) if claim.source_uuid else None
            if item is not None:
                pieces += _claim_pieces(claim, item, audiences, content.get("references", {}))
    return pieces


def _source_section(rows, index, source_sections, section_of) -> dict | None:
    """The source section a working-copy section translates: the one holding the source
    of its first translated claim, else the body section at the same place."""
    for claim in rows:
        found = section_of.get(str(claim.source_uuid)) if claim.source_uuid else None
        if found is not None:
            return found if found["kind"] == SectionKind.BODY else None
    if index < len(source_sections) and source_sections[index]["kind"] == SectionKind.BODY:
        return source_sections[index]
    return None


def _heading_pieces(section: Section, source: dict, audiences: list[str]) -> list[Piece]:
    pieces = [
        Piece(f"section-{section.pk}", "heading", source["heading"], section.heading, section)
    ]
    source_texts = source.get("heading_texts", {})
    for audience in audiences:
        if source_texts.get(audience):
            pieces.append(
                Piece(
                    f"section-{section.pk}-{audience}",
                    "heading-text",
                    source_texts[audience],
                    section.heading_texts.get(audience, ""),
                    section,
                    audience,
                    [("audience", f"The heading for the {audience} audience.")],
                )
            )
    return pieces


def _cited(item: dict, references: dict) -> str:
    names = []
    for key in item.get("citations", []):
        reference = references.get(key, {})
        title = reference.get("title", "")
        names.append(f"{reference.get('id', key)} ({title})" if title else reference.get("id", key))
    return "; ".join(names)


def _claim_pieces(claim: Claim, item: dict, audiences: list[str], references: dict) -> list[Piece]:
    notes = [("evidence", f"Certainty of evidence: {item.get('evidence', 'not graded')}.")]
    cited = _cited(item, references)
    if cited:
        # What supports the claim, for the agency to see; citations are not text to
        # translate, the site keeps them outside it and the import never touches them.
        notes.append(("citations", f"Cited (kept by the site, not to translate): {cited}"))
    uid = item["uuid"]
    pieces = [Piece(f"claim-{uid}", "claim", item["text"], claim.text, claim, notes=notes)]
    texts = {row.audience: row.text for row in claim.texts.all()}
    for audience in audiences:
        if item.get("texts", {}).get(audience):
            note = ("audience", f"The claim's text for the {audience} audience.")
            pieces.append(
                Piece(
                    f"claim-{uid}-{audience}",
                    "claim-text",
                    item["texts"][audience],
                    texts.get(audience, ""),
                    claim,
                    audience,
                    [note],
                )
            )
    return pieces
