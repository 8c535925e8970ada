"""/api/v1/: the versioned JSON API (docs/api.md). A later, incompatible version would
live beside it under /api/v2/; these paths and shapes do not change under clients."""

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.errors import not_found
from api.views import (
    articles,
    assignments,
    questions,
    references,
    revisions,
    versions,
    withdrawal,
)

app_name = "api"

REVISION = "articles/<slug:slug>/revisions/<int:number>/"

# Swagger UI's page has one inline <style> block; its script comes from our own URL
# (the "split" view), so only styles need loosening, and only on this page.
docs_view = csp_update({"style-src": ["'unsafe-inline'"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api:schema")
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_view, name="docs"),
    path("articles/", articles.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", articles.ArticleDetailView.as_view(), name="article-detail"),
    path(
        "articles/<slug:slug>/document",
        articles.ArticleDocumentView.as_view(),
        name="article-document",
    ),
    path(
        "articles/<slug:slug>/submit", articles.ArticleSubmitView.as_view(), name="article-submit"
    ),
    path(
        "articles/<slug:slug>/revisions/",
        revisions.RevisionListView.as_view(),
        name="revision-list",
    ),
    path(REVISION, revisions.RevisionDetailView.as_view(), name="revision-detail"),
    path("articles/<slug:slug>/versions/", versions.VersionListView.as_view(), name="version-list"),
    path(
        "articles/<slug:slug>/versions/<int:number>/",
        versions.VersionDetailView.as_view(),
        name="version-detail",
    ),
    path(
        REVISION + "start-review",
        revisions.RevisionStartReviewView.as_view(),
        name="revision-start-review",
    ),
    path(REVISION + "approve", revisions.RevisionApproveView.as_view(), name="revision-approve"),
    path(
        REVISION + "request-changes",
        revisions.RevisionRequestChangesView.as_view(),
        name="revision-request-changes",
    ),
    path(REVISION + "withdraw", revisions.RevisionWithdrawView.as_view(), name="revision-withdraw"),
    path(
        REVISION + "reclassify",
        revisions.RevisionReclassifyView.as_view(),
        name="revision-reclassify",
    ),
    path(
        REVISION + "assignments",
        assignments.RevisionAssignView.as_view(),
        name="revision-assign",
    ),
    path(
        "assignments/<int:assignment_id>/reassign",
        assignments.AssignmentReassignView.as_view(),
        name="assignment-reassign",
    ),
    path(
        "assignments/<int:assignment_id>/due",
        assignments.AssignmentDueView.as_view(),
        name="assignment-due",
    ),
    path(
        "assignments/<int:assignment_id>/cancel",
        assignments.AssignmentCancelView.as_view(),
        name="assignment-cancel",
    ),
    path(
        "articles/<slug:slug>/withdrawal",
        withdrawal.ArticleWithdrawalView.as_view(),
        name="article-withdrawal",
    ),
    path(
        "articles/<slug:slug>/withdrawal/cancel",
        withdrawal.ArticleWithdrawalCancelView.as_view(),
        name="article-withdrawal-cancel",
    ),
    path("references/", references.ReferenceListView.as_view(), name="reference-list"),
    path("references/import", references.ReferenceImportView.as_view(), name="reference-import"),
    path("questions/", questions.QuestionCreateView.as_view(), name="question-create"),
    # Last: anything else under /api/v1/ is a JSON 404, not the site's HTML page.
    re_path(r"^", not_found, name="not-found"),
]
