from django.urls import path

from reviews import views
from reviews.views import assignments, classification, verification, withdrawal

app_name = "reviews"

urlpatterns = [
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
    path(
        "review/assignments/<int:pk>/reassign/",
        assignments.assignment_reassignment,
        name="reassign",
    ),
    path("review/assignments/<int:pk>/due/", assignments.assignment_due_change, name="set_due"),
    path(
        "review/assignments/<int:pk>/cancel/",
        assignments.assignment_cancellation,
        name="cancel_assignment",
    ),
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
    path(
        "review/articles/<slug:slug>/withdrawal/",
        withdrawal.article_withdrawal,
        name="withdraw_article",
    ),
    path(
        "review/articles/<slug:slug>/withdrawal/cancel/",
        withdrawal.article_withdrawal_cancellation,
        name="cancel_withdrawal",
    ),
]
