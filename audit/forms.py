from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from audit.sources import EVENTS_KEY, EVENTS_LABEL, history_sources
from audit.timeline import HISTORY_ACTIONS, Cursor, TimelineFilter
from reviews.models import Action


def _source_choices() -> list[tuple[str, str]]:
    return [
        ("", "Everything"),
        *((s.key, s.label) for s in history_sources()),
        (EVENTS_KEY, EVENTS_LABEL),
    ]


def _action_choices() -> list:
    return [
        ("", "Any action"),
        ("Record changes", [(name, name.capitalize()) for name in HISTORY_ACTIONS]),
        ("Workflow", list(Action.choices)),
    ]


class TimelineFilterForm(forms.Form):
    article = forms.IntegerField(required=False, min_value=1, widget=forms.Select)
    user = forms.CharField(required=False, max_length=150, label=_("User (username)"))
    model = forms.ChoiceField(required=False, label=_("Record"))
    action = forms.ChoiceField(required=False)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    after = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = _source_choices()
        self.fields["action"].choices = _action_choices()
        articles = Article.objects.order_by("question").values_list("pk", "question")
        self.fields["article"].widget.choices = [("", "All articles"), *articles]
        self.user_object = None

    def clean_user(self) -> str:
        username = self.cleaned_data["user"].strip()
        if username:
            self.user_object = (
                get_user_model().objects.filter(username=username).only("pk", "username").first()
            )
            if self.user_object is None:
                raise forms.ValidationError(
                    f"There is no user named '{username}'.", code="unknown_user"
                )
        return username

    def clean_after(self) -> Cursor | None:
        text = self.cleaned_data["after"]
        if not text:
            return None
        try:
            return Cursor.parse(text)
        except ValueError:
            raise forms.ValidationError(
                "That page link is damaged; start again from the newest entries.",
                code="bad_cursor",
            ) from None

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError("The start date is after the end date.", code="empty_range")
        return data

    def timeline_filter(self) -> TimelineFilter:
        data = self.cleaned_data
        return TimelineFilter(
            article_id=data.get("article"),
            user_id=self.user_object.pk if self.user_object else None,
            source=data.get("model") or "",
            action=data.get("action") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
