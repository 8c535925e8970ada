"""What `document_parse` returns: the article as plain data, with the line each part came
from. Line numbers take no part in equality, so two parses of the same content compare
equal wherever the content sat in the file."""

from dataclasses import dataclass, field

from articles.models import Evidence, Origin, SectionKind


@dataclass
class ParsedReference:
    id: str
    # Reference model field values (csl_type, title, authors, doi, issued_year, ...).
    fields: dict
    line: int = field(default=0, compare=False)
    # The line of each CSL key, so a later check can point at the DOI or the title.
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass
class ParsedClaim:
    text: str
    citations: list[str] = field(default_factory=list)
    # key -> {"prefix", "label", "locator", "suffix"} for citations that have any
    citation_details: dict[str, dict[str, str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    evidence: str = Evidence.NOT_GRADED.value
    no_citation_needed: bool = False
    # In a translation: the uuid of the source claim this one translates ({source=...}).
    source_uuid: str | None = None
    line: int = field(default=0, compare=False)
    citation_line: int = field(default=0, compare=False)


@dataclass
class ParsedSection:
    kind: str
    heading: str
    claims: list[ParsedClaim] = field(default_factory=list)
    heading_texts: dict[str, str] = field(default_factory=dict)
    line: int = field(default=0, compare=False)


@dataclass
class ParsedDocument:
    question: str
    slug: str
    title: str = ""
    specialty: str = ""
    origin: str = Origin.HUMAN.value
    change_summary: str = ""
    ai_disclosure: dict | None = None
    language: str = ""
    # {"slug", "revision", "line"} of the source a translation translates.
    translation_of: dict | None = field(default=None, compare=False)
    references: list[ParsedReference] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    # Where the slug came from (its key, or the question it was derived from).
    slug_line: int = field(default=1, compare=False)
    # (line, message): what the document says that is accepted but has no effect here.
    warnings: list[tuple[int, str]] = field(default_factory=list, compare=False)

    @property
    def lead(self) -> ParsedSection | None:
        return next((s for s in self.sections if s.kind == SectionKind.LEAD), None)

    def references_by_id(self) -> dict[str, ParsedReference]:
        return {reference.id: reference for reference in self.references}

    def cited_ids(self) -> list[str]:
        """Reference ids in order of first citation."""
        seen: dict[str, None] = {}
        for section in self.sections:
            for claim in section.claims:
                for key in claim.citations:
                    seen.setdefault(key, None)
        return list(seen)
