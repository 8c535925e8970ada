"""What the review-management endpoints read and answer: assigning reviewers with due
dates, and withdrawing an article from public view (api/views/assignments.py,
api/views/withdrawal.py). Presence and limits are the workflow's rules, with its codes
(due_required, due_in_past, comment_required, reviewer_not_board_member, ...): these only
read the JSON."""

from rest_framework import serializers


class AssignInputSerializer(serializers.Serializer):
    reviewer = serializers.CharField(
        help_text="The board member's username (as `reviewer` in a revision's assignments)."
    )
    due_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The day the review is due (YYYY-MM-DD), today or later.",
    )


class ReassignInputSerializer(AssignInputSerializer):
    due_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The new reviewer's due day; omitted, the current one is kept.",
    )


class DueInputSerializer(serializers.Serializer):
    due_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="The new due day (YYYY-MM-DD)."
    )


class CancelAssignmentInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the assignment is cancelled (required; kept in the review record).",
    )


class WithdrawArticleInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why, in words for readers: the article's page shows it (required).",
    )
    withdraw_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When it leaves public view (ISO 8601 with its offset, in the future); "
        "omitted or null: now.",
    )


class ArticleWithdrawalSerializer(serializers.Serializer):
    slug = serializers.CharField()
    withdraw_at = serializers.DateTimeField(
        allow_null=True, help_text="When a scheduled withdrawal happens; null when none is."
    )
    withdrawn_at = serializers.DateTimeField(
        allow_null=True, help_text="When it left public view; null while it is public."
    )
    reason = serializers.CharField(source="withdrawal_reason", help_text="Shown to readers.")
    set_by = serializers.CharField(source="withdrawal_by.username", allow_null=True, default=None)
