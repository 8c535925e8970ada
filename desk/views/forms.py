"""The desk's forms. They read and tidy input and state its limits, which are the services'
own limits with the services' own sentences; the services decide everything else."""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.audiences import audiences, default_audience
from articles.models import Evidence, Origin
from articles.services._rows import TOO_LONG
from articles.services.articles import QUESTION_MAX, SPECIALTY_MAX, TITLE_MAX
from articles.specialties import specialty_names
from references.csl import date_from_text, name_from_text
from references.models import CslType, Reference

LIMIT = {"max_length": TOO_LONG}


class ArticleForm(forms.Form):
    question = forms.CharField(
        label=_("Question"),
        max_length=QUESTION_MAX,
        error_messages=LIMIT,
        help_text=_(
            "What a reader asks, in their words, ending with a question mark; it is "
            "the page's heading. Example: “What helps upper back pain?”"
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        required=False,
        error_messages=LIMIT,
        help_text=_(
            "A short name for lists, search results and links, not a question. "
            "Example: “Upper back pain: treatment”. Leave empty to use the question."
        ),
    )
    # Chosen from the site's list (articles/specialties.py checks it in the service, so a
    # value from another client gets the same sentence naming the list).
    specialty = forms.CharField(
        label=_("Specialty"),
        max_length=SPECIALTY_MAX,
        required=False,
        error_messages=LIMIT,
        help_text=_("From the site's list of specialties; an administrator adds new ones."),
    )
    # The labels are English in the model (articles/labels.py), shown translated.
    origin = forms.ChoiceField(
        label=_("Origin"),
        choices=[(value, _(label)) for value, label in Origin.choices],
        initial=Origin.HUMAN,
    )

    def __init__(self, *args, current_specialty: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialty"].widget = forms.Select(choices=specialty_choices(current_specialty))


def specialty_choices(current: str = "") -> list[tuple[str, str]]:
    names = specialty_names()
    choices = [("", _("No specialty")), *((name, name) for name in names)]
    if current and current not in names:
        choices.append(
            (current, _("%(name)s (no longer in the list; kept until changed)") % {"name": current})
        )
    return choices


class NewArticleForm(ArticleForm):
    slug = forms.SlugField(
        max_length=80,
        required=False,
        label=_("Web address"),
        help_text=_("Leave empty to make one from the question."),
    )


def audience_field_name(key: str) -> str:
    return f"text_{key}"


class ClaimForm(forms.Form):
    """A claim as the editor page shows it: the default text, one text per other
    audience (empty removes it), the certainty and the no-citation flag."""

    text = forms.CharField(widget=forms.Textarea, strip=True)
    evidence = forms.ChoiceField(choices=Evidence.choices, initial=Evidence.NOT_GRADED)
    no_citation_needed = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for audience in audiences():
            if audience.key == default_audience():
                self.fields["text"].label = f"{audience.label} (default text)"
                continue
            self.fields[audience_field_name(audience.key)] = forms.CharField(
                label=audience.label, widget=forms.Textarea, required=False, strip=True
            )

    def audience_texts(self) -> dict[str, str]:
        return {
            audience.key: self.cleaned_data.get(audience_field_name(audience.key), "")
            for audience in audiences()
            if audience.key != default_audience()
        }


class NewReferenceForm(forms.Form):
    """A source typed into the editor. Authors are one per line, "Family, Given" for a
    person and a plain name for an organisation, as reference managers write them."""

    csl_type = forms.ChoiceField(
        label=_("Type"), choices=CslType.choices, initial=CslType.ARTICLE_JOURNAL
    )
    genre = forms.CharField(
        label=_("Genre"), max_length=100, required=False, help_text=_("e.g. Guideline, Drug label")
    )
    title = forms.CharField(label=_("Title"), max_length=1000)
    authors = forms.CharField(
        label=_("Authors"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_('One per line: "Family, Given" or an organisation\'s name.'),
    )
    container_title = forms.CharField(label=_("Journal or website"), max_length=500, required=False)
    publisher = forms.CharField(label=_("Publisher"), max_length=500, required=False)
    issued = forms.CharField(
        label=_("Published"),
        max_length=20,
        required=False,
        help_text=_("2025, 2025-03 or 2025-03-05"),
    )
    volume = forms.CharField(label=_("Volume"), max_length=50, required=False)
    issue = forms.CharField(label=_("Issue"), max_length=50, required=False)
    pages = forms.CharField(label=_("Pages"), max_length=50, required=False)
    doi = forms.CharField(label=_("DOI"), max_length=255, required=False)
    pmid = forms.CharField(label=_("PMID"), max_length=20, required=False)
    pmcid = forms.CharField(label=_("PMCID"), max_length=20, required=False)
    url = forms.URLField(label=_("URL"), max_length=1000, required=False, assume_scheme="https")

    def clean_issued(self):
        try:
            return date_from_text(self.cleaned_data["issued"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid_date") from None

    def clean_authors(self):
        lines = [line.strip() for line in self.cleaned_data["authors"].splitlines()]
        return [name_from_text(line) for line in lines if line]

    def reference(self) -> Reference:
        """The unsaved record; the service validates it against the library."""
        data = dict(self.cleaned_data)
        year, month, day = data.pop("issued")
        return Reference(issued_year=year, issued_month=month, issued_day=day, **data)


class DocumentForm(forms.Form):
    file = forms.FileField(
        required=False, help_text=_("An article document (.md), UTF-8; see docs/article-format.md.")
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        strip=False,
        label=_("Or paste the document"),
    )

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste a document."), code="empty")
        return data
