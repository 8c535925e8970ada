"""Forms of assigning reviewers (reviews/views/assignments.py). They hold the input's
shape; who may be named, and whether a due date may be that day, are the workflow's rules
(reviews/workflow/assignments.py), so a refusal reads the same from the page and the API."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviews.models import AssignmentState, BoardMember

DATE_INVALID = "Enter the due date as a date, e.g. 2026-12-31."


def _suggested_due():
    return timezone.localdate() + timedelta(days=settings.REVIEW_ASSIGNMENT_DUE_DAYS)


class _DueField(forms.DateField):
    def __init__(self, **kwargs):
        super().__init__(
            required=False,  # the workflow's own sentence names a missing due date
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages={"invalid": DATE_INVALID},
            **kwargs,
        )


class _ReviewerField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=get_user_model()
            .objects.filter(board_member__is_active=True)
            .select_related("board_member")
            .order_by("board_member__display_name"),
            empty_label=_("Choose a board member…"),
            error_messages={
                "required": _("Choose an active board member."),
                "invalid_choice": _("Choose an active board member."),
            },
            **kwargs,
        )

    def label_from_instance(self, user):
        return user.board_member.signature_name


class _AssignmentForm(forms.Form):
    def __init__(self, *args, revision=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "due_on" in self.fields:
            self.fields["due_on"].widget.attrs["min"] = timezone.localdate().isoformat()
        if revision is not None and "reviewer" in self.fields:
            # Offer only whom the workflow would accept (fluent in the article's language,
            # not an author, not on it already); a sent form is checked in full.
            busy = revision.assignments.filter(
                state__in=[AssignmentState.ACTIVE, AssignmentState.COMPLETED]
            ).values("reviewer_id")
            language = revision.article.language
            fluent = [
                m.user_id
                for m in BoardMember.objects.filter(is_active=True)
                if m.reviews_in(language)
            ]
            field = self.fields["reviewer"]
            field.queryset = (
                field.queryset.filter(pk__in=fluent)
                .exclude(pk__in=list(revision.author_ids))
                .exclude(pk__in=busy)
            )


class AssignForm(_AssignmentForm):
    reviewer = _ReviewerField(label=_("Board member"))
    due_on = _DueField(label=_("Due date"), initial=_suggested_due)


class ReassignForm(_AssignmentForm):
    reviewer = _ReviewerField(label=_("Reassign to"))
    due_on = _DueField(label=_("New due date (optional: keeps the current one)"))


class DueForm(_AssignmentForm):
    due_on = _DueField(label=_("New due date"))


class CancelAssignmentForm(forms.Form):
    reason = forms.CharField(
        required=False, label=_("Why (required)"), widget=forms.Textarea(attrs={"rows": 2})
    )
