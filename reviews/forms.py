"""Forms of the reviewers' workspace. They hold the input's limits, with the workflow's own
limits and sentences (so a refusal reads the same from a form and from the API); every
other rule (a comment is required, the password must match, who may act) belongs to
reviews/workflow/, so the refusal a person sees is the workflow's own sentence."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import ChangeType
from reviews.workflow import (
    DEFAULT_MEANING,
    KEEP_SCHEDULE,
    MEANING_MAX_LENGTH,
    MEANING_TOO_LONG,
)

GO_LIVE_NOW, GO_LIVE_AT = "now", "at"


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
    # Offered only to the first signer (later ones approve the schedule already signed):
    # absent, the approval keeps the schedule as it stands.
    go_live = forms.ChoiceField(
        required=False,
        choices=[
            (GO_LIVE_NOW, _("As soon as the approvals reach the quorum")),
            (GO_LIVE_AT, _("At a set time")),
        ],
        widget=forms.RadioSelect,
    )
    publish_at = forms.DateTimeField(
        required=False,
        label=_("Go live at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "invalid": _("Enter the date and time it goes live, such as 2026-03-03 06:00.")
        },
    )

    def __init__(self, *args, publish_at=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["go_live"] = GO_LIVE_AT if publish_at else GO_LIVE_NOW
            self.initial["publish_at"] = timezone.localtime(publish_at) if publish_at else None

    def clean(self):
        """`schedule`: what the approval says about when it goes live (the workflow's
        `publish_at`: KEEP_SCHEDULE, None for as soon as approved, or the time, read in the
        site's time zone)."""
        data = super().clean()
        choice = data.get("go_live")
        if (
            choice == GO_LIVE_AT
            and data.get("publish_at") is None
            and not self.has_error("publish_at")
        ):
            self.add_error(
                "publish_at",
                forms.ValidationError(
                    _("Choose the date and time it goes live."), code="publish_at_required"
                ),
            )
        if not choice:
            data["schedule"] = KEEP_SCHEDULE
        else:
            data["schedule"] = data.get("publish_at") if choice == GO_LIVE_AT else None
        return data


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
            "invalid": _("There is no such comment on this article."),
            "min_value": _("There is no such comment on this article."),
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
        widget=forms.Select(choices=[("", _("Choose…")), *ChangeType.choices]),
        label=_("Kind of change"),
    )
    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Why (required)")
    )


class WithdrawArticleForm(forms.Form):
    # Empty: withdraw now. Read in the site's time zone.
    withdraw_at = forms.DateTimeField(
        required=False,
        label=_("Withdraw at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "invalid": _("Enter the date and time to withdraw it, such as 2026-03-03 06:00.")
        },
    )
    # Required by the workflow, with its own sentence.
    reason = forms.CharField(
        required=False,
        label=_("Reason (readers are shown it)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
