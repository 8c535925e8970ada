"""Turning revision content into what a page shows: the claim texts for one audience and
citation numbers in order of first appearance (ICMJE/Vancouver). Works on the JSON content
alone, so the public page, the preview and the API render identically and without queries.
"""

from dataclasses import dataclass, field
from urllib.parse import quote

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.audiences import audience_or_default, default_audience
from articles.citation_markup import claim_citations_html, reference_backlinks_html
from articles.citing import CitedItem, cite_items, narrative_refkey
from articles.languages import default_language
from articles.markup import cite_keys, markup_html, markup_plain
from articles.models import Evidence, SectionKind
from references.formatting import reference_format_html, reference_formats
from references.richtext import rich_text_html, rich_text_plain

EVIDENCE_LABELS = dict(Evidence.choices)
# The label a graded claim carries on the page ("High certainty"), whole, so that each
# language can order its words.
EVIDENCE_PHRASES = {
    Evidence.HIGH: _("High certainty"),
    Evidence.MODERATE: _("Moderate certainty"),
    Evidence.LOW: _("Low certainty"),
    Evidence.VERY_LOW: _("Very low certainty"),
}


@dataclass(frozen=True)
class RenderedClaim:
    uuid: str
    text: str  # the Markdown source
    evidence: str
    citation_numbers: tuple[int, ...]
    in_audience: bool  # False when the default text stands in for the chosen audience
    html: SafeString = field(default_factory=SafeString)
    # The citations shown after the text (those the text does not name in place), in the
    # AMA form: sorted, runs collapsed, locators and affixes kept.
    cite_items: tuple[CitedItem, ...] = ()
    # (number, the reference-list entry as plain text) for each reference the claim cites,
    # in number order: what the citation shows on hover and focus.
    sources: tuple[tuple[int, str], ...] = ()

    @property
    def plain(self) -> str:
        return markup_plain(self.text)

    @property
    def evidence_label(self) -> str:
        return EVIDENCE_LABELS.get(self.evidence, "")

    @property
    def evidence_phrase(self) -> str:
        phrase = EVIDENCE_PHRASES.get(self.evidence)
        if phrase is None:  # a grade this code does not know: its label, as before
            phrase = gettext("%(level)s certainty") % {"level": self.evidence_label}
        return phrase

    @property
    def is_graded(self) -> bool:
        return self.evidence != Evidence.NOT_GRADED

    @property
    def citations_html(self) -> SafeString:
        """The superscript citations and the GRADE label that follow the text."""
        return claim_citations_html(self)


@dataclass(frozen=True)
class RenderedSection:
    kind: str
    heading: str
    anchor: str
    claims: tuple[RenderedClaim, ...]

    @property
    def heading_html(self) -> SafeString:
        return markup_html(self.heading)

    @property
    def heading_plain(self) -> str:
        return markup_plain(self.heading)


@dataclass(frozen=True)
class CitingPlace:
    """One claim that cites a reference: where the reference list's back-link returns."""

    label: str  # "a", "b", ... as the back-links are written
    claim_uuid: str
    section: str  # the heading of the claim's section, plain; "" in the lead

    @property
    def anchor(self) -> str:
        return f"claim-{self.claim_uuid}"


@dataclass(frozen=True)
class RenderedReference:
    number: int
    key: str
    item: dict  # the frozen CSL-JSON item
    cited_in: tuple[CitingPlace, ...] = ()
    # The entry as HTML when article_render formatted it already (see `formatted`).
    formatted_html: SafeString | None = None

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"

    @property
    def backlinks_html(self) -> SafeString:
        """The links back to each claim that cites this reference."""
        return reference_backlinks_html(self)

    @property
    def genre(self) -> str:
        return self.item.get("genre", "")

    @property
    def title(self) -> SafeString:
        """The title as sanitised HTML: CSL rich text (italics, superscripts) shows as
        markup, never as "<i>"."""
        return rich_text_html(self.item.get("title", ""))

    @property
    def title_text(self) -> str:
        return rich_text_plain(self.item.get("title", ""))

    @property
    def formatted(self) -> SafeString:
        """The whole entry in the house style (AMA by default), as sanitised HTML with the
        title's rich text as markup (references.formatting.reference_format_html)."""
        if self.formatted_html is not None:
            return self.formatted_html
        return reference_format_html(item=self.item)

    @property
    def formatted_linked(self) -> SafeString:
        """The entry with its closing "doi:..." as a link to the DOI resolver, as journals
        print it online. The formatter escapes the DOI the same way, so the escaped form is
        what is looked for."""
        html = str(self.formatted)
        doi = self.doi
        if doi:
            shown = f"doi:{escape(doi)}"
            if html.endswith(shown):
                link = format_html(
                    '<a href="https://doi.org/{}" rel="noopener">{}</a>',
                    quote(doi, safe="/:"),
                    shown,
                )
                html = html[: -len(shown)] + link
        return SafeString(html)

    @property
    def source(self) -> str:
        return self.item.get("container-title") or self.item.get("publisher", "")

    @property
    def year(self) -> int | None:
        parts = (self.item.get("issued") or {}).get("date-parts") or [[]]
        return parts[0][0] if parts and parts[0] else None

    @property
    def doi(self) -> str:
        return self.item.get("DOI", "")

    @property
    def pmid(self) -> str:
        return self.item.get("PMID", "")

    @property
    def url(self) -> str:
        # Only web links: a frozen item could carry any scheme (javascript:, data:).
        url = self.item.get("URL", "")
        return url if url.lower().startswith(("https://", "http://")) else ""

    @property
    def retracted(self) -> bool:
        return bool(self.item.get("retracted"))


@dataclass(frozen=True)
class RenderedArticle:
    audience: str
    question: str
    title: str
    specialty: str
    origin: str
    lead: RenderedSection | None
    sections: tuple[RenderedSection, ...]
    references: tuple[RenderedReference, ...]
    claim_count: int = field(default=0)
    # The language the text is in (a BCP 47 code): the page marks it with lang.
    language: str = ""

    @property
    def has_graded(self) -> bool:
        """Whether any claim carries a GRADE certainty (the page explains the labels only
        then)."""
        return any(claim.is_graded for section in self.all_sections for claim in section.claims)

    @property
    def all_sections(self) -> tuple[RenderedSection, ...]:
        return ((self.lead,) if self.lead else ()) + self.sections


def article_render(*, content: dict, audience: str | None = None) -> RenderedArticle:
    audience = audience_or_default(audience)
    is_default = audience == default_audience()
    numbers: dict[str, int] = {}
    references = content.get("references", {})
    # Each reference formatted once, however often cited: (plain text, HTML).
    entries: dict[str, tuple[str, SafeString]] = {}
    lead = None
    sections = []
    claim_count = 0
    for index, section in enumerate(content.get("sections", [])):
        claims = []
        for claim in section.get("claims", []):
            claim_count += 1
            cited = []
            refkeys = claim.get("citations", [])
            for key in refkeys:
                if key not in numbers:
                    numbers[key] = len(numbers) + 1
                cited.append(numbers[key])
            own = None if is_default else claim.get("texts", {}).get(audience)
            text = own or claim["text"]
            claims.append(
                _claim(claim, text, cited, numbers, references, is_default or bool(own), entries)
            )
        # A heading's own wording for this audience, as for claims (else the default one).
        own_heading = None if is_default else section.get("heading_texts", {}).get(audience)
        rendered = RenderedSection(
            kind=section["kind"],
            heading=own_heading or section.get("heading", ""),
            anchor=f"section-{index}",
            claims=tuple(claims),
        )
        if section["kind"] == SectionKind.LEAD:
            lead = rendered
        else:
            sections.append(rendered)
    places = _citing_places(([lead] if lead else []) + sections)
    listed = tuple(
        RenderedReference(
            number=number,
            key=key,
            item=references.get(key, {}),
            cited_in=places.get(number, ()),
            formatted_html=entries[key][1] if key in entries else None,
        )
        for key, number in sorted(numbers.items(), key=lambda pair: pair[1])
    )
    return RenderedArticle(
        audience=audience,
        question=content.get("question", ""),
        title=content.get("title", ""),
        specialty=content.get("specialty", ""),
        origin=content.get("origin", ""),
        lead=lead,
        sections=tuple(sections),
        references=listed,
        claim_count=claim_count,
        language=content.get("language") or default_language(),
    )


def _citing_places(sections: list[RenderedSection]) -> dict[int, tuple[CitingPlace, ...]]:
    """Per reference number, the claims that cite it in page order, labelled a, b, c."""
    found: dict[int, list[tuple[str, str]]] = {}
    for section in sections:
        heading = section.heading_plain if section.kind != SectionKind.LEAD else ""
        for claim in section.claims:
            for number in dict.fromkeys(claim.citation_numbers):
                found.setdefault(number, []).append((claim.uuid, heading))
    return {
        number: tuple(
            CitingPlace(label=_letters(index), claim_uuid=uuid, section=heading)
            for index, (uuid, heading) in enumerate(claims)
        )
        for number, claims in found.items()
    }


def _letters(index: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "aa": back-link labels as Wikipedia writes them."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("a") + rest) + label
    return label


def _claim(
    claim: dict,
    text: str,
    cited: list[int],
    numbers: dict[str, int],
    references: dict,
    in_audience: bool,
    entries: dict[str, tuple[str, SafeString]],
) -> RenderedClaim:
    refkeys = claim.get("citations", [])
    for key in refkeys:
        if key not in entries:
            entries[key] = reference_formats(item=references.get(key, {}))

    def cite(marker: str) -> int | None:
        refkey = narrative_refkey(marker, refkeys=refkeys, references=references)
        return numbers.get(refkey) if refkey is not None else None

    # A text without "@" names no citation in place; skip the second parse for it.
    named = set()
    if "@" in text:
        for marker in cite_keys(text):
            refkey = narrative_refkey(marker, refkeys=refkeys, references=references)
            if refkey is not None:
                named.add(refkey)
    trailing = [key for key in refkeys if key not in named]
    return RenderedClaim(
        uuid=claim["uuid"],
        text=text,
        evidence=claim.get("evidence", Evidence.NOT_GRADED),
        citation_numbers=tuple(cited),
        in_audience=in_audience,
        html=markup_html(text, cite=cite),
        cite_items=cite_items(
            [(numbers[key], key) for key in trailing], details=claim.get("citation_details", {})
        ),
        sources=tuple(sorted({(numbers[key], entries[key][0]) for key in refkeys})),
    )
