"""Writes to articles that are not part of the review workflow (that is reviews.workflow).

Every function is keyword-only, runs in one transaction, records history with its author
and a reason, and raises articles.errors.ArticleError (with a code) when it refuses.
"""

from articles.services.articles import (
    article_co_editors_set,
    article_create,
    article_update_metadata,
)
from articles.services.citations import (
    citation_add,
    citation_add_new,
    citation_move,
    citation_remove,
    reference_library_match,
)
from articles.services.editing import (
    claim_create,
    claim_delete,
    claim_move,
    claim_text_set,
    claim_update,
    section_create,
    section_delete,
    section_heading_texts_set,
    section_move,
    section_rename,
)
from articles.services.questions import (
    article_create_from_question,
    reader_question_create,
    reader_question_set_status,
)
from articles.services.restore import working_copy_import, working_copy_restore
from articles.services.translations import CatchUp, translation_catch_up, translation_start

__all__ = [
    "CatchUp",
    "article_co_editors_set",
    "article_create",
    "article_create_from_question",
    "article_update_metadata",
    "citation_add",
    "citation_add_new",
    "citation_move",
    "citation_remove",
    "claim_create",
    "claim_delete",
    "claim_move",
    "claim_text_set",
    "claim_update",
    "reader_question_create",
    "reader_question_set_status",
    "reference_library_match",
    "section_create",
    "section_delete",
    "section_heading_texts_set",
    "section_move",
    "section_rename",
    "translation_catch_up",
    "translation_start",
    "working_copy_import",
    "working_copy_restore",
]
