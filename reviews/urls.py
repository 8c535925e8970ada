from django.urls import path

from reviews import views
from reviews.views import classification, editor_actions, verification

app_name = "reviews"

urlpatterns = [
    # The editors' workspace pages that need the workflow (reviews/views/editor_actions.py).
    path(
        "editor/articles/<slug:slug>/submit/", editor_actions.article_submit, name="editor-submit"
    ),
    path(
        "editor/articles/<slug:slug>/withdraw/",
        editor_actions.article_withdraw,
        name="editor-withdraw",
    ),
    path(
        "editor/articles/<slug:slug>/history/",
        editor_actions.article_history,
        name="editor-history",
    ),
    path(
        "editor/articles/<slug:slug>/compare/",
        editor_actions.article_compare,
        name="editor-compare",
    ),
    path("board/", views.board, name="board"),
    path("review/", views.queue, name="queue"),
    path("review/revisions/<int:pk>/", views.revision_detail, name="revision"),
    path("review/revisions/<int:pk>/start/", views.revision_start, name="start"),
    path("review/revisions/<int:pk>/approve/", views.revision_sign, name="approve"),
    path(
        "review/revisions/<int:pk>/request-changes/",
        views.revision_changes,
        name="request_changes",
    ),
    path("review/revisions/<int:pk>/withdraw/", views.revision_withdrawal, name="withdraw"),
    path("review/revisions/<int:pk>/assign/", views.revision_assignment, name="assign"),
    path("review/revisions/<int:pk>/comments/", views.revision_comment, name="comment"),
    path(
        "review/revisions/<int:pk>/comments/resolve/",
        verification.revision_comment_resolution,
        name="resolve_comment",
    ),
    path(
        "review/revisions/<int:pk>/reclassify/",
        classification.revision_reclassification,
        name="reclassify",
    ),
    path("review/articles/<slug:slug>/reaffirm/", views.article_reaffirmation, name="reaffirm"),
]
