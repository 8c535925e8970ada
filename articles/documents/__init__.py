"""Article documents: one Markdown file with a YAML metadata block (docs/article-format.md)
that moves an article in and out of the product without retyping."""

from articles.documents.checking import DocumentCheck, document_check
from articles.documents.exporting import document_from_article, document_from_content
from articles.documents.importing import (
    IMPORT_REASON,
    REPLACE_REASON,
    article_import,
    working_copy_replace,
)
from articles.documents.parse import document_decode, document_parse
from articles.documents.parsed import (
    ParsedClaim,
    ParsedDocument,
    ParsedReference,
    ParsedSection,
)
from articles.permissions import LOCKED_MESSAGE

__all__ = [
    "IMPORT_REASON",
    "LOCKED_MESSAGE",
    "REPLACE_REASON",
    "DocumentCheck",
    "ParsedClaim",
    "ParsedDocument",
    "ParsedReference",
    "ParsedSection",
    "article_import",
    "document_check",
    "document_decode",
    "document_from_article",
    "document_from_content",
    "document_parse",
    "working_copy_replace",
]
