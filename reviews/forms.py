"""Forms of the reviewers' workspace. They hold the input's limits, with the workflow's own
limits and sentences (so a refusal reads the same from a form and from the API); every
other rule (a comment is required, the password must match, who may act) belongs to
reviews/workflow/, so the refusal a person sees is the workflow's own sentence."""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import ChangeType
from reviews.workflow import DEFAULT_MEANING, MEANING_MAX_LENGTH, MEANING_TOO_LONG


class ApproveForm(forms.Form):
    password = forms.CharField(
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    meaning = forms.CharField(
        required=False,
        max_length=MEANING_MAX_LENGTH,
        initial=DEFAULT_MEANING,
        error_messages={"max_length": MEANING_TOO_LONG},
    )
    confirm_unchecked = forms.BooleanField(
        required=False,
        label=_("I approve without having checked every new or changed claim against its sources"),
    )
    carry_forward_comments = forms.BooleanField(
        required=False, label=_("Carry my open comments forward: they stay open after I approve")
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


class CommentResolveForm(forms.Form):
    # Not required: the workflow's own refusal names a missing or unknown comment.
    comment = forms.IntegerField(
        required=False,
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "There is no such comment on this article.",
            "min_value": "There is no such comment on this article.",
        },
    )


class ClaimCommentForm(forms.Form):
    claim_uuid = forms.CharField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReclassifyForm(forms.Form):
    # A CharField with a select, not a ChoiceField: an unknown value reaches the workflow,
    # whose refusal names it.
    change_type = forms.CharField(
        required=False,
        widget=forms.Select(choices=[("", "Choose…"), *ChangeType.choices]),
        label=_("Kind of change"),
    )
    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Why (required)")
    )
