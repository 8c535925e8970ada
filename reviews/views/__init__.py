"""Views of the reviews app: the public board page, and the reviewers' workspace."""

from reviews.views.assignments import revision_assignment
from reviews.views.public import board
from reviews.views.workspace import (
    article_reaffirmation,
    queue,
    revision_changes,
    revision_comment,
    revision_detail,
    revision_sign,
    revision_start,
    revision_withdrawal,
)

__all__ = [
    "article_reaffirmation",
    "board",
    "queue",
    "revision_assignment",
    "revision_changes",
    "revision_comment",
    "revision_detail",
    "revision_sign",
    "revision_start",
    "revision_withdrawal",
]
