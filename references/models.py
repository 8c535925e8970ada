from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from config.characters import CODE, refused_in_tree
from references.csl import date_from_csl, names_problems
from references.identifiers import normalize_doi, normalize_pmcid, normalize_pmid
from references.richtext import rich_text_html, rich_text_plain


class CslType(models.TextChoices):
    ARTICLE_JOURNAL = "article-journal", "Journal article"
    BOOK = "book", "Book"
    CHAPTER = "chapter", "Book chapter"
    REPORT = "report", "Report"
    DOCUMENT = "document", "Document"
    WEBPAGE = "webpage", "Web page"
    DATASET = "dataset", "Dataset"


class Genre(models.TextChoices):
    """Suggestions for `Reference.genre`, which stays free text: sources come in more kinds
    than any list holds. Integrity rules (REFERENCE_MAX_AGE_YEARS, required fields) match
    a genre case-insensitively, so "guideline" and "Guideline" are the same genre."""

    GUIDELINE = "Guideline"
    SYSTEMATIC_REVIEW = "Systematic review"
    META_ANALYSIS = "Meta-analysis"
    RANDOMIZED_TRIAL = "Randomized trial"
    COHORT_STUDY = "Cohort study"
    CASE_CONTROL_STUDY = "Case-control study"
    NARRATIVE_REVIEW = "Narrative review"
    JOURNAL_ARTICLE = "Journal article"
    DRUG_LABEL = "Drug label"
    TEXTBOOK = "Textbook"
    WEBSITE = "Website"


class Reference(models.Model):
    """A bibliographic record in the shared library, shaped like a CSL-JSON item so that it
    moves losslessly to and from reference managers."""

    citekey = models.CharField(
        max_length=100,
        blank=True,
        help_text="The id this source had in the document it was imported from.",
    )
    csl_type = models.CharField("type", max_length=30, choices=CslType, default=CslType.DOCUMENT)
    genre = models.CharField(
        max_length=100,
        blank=True,
        help_text="What kind of source this is, e.g. Guideline, Systematic review, Drug label.",
    )
    title = models.CharField(max_length=1000)
    # CSL name objects: {"family": ..., "given": ...} or {"literal": "An organisation"}.
    authors = models.JSONField(default=list, blank=True)
    # CSL name objects too: the editors of a book, or of the book a chapter is in.
    editors = models.JSONField(default=list, blank=True)
    container_title = models.CharField(
        "journal or container",
        max_length=500,
        blank=True,
        help_text="The journal, the book a chapter is in, or the website a page is on.",
    )
    publisher = models.CharField(
        max_length=500, blank=True, help_text="Publisher, issuing body or manufacturer."
    )
    publisher_place = models.CharField("place of publication", max_length=200, blank=True)
    edition = models.CharField(max_length=50, blank=True, help_text="e.g. 21")
    number = models.CharField(
        "report number",
        max_length=100,
        blank=True,
        help_text="Report, guideline or document number, e.g. NG59.",
    )
    issued_year = models.PositiveSmallIntegerField(null=True, blank=True)
    issued_month = models.PositiveSmallIntegerField(null=True, blank=True)
    issued_day = models.PositiveSmallIntegerField(null=True, blank=True)
    volume = models.CharField(max_length=50, blank=True)
    issue = models.CharField(max_length=50, blank=True)
    pages = models.CharField(max_length=50, blank=True)
    doi = models.CharField("DOI", max_length=255, blank=True)
    pmid = models.CharField("PMID", max_length=20, blank=True)
    pmcid = models.CharField("PMCID", max_length=20, blank=True)
    url = models.URLField("URL", max_length=1000, blank=True)
    accessed = models.DateField(null=True, blank=True)
    retracted_on = models.DateField(null=True, blank=True)
    retraction_notice_url = models.URLField(max_length=1000, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    # Expressions of concern are recorded like retractions (references.notices), but
    # only warn: the source may still be cited while the concern stands.
    concern_on = models.DateField("expression of concern on", null=True, blank=True)
    concern_notice_url = models.URLField(
        "expression of concern notice", max_length=1000, blank=True
    )
    # Every retraction, expression of concern, correction and reinstatement notice
    # found for this source (Retraction Watch, Crossref), as
    # {"nature", "date", "doi", "pmid", "source", "record", "reason"}.
    notices = models.JSONField(default=list, blank=True)
    # The CSL variables this record has no column for (title-short, language, ISSN,
    # abstract, a date range's end...), as the imported file gave them; to_csl()
    # writes them back, so nothing a file said is lost on export.
    csl_extra = models.JSONField("other CSL variables", default=dict, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["doi"],
                condition=~Q(doi=""),
                name="reference_doi_unique",
                violation_error_code="duplicate_doi",
                violation_error_message="The library already has a reference with this DOI.",
            ),
            models.UniqueConstraint(
                fields=["pmid"],
                condition=~Q(pmid=""),
                name="reference_pmid_unique",
                violation_error_code="duplicate_pmid",
                violation_error_message="The library already has a reference with this PMID.",
            ),
            models.UniqueConstraint(
                fields=["pmcid"],
                condition=~Q(pmcid=""),
                name="reference_pmcid_unique",
                violation_error_code="duplicate_pmcid",
                violation_error_message="The library already has a reference with this PMCID.",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="reference_title_not_empty"),
            models.CheckConstraint(
                condition=Q(issued_month__isnull=True)
                | Q(issued_month__gte=1, issued_month__lte=12),
                name="reference_issued_month_valid",
            ),
        ]
        # The library's listings (API, admin) in their order. Title search has a trigram
        # index on PostgreSQL (migration 0003).
        indexes = [models.Index(fields=["title", "id"], name="reference_title_idx")]

    def __str__(self) -> str:
        year = f" ({self.issued_year})" if self.issued_year else ""
        return f"{rich_text_plain(self.title)}{year}"

    def clean(self) -> None:
        errors = {}
        try:
            self.doi = normalize_doi(self.doi)
        except ValueError as exc:
            errors["doi"] = ValidationError(str(exc), code="invalid_doi")
        try:
            self.pmid = normalize_pmid(self.pmid)
        except ValueError as exc:
            errors["pmid"] = ValidationError(str(exc), code="invalid_pmid")
        try:
            self.pmcid = normalize_pmcid(self.pmcid)
        except ValueError as exc:
            errors["pmcid"] = ValidationError(str(exc), code="invalid_pmcid")
        for field in ("authors", "editors"):
            problems = names_problems(getattr(self, field))
            if problems:
                errors[field] = [ValidationError(p, code="invalid_names") for p in problems]
        date_error = self._issued_problem()
        if date_error:
            errors["issued_year"] = ValidationError(date_error, code="invalid_date")
        if not isinstance(self.csl_extra, dict):
            errors["csl_extra"] = ValidationError(
                "Other CSL variables must be an object of variable: value.", code="invalid"
            )
        if not isinstance(self.notices, list):
            errors["notices"] = ValidationError("Notices must be a list.", code="invalid")
        if self.concern_notice_url and not self.concern_on:
            errors["concern_notice_url"] = ValidationError(
                "A notice needs the date of the expression of concern.",
                code="notice_without_date",
            )
        if self.retraction_notice_url and not self.retracted_on:
            errors["retraction_notice_url"] = ValidationError(
                "A retraction notice needs the date of the retraction.", code="notice_without_date"
            )
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            errors["superseded_by"] = ValidationError(
                "A reference cannot supersede itself.", code="self_supersede"
            )
        errors |= self._character_problems(skip=errors)
        if errors:
            raise ValidationError(errors)

    def _character_problems(self, *, skip) -> dict:
        """What no text may hold (config.characters: NUL, which PostgreSQL cannot store,
        other control characters, bidi overrides, lone surrogates), refused with the field
        it is in, for every way a record arrives (the API, imports, the admin, the editor)."""
        found = {}
        for field in self._meta.concrete_fields:
            if field.name in skip:
                continue
            label = str(field.verbose_name).capitalize()
            refusal = refused_in_tree(getattr(self, field.attname), path=label)
            if refusal is not None:
                found[field.name] = ValidationError(refusal[1], code=CODE)
        return found

    def _issued_problem(self) -> str:
        year, month, day = self.issued_year, self.issued_month, self.issued_day
        if (day and not month) or (month and not year):
            return "A day needs a month, and a month needs a year."
        if month and not 1 <= month <= 12:
            return f"{month} is not a month (1 to 12)."
        if day:
            try:
                date(year, month, day)
            except ValueError:
                return f"{year}-{month:02d}-{day:02d} is not a date."
        return ""

    @property
    def title_text(self) -> str:
        """The title without its CSL rich text markup."""
        return rich_text_plain(self.title)

    @property
    def title_html(self):
        """The title as sanitised HTML (italics, superscripts kept; references.richtext)."""
        return rich_text_html(self.title)

    @property
    def is_retracted(self) -> bool:
        return self.retracted_on is not None

    def to_csl(self) -> dict:
        """This record as a CSL-JSON item (without an `id`; the caller names it): its
        columns, and the other CSL variables it keeps. A kept date (a range, a season)
        is written only while its start is still the record's date."""
        extra = dict(self.csl_extra) if isinstance(self.csl_extra, dict) else {}
        kept_issued = extra.pop("issued", None)
        extra.pop("type", None)
        item: dict = {"type": self.csl_type, "title": self.title}
        if self.genre:
            item["genre"] = self.genre
        if self.authors:
            item["author"] = self.authors
        if self.editors:
            item["editor"] = self.editors
        for key, value in (
            ("container-title", self.container_title),
            ("publisher", self.publisher),
            ("publisher-place", self.publisher_place),
            ("edition", self.edition),
            ("number", self.number),
            ("volume", self.volume),
            ("issue", self.issue),
            ("page", self.pages),
            ("DOI", self.doi),
            ("PMID", self.pmid),
            ("PMCID", self.pmcid),
            ("URL", self.url),
        ):
            if value:
                item[key] = value
        if self.issued_year:
            parts = [self.issued_year]
            if self.issued_month:
                parts.append(self.issued_month)
                if self.issued_day:
                    parts.append(self.issued_day)
            item["issued"] = {"date-parts": [parts]}
            if kept_issued and _date_start(kept_issued) == (
                self.issued_year,
                self.issued_month,
                self.issued_day,
            ):
                item["issued"] = kept_issued
        elif kept_issued and "literal" in kept_issued and _date_start(kept_issued)[0] is None:
            item["issued"] = kept_issued
        if self.accessed:
            a = self.accessed
            item["accessed"] = {"date-parts": [[a.year, a.month, a.day]]}
        if self.retracted_on:
            item["retracted"] = self.retracted_on.isoformat()
        for key, value in extra.items():
            item.setdefault(key, value)
        return item


def _date_start(value) -> tuple:
    try:
        return date_from_csl(value)
    except ValueError:
        return (None, None, None)
