from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ReaderQuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        strip=True,
    )
    # Honeypot: hidden from people by CSS and aria-hidden; bots fill every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].max_length = settings.READER_QUESTION_MAX_LENGTH
        self.fields["text"].widget.attrs["maxlength"] = settings.READER_QUESTION_MAX_LENGTH

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
