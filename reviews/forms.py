"""Forms of the reviewers' workspace. They only read input; every rule (a comment is
required, the password must match, who may act) belongs to reviews/workflow/, so the
refusal a person sees is the workflow's own sentence."""

from django import forms
from django.contrib.auth import get_user_model

from articles.models import ChangeType
from reviews.workflow import DEFAULT_MEANING


class ApproveForm(forms.Form):
    password = forms.CharField(
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    meaning = forms.CharField(
        required=False,
        max_length=200,
        initial=DEFAULT_MEANING,
    )
    confirm_unchecked = forms.BooleanField(
        required=False,
        label="I approve without having checked every new or changed claim against its sources",
    )
    carry_forward_comments = forms.BooleanField(
        required=False, label="Carry my open comments forward: they stay open after I approve"
    )


class ReaffirmForm(forms.Form):
    password = forms.CharField(
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    """A required comment (changes request) or an optional one (withdrawal)."""

    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ClaimCommentForm(forms.Form):
    claim_uuid = forms.CharField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReclassifyForm(forms.Form):
    # A CharField with a select, not a ChoiceField: an unknown value reaches the workflow,
    # whose refusal names it.
    change_type = forms.CharField(
        required=False,
        widget=forms.Select(choices=[("", "Choose…"), *ChangeType.choices]),
        label="Kind of change",
    )
    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Why (required)"
    )


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        queryset=get_user_model()
        .objects.filter(board_member__is_active=True)
        .order_by("board_member__display_name"),
        label="Board member",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].label_from_instance = lambda user: user.board_member.signature_name
