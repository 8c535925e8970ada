"""The editors' desk, mounted at /editor/ (docs/editor.md). Article pages live under
/editor/articles/<slug>/ so that no slug can shadow a desk page."""

from django.urls import path

from desk.views import (
    citations,
    claims,
    dashboard,
    document,
    library,
    page,
    preview,
    questions,
    structure,
    transfer,
    translations,
    workflow,
    xliff,
)

app_name = "editor"

article = "articles/<slug:slug>/"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("new/", dashboard.article_new, name="article-new"),
    path("import/", transfer.document_import, name="import"),
    path("readability/", dashboard.readability, name="readability"),
    path("references/", citations.reference_search, name="reference-search"),
    path("references/import/", library.reference_import, name="reference-import"),
    path("questions/", questions.question_list, name="questions"),
    path("questions/<int:pk>/status/", questions.question_status, name="question-status"),
    path("questions/<int:pk>/draft/", questions.question_draft, name="question-draft"),
    path(article, page.article_editor, name="article"),
    path(article + "details/", structure.article_details, name="article-details"),
    path(article + "co-editors/", structure.article_co_editors, name="article-co-editors"),
    path(article + "preview/", preview.article_preview, name="preview"),
    path(article + "submit/", workflow.article_submit, name="submit"),
    path(article + "withdraw/", workflow.article_withdraw, name="withdraw"),
    path(article + "history/", workflow.article_history, name="history"),
    path(article + "translations/", translations.article_translations, name="translations"),
    path(article + "xliff/", xliff.xliff_export, name="xliff"),
    path(article + "xliff/import/", xliff.xliff_import, name="xliff-import"),
    path(article + "compare/", workflow.article_compare, name="compare"),
    path(article + "export/", transfer.working_copy_export, name="export"),
    path(article + "replace/", transfer.document_replace, name="replace"),
    path(article + "document/", document.document_edit, name="document"),
    path(article + "document/check/", document.document_validate, name="document-check"),
    path(article + "sections/", structure.section_add, name="section-add"),
    path(
        article + "sections/<int:pk>/rename/", structure.section_rename_view, name="section-rename"
    ),
    path(
        article + "sections/<int:pk>/headings/",
        structure.section_heading_texts_view,
        name="section-heading-texts",
    ),
    path(article + "sections/<int:pk>/move/", structure.section_move_view, name="section-move"),
    path(
        article + "sections/<int:pk>/delete/", structure.section_delete_view, name="section-delete"
    ),
    path(article + "problems/", page.article_problems, name="problems"),
    path(article + "sections/<int:pk>/claims/", claims.claim_add, name="claim-add"),
    path(article + "claims/<int:pk>/", claims.claim_view, name="claim-save"),
    path(article + "claims/<int:pk>/move/", claims.claim_move_view, name="claim-move"),
    path(article + "claims/<int:pk>/delete/", claims.claim_delete_view, name="claim-delete"),
    path(article + "claims/<int:pk>/citations/", citations.citation_add_view, name="citation-add"),
    path(
        article + "claims/<int:pk>/citations/confirm/",
        citations.citation_confirm,
        name="citation-confirm",
    ),
    path(
        article + "claims/<int:pk>/references/new/", citations.reference_new, name="reference-new"
    ),
    path(article + "citations/<int:pk>/move/", citations.citation_move_view, name="citation-move"),
    path(
        article + "citations/<int:pk>/remove/",
        citations.citation_remove_view,
        name="citation-remove",
    ),
    path(
        article + "revisions/<int:number>/export/", transfer.revision_export, name="revision-export"
    ),
    path(
        article + "revisions/<int:number>/restore/",
        transfer.revision_restore,
        name="revision-restore",
    ),
]
