from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from references.formats import READERS, format_from_filename
from references.models import Genre, Reference


class GenreWidget(forms.TextInput):
    """A text box that suggests the usual genres (an HTML datalist) but takes any text."""

    def __init__(self, attrs=None):
        super().__init__({"list": "reference-genres", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        options = format_html_join("", '<option value="{}">', ((g.value,) for g in Genre))
        return format_html('{}<datalist id="reference-genres">{}</datalist>', box, options)


class ReferenceForm(forms.ModelForm):
    url = forms.URLField(label="URL", max_length=1000, required=False, assume_scheme="https")

    class Meta:
        model = Reference
        # Retraction and supersession are not here: they go through their services.
        fields = (
            "csl_type",
            "genre",
            "title",
            "authors",
            "editors",
            "citekey",
            "container_title",
            "publisher",
            "publisher_place",
            "edition",
            "number",
            "issued_year",
            "issued_month",
            "issued_day",
            "volume",
            "issue",
            "pages",
            "doi",
            "pmid",
            "pmcid",
            "url",
            "accessed",
            "notes",
        )
        widgets = {"genre": GenreWidget}


class ReferenceImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("RIS, BibTeX, CSL-JSON, CSL YAML or PubMed (.nbib) file, UTF-8."),
    )
    fmt = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("From the file name")), *((name, name) for name in READERS)],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=60,
        help_text=_(
            "Why you import this file; kept in the history of every record it creates or completes."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and not cleaned.get("fmt"):
            fmt = format_from_filename(upload.name)
            if fmt is None:
                raise forms.ValidationError(
                    _("The file name does not say which format it is; choose the format."),
                    code="unknown_format",
                )
            cleaned["fmt"] = fmt
        return cleaned


class RetractForm(forms.Form):
    on = forms.DateField(label="Retracted on", widget=forms.DateInput(attrs={"type": "date"}))
    notice_url = forms.URLField(label="Retraction notice", required=False, assume_scheme="https")

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.", code="future")
        return on


class SupersedeForm(forms.Form):
    by = forms.ModelChoiceField(
        label="Superseded by",
        queryset=Reference.objects.filter(retracted_on__isnull=True),
        help_text="The newer source that replaces this one.",
    )

    def __init__(self, *args, reference: Reference, widget=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].queryset = self.fields["by"].queryset.exclude(pk=reference.pk)
        if widget is not None:
            # A widget given after the field was built must be told its choices.
            widget.choices = self.fields["by"].choices
            widget.is_required = True
            self.fields["by"].widget = widget
