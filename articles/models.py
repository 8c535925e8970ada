import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.languages import default_language


class Origin(models.TextChoices):
    HUMAN = "human", "Written by people"
    AI_DRAFTED = "ai-drafted", "Drafted with AI, reviewed by people"


class Evidence(models.TextChoices):
    """GRADE certainty of the evidence behind a claim."""

    HIGH = "high", "High"
    MODERATE = "moderate", "Moderate"
    LOW = "low", "Low"
    VERY_LOW = "very-low", "Very low"
    NOT_GRADED = "not-graded", "Not graded"


class RevisionState(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    # Approved by the quorum with a publication time still to come (reviews/workflow/
    # schedule.py): it stays the article's pending revision until the clock publishes it.
    SCHEDULED = "scheduled", "Approved, scheduled"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATES = (RevisionState.SUBMITTED, RevisionState.UNDER_REVIEW, RevisionState.SCHEDULED)


class ChangeType(models.TextChoices):
    """What kind of change a revision makes, in the Cochrane vocabulary: readers, feeds and
    the API can tell a typo fix from new evidence or a changed conclusion."""

    CORRECTION = "correction", "Correction (no clinical change)"
    UPDATE = "update", "Update (new or changed evidence)"
    CONCLUSIONS_CHANGED = "conclusions_changed", "Conclusions changed"


class Article(models.Model):
    """Identity of an article and pointers to what readers see. The text lives in the
    working copy (sections, claims) and, frozen, in revisions."""

    slug = models.SlugField(max_length=200, unique=True)
    question = models.CharField(max_length=300, help_text="The reader's question; the H1.")
    title = models.CharField(max_length=300, blank=True)
    specialty = models.CharField(max_length=100, blank=True, db_index=True)
    origin = models.CharField(max_length=20, choices=Origin, default=Origin.HUMAN)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_articles"
    )
    co_editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="co_edited_articles"
    )
    # The language the article is written in (settings.ARTICLE_LANGUAGES). Set when the
    # article is created, never changed: its revisions were reviewed in it.
    language = models.CharField(max_length=12, default=default_language, db_index=True)
    # A translation is an article of its own (working copy, revisions, signatures, live
    # revision) tied to its source: `translation_of` is the source article, and
    # `source_revision` the approved source revision the working copy translates (each
    # submission freezes it onto the revision). Both empty on a source article.
    translation_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="translations"
    )
    source_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_quorum = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Approvals needed; empty uses the specialty or site default.",
    )
    live_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pending_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The revision the working copy was last restored from ("restore as a new draft"),
    # until it is next submitted: the submission records it as its restored_from, so
    # reviewers see that a change brings back earlier content. Any later import clears it.
    draft_restored_from = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What an imported document's front matter said for the next submission (its
    # `change-summary` and `ai-disclosure`, docs/article-format.md), until it is next
    # submitted: the submit form starts from them and the submission records them.
    draft_change_summary = models.TextField(blank=True, default="", db_default="")
    draft_ai_disclosure = models.JSONField(null=True, blank=True)
    # The question, title, specialty and origin of the revision readers see (the live one, else the
    # one in review), copied by the workflow whenever that pointer moves
    # (articles.listing.article_listing_set). Lists, search, feeds and the API's list read
    # these, so editing the working copy's question changes nothing public before review.
    public_question = models.CharField(max_length=300, blank=True, editable=False)
    public_title = models.CharField(max_length=300, blank=True, editable=False)
    public_specialty = models.CharField(max_length=100, blank=True, editable=False)
    public_origin = models.CharField(max_length=20, choices=Origin, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    last_updated_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True, db_index=True)
    # Withdrawal from public view (reviews/workflow/expiry.py): `withdraw_at` is when a
    # scheduled withdrawal happens (the clock carries it out), `withdrawn_at` when the
    # article left public view (lists, search, feeds, the sitemap and the API leave it
    # out; its page answers 410 with the reason). Set by an editor-in-chief or board member
    # with the reason readers are shown; a newly approved revision brings it back.
    withdraw_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True, default="", db_default="")
    withdrawal_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who set the withdrawal; the clock carries it out in their name.",
    )
    # Plain text of the live revision (all audiences), written when a revision goes live;
    # full-text indexed on PostgreSQL (migration 0004).
    search_document = models.TextField(blank=True, editable=False)
    # Precomputed on PostgreSQL (GIN-indexed, migration 0005) so ranking needs no
    # to_tsvector per row; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        m2m_fields=[co_editors],
        excluded_fields=[
            "search_document",
            "search_vector",
            "public_question",
            "public_title",
            "public_specialty",
            "public_origin",
        ],
    )

    class Meta:
        ordering = ["question"]
        constraints = [
            models.CheckConstraint(condition=~Q(question=""), name="article_question_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(language__regex=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
                name="article_language_is_a_code",
            ),
            # A translation names its source and the source revision it translates; a
            # source names neither. (That the source is not itself a translation, is in
            # another language and owns that revision: a trigger, migration 0021.)
            models.CheckConstraint(
                condition=Q(translation_of__isnull=True, source_revision__isnull=True)
                | Q(translation_of__isnull=False, source_revision__isnull=False),
                name="article_translation_has_source_revision",
            ),
            models.CheckConstraint(
                condition=~Q(translation_of=models.F("pk")), name="article_not_own_translation"
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=Q(translation_of__isnull=False),
                name="article_one_translation_per_language",
            ),
            # A withdrawal, scheduled or done, always has its reason and who set it; a
            # withdrawn article has nothing left to schedule.
            models.CheckConstraint(
                condition=Q(withdraw_at__isnull=True, withdrawn_at__isnull=True)
                | (~Q(withdrawal_reason="") & Q(withdrawal_by__isnull=False)),
                name="article_withdrawal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(withdraw_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="article_withdrawn_has_no_schedule",
            ),
        ]
        # One per lookup, filter and ordering of the product (bench/explain.py checks them
        # at 100,000 articles).
        indexes = [
            # The index page, in the order of the question readers see. Carrying the
            # revision pointers lets PostgreSQL count public articles from the index alone.
            models.Index(
                fields=["public_question", "id"],
                include=["live_revision", "pending_revision"],
                name="article_public_question_idx",
            ),
            # The audit filter list, in working-copy question order.
            models.Index(fields=["question", "id"], name="article_question_idx"),
            # The sitemap's newest dates and the API's updated_since, among live articles.
            models.Index(
                fields=["last_updated_at"],
                condition=Q(live_revision__isnull=False),
                name="article_live_updated_idx",
            ),
            models.Index(
                fields=["last_reviewed_at"],
                condition=Q(live_revision__isnull=False),
                name="article_live_reviewed_idx",
            ),
            # The API's case-insensitive specialty filter, on the approved specialty.
            models.Index(Upper("public_specialty"), name="article_specialty_upper_idx"),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def display_title(self) -> str:
        return self.title or self.question

    @property
    def is_translation(self) -> bool:
        return self.translation_of_id is not None


class SectionKind(models.TextChoices):
    LEAD = "lead", "Lead summary"
    BODY = "body", "Section"


class Section(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=10, choices=SectionKind, default=SectionKind.BODY)
    heading = models.CharField(max_length=300, blank=True)
    # The heading's wording for other audiences, {audience key: Markdown source}, as a
    # claim has ClaimTexts; set through articles.services.editing section_heading_texts_set.
    heading_texts = models.JSONField(default=dict, blank=True)
    order = models.PositiveIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="section_order_unique"),
            models.UniqueConstraint(
                fields=["article"], condition=Q(kind="lead"), name="section_one_lead_per_article"
            ),
            models.CheckConstraint(
                condition=Q(kind="lead") | ~Q(heading=""), name="section_body_has_heading"
            ),
        ]

    def __str__(self) -> str:
        return self.heading or self.get_kind_display()


class Claim(models.Model):
    """One statement. `text` is the default audience's wording; other audiences' wordings
    are ClaimTexts. The uuid survives revisions so comments and diffs follow the claim."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="claims")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order = models.PositiveIntegerField()
    text = models.TextField()
    evidence = models.CharField(max_length=20, choices=Evidence, default=Evidence.NOT_GRADED)
    no_citation_needed = models.BooleanField(
        default=False, help_text="Tick when the statement needs no source (e.g. a definition)."
    )
    # In a translation: the uuid of the source article's claim this one translates, so
    # staleness and review compare claim by claim.
    source_uuid = models.UUIDField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "order"], name="claim_order_unique"),
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ClaimText(models.Model):
    """A claim's wording for one non-default audience (e.g. plain language for patients)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="texts")
    audience = models.CharField(max_length=30)
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "audience"], name="claimtext_one_per_audience"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="claimtext_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.audience}: {self.text[:60]}"


class Citation(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    reference = models.ForeignKey(
        "references.Reference", on_delete=models.PROTECT, related_name="citations"
    )
    order = models.PositiveIntegerField()
    # Pandoc's citation prefix, locator (with its CSL label: page, chapter, ...) and suffix,
    # as in `[see @smith, pp. 3-5, table 2]`; shown in AMA style, e.g. "see 1(pp3-5)".
    prefix = models.CharField(max_length=200, blank=True)
    locator_label = models.CharField(max_length=20, blank=True)
    locator = models.CharField(max_length=100, blank=True)
    suffix = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "order"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "order"], name="citation_order_unique"),
            models.UniqueConstraint(fields=["claim", "reference"], name="citation_reference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} → {self.reference_id}"

    def details(self) -> dict[str, str]:
        """The prefix, locator and suffix that are set, as revision content keeps them."""
        values = {
            "prefix": self.prefix,
            "label": self.locator_label if self.locator else "",
            "locator": self.locator,
            "suffix": self.suffix,
        }
        return {name: value for name, value in values.items() if value}


class Revision(models.Model):
    """An immutable snapshot of the working copy, taken at submission. Reviewers review it,
    approvals sign its hash, and the public page renders it. Its content and hash never
    change after creation (enforced by a database trigger, see migration 0002); only the
    workflow in reviews/workflow/ moves its state."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=20, choices=RevisionState, default=RevisionState.SUBMITTED)
    comment = models.TextField(
        help_text="The submitter's note to the reviewers: what changed and why. Never public."
    )
    # The submitter's summary for readers ("What changed" on the page, the version archive,
    # the feeds); blank on revisions submitted before it existed, which show none.
    public_summary = models.TextField(blank=True, default="", db_default="")
    # How AI took part in drafting this revision (articles/disclosure.py: model, prompt
    # reference, human editor), validated at submission; null when nobody declared any.
    ai_disclosure = models.JSONField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submitted_revisions"
    )
    submitted_at = models.DateTimeField()
    # Authors of the changes in this revision (from the working copy's history), so the
    # workflow can refuse self-review without walking history again.
    author_ids = models.JSONField(default=list)
    # Written by the workflow when the review happens, so the public page needs no join.
    review_started_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reviewers = models.JSONField(default=list, blank=True)
    restored_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Chosen by the submitter, changed only by a board member's reclassification before
    # anyone signs (reviews/workflow/); each signature records the type it approved. Blank
    # on revisions submitted before change types existed: they were never classified.
    change_type = models.CharField(
        max_length=30, choices=ChangeType, blank=True, default="", db_default=""
    )
    # Written by the workflow at approval: every claim was checked against its sources by a
    # signer (or, unchanged, in a revision where every claim was). The public trust panel
    # says so only then.
    all_claims_checked = models.BooleanField(default=False, db_default=False)
    # When the approved revision goes live (None: as soon as the quorum signs). Part of what
    # each signature records; set and changed only through reviews.workflow.revision_schedule.
    publish_at = models.DateTimeField(null=True, blank=True)
    # A translation's revision: the approved source revision it translates (also frozen
    # in its content as "source", so the signatures cover it). Empty on a source's.
    source_revision = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["article", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique"),
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(state__in=["submitted", "under_review", "scheduled"]),
                name="revision_one_open_per_article",
            ),
            models.CheckConstraint(
                condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                name="revision_hash_is_sha256",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="revision_state_idx"),
            # The feeds of approved changes (newest first) and the editorial reports.
            models.Index(fields=["decided_at", "id"], name="revision_decided_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article.slug} r{self.number} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_approved(self) -> bool:
        return self.state == RevisionState.APPROVED

    @property
    def reviewers_distinct(self) -> list[dict]:
        """The reviewers readers are shown: each board member once, at their first entry
        (their approval before a reaffirmation). Revisions saved before reaffirming stopped
        adding an approver twice may still hold both entries."""
        seen, people = set(), []
        for entry in self.reviewers or []:
            person = entry.get("slug") or entry.get("name")
            if person not in seen:
                seen.add(person)
                people.append(entry)
        return people


class QuestionStatus(models.TextChoices):
    NEW = "new", "New"
    ANSWERED = "answered", "Answered"
    DUPLICATE = "duplicate", "Duplicate"
    SPAM = "spam", "Spam"


class ReaderQuestion(models.Model):
    """A follow-up question a reader sent from an article page. No personal data."""

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    audience = models.CharField(max_length=30, blank=True)
    text = models.TextField()
    status = models.CharField(max_length=20, choices=QuestionStatus, default=QuestionStatus.NEW)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="question_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class SearchSynonym(models.Model):
    """A word or phrase readers use for what articles call something else ("backache" for
    "back pain"). Search looks for either; a two-way pair ("paracetamol" and
    "acetaminophen") also works the other way round. Kept by the site's staff in the admin."""

    term = models.CharField(
        max_length=100, unique=True, help_text="What a reader may type, e.g. “backache”."
    )
    means = models.CharField(
        max_length=100, help_text="What the articles say instead, e.g. “back pain”."
    )
    two_way = models.BooleanField(
        default=False,
        help_text="Also find articles that say the term when a reader types the meaning.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]
        constraints = [
            models.CheckConstraint(condition=~Q(term=""), name="synonym_term_not_empty"),
            models.CheckConstraint(condition=~Q(means=""), name="synonym_means_not_empty"),
        ]

    def __str__(self) -> str:
        arrow = "↔" if self.two_way else "→"
        return f"{self.term} {arrow} {self.means}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.term = " ".join((self.term or "").lower().split())
        self.means = " ".join((self.means or "").lower().split())
        if self.term and self.term == self.means:
            raise ValidationError(
                {"means": "A synonym must differ from the term."}, code="same_as_term"
            )


# Admin-managed lists live in their own module; imported here so Django registers them.
from articles.lists import ReadabilityTerm, Specialty, TermKind  # noqa: E402, F401
