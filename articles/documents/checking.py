"""Checking an article document without writing it: every problem by line (the parser's
and the reference library's, exactly as an import would report them) and, when there are
none, the content it would make, for a preview rendered by articles/rendering.py.

Read-only: references are looked up in the library (a document's DOI already there is
shown as the library holds it) but nothing is saved."""

from dataclasses import dataclass, field

from articles.documents.importing import references_plan
from articles.documents.parse import document_parse
from articles.documents.parsed import ParsedDocument
from articles.errors import ArticleImportError, DocumentError
from articles.snapshot import SCHEMA_VERSION


@dataclass
class DocumentCheck:
    errors: list[DocumentError] = field(default_factory=list)
    warnings: list[DocumentError] = field(default_factory=list)
    # Revision-shaped content (articles/snapshot.py) when the document has no error.
    content: dict | None = None


def document_check(*, text: str, slug: str = "") -> DocumentCheck:
    """What importing `text` would report, and what it would show, without a write."""
    try:
        document = document_parse(text=text)
    except ArticleImportError as error:
        return DocumentCheck(errors=error.errors)
    warnings = [DocumentError(message, line) for line, message in document.warnings]
    errors: list[DocumentError] = []
    plan = references_plan(document, errors)
    if errors:
        return DocumentCheck(errors=errors, warnings=warnings)
    return DocumentCheck(warnings=warnings, content=_content(document, plan, slug=slug))


def _content(document: ParsedDocument, plan: dict, *, slug: str) -> dict:
    references = {}
    for key, reference in plan.items():
        item = reference.to_csl()
        item["id"] = key  # what the document's narrative citations (`@key`) name
        references[key] = item
    sections = []
    for index, section in enumerate(document.sections):
        claims = [
            {
                # Stable within one preview; a preview's claims are never commented on.
                "uuid": f"preview-{index}-{order}",
                "text": claim.text,
                "evidence": claim.evidence,
                "no_citation_needed": claim.no_citation_needed,
                "texts": dict(claim.texts),
                "citations": list(claim.citations),
                "citation_details": dict(claim.citation_details),
            }
            for order, claim in enumerate(section.claims)
        ]
        sections.append({"kind": section.kind, "heading": section.heading, "claims": claims})
    return {
        "schema": SCHEMA_VERSION,
        "slug": slug or document.slug,
        "question": document.question,
        "title": document.title,
        "specialty": document.specialty,
        "origin": document.origin,
        "sections": sections,
        "references": references,
    }
