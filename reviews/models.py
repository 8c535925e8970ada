from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.languages import default_language
from articles.models import ChangeType, Revision, RevisionState


def default_review_languages() -> list[str]:
    return [default_language()]


class BoardMember(models.Model):
    """A credentialed member of the Medical Advisory Board."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_member"
    )
    display_name = models.CharField(max_length=200, help_text="Printed name, e.g. Jane Doe")
    credentials = models.CharField(max_length=200, help_text="e.g. MD, FACP")
    # Each acronym of `credentials` spelled out: {"MD": "Doctor of Medicine", ...}.
    credentials_expanded = models.JSONField(default=dict, blank=True)
    specialties = models.JSONField(default=list, blank=True)
    # The languages the member reviews in (codes of settings.ARTICLE_LANGUAGES): only
    # members fluent in an article's language review and sign it (reviews.workflow.rules).
    languages = models.JSONField(
        default=default_review_languages,
        blank=True,
        help_text='Codes of the languages this member reviews in, e.g. ["en", "es"].',
    )
    bio = models.TextField(blank=True)
    disclosures = models.TextField(
        blank=True, help_text="Conflicts of interest; 'None declared' when there are none."
    )
    credentials_verified_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    slug = models.SlugField(max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return f"{self.display_name}, {self.credentials}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:board") + f"#{self.slug}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from articles.languages import language_codes

        codes = self.languages if isinstance(self.languages, list) else None
        if codes is None or not all(isinstance(code, str) for code in codes):
            raise ValidationError(
                {"languages": 'List the language codes, e.g. ["en", "es"].'},
                code="languages_not_a_list",
            )
        unknown = sorted(set(codes) - set(language_codes()))
        if unknown:
            raise ValidationError(
                {
                    "languages": f"{', '.join(unknown)}: not a language of this site "
                    f"({', '.join(language_codes())})."
                },
                code="unknown_language",
            )

    def reviews_in(self, language: str) -> bool:
        return language in (self.languages or [])

    @property
    def signature_name(self) -> str:
        return f"{self.display_name}, {self.credentials}"


class Action(models.TextChoices):
    SUBMIT = "submit", "Submitted"
    START_REVIEW = "start_review", "Started review"
    APPROVE = "approve", "Approved"
    REQUEST_CHANGES = "request_changes", "Requested changes"
    WITHDRAW = "withdraw", "Withdrew"
    PUBLISH = "publish", "Published"
    REAFFIRM = "reaffirm", "Reaffirmed"
    COMMENT = "comment", "Commented"
    ASSIGN = "assign", "Assigned a reviewer"
    RECLASSIFY = "reclassify", "Reclassified the change"
    RESOLVE_COMMENT = "resolve_comment", "Resolved a comment"
    SCHEDULE = "schedule", "Scheduled the publication"
    REASSIGN = "reassign", "Reassigned a review"
    UNASSIGN = "unassign", "Cancelled an assignment"
    SET_DUE = "set_due", "Changed a review's due date"
    # The article as a whole leaving public view (reviews/workflow/expiry.py).
    SCHEDULE_WITHDRAWAL = "schedule_withdrawal", "Scheduled the article's withdrawal"
    CANCEL_WITHDRAWAL = "cancel_withdrawal", "Cancelled the article's withdrawal"
    WITHDRAW_ARTICLE = "withdraw_article", "Withdrew the article from public view"


class Signature(models.Model):
    """An electronic signature over one revision's exact content (its SHA-256). Written
    once by the workflow; never edited."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="signatures")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures"
    )
    printed_name = models.CharField(max_length=200)
    credentials = models.CharField(max_length=200)
    meaning = models.CharField(max_length=200)
    content_hash = models.CharField(max_length=64)
    # The revision's change type when this signature was given (articles.ChangeType): a
    # signer approves the text and what kind of change it says it is. Blank on signatures
    # given before change types existed.
    change_type = models.CharField(max_length=30, blank=True, default="", db_default="")
    # The claims (uuids) the signer marked as checked against their sources. Null when the
    # caller did not report checks (an API client that sends no list; signatures from
    # before per-claim verification): such a signature vouches for no claim's check.
    checked_claims = models.JSONField(null=True, blank=True)
    # The signer confirmed approving although new or changed claims were left unchecked.
    unchecked_confirmed = models.BooleanField(default=False, db_default=False)
    # The revision's publication time when this signature was given: the signer approves
    # when it goes live too. Publishing refuses when the revision's schedule differs.
    publish_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "signer"], name="signature_one_per_signer_and_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.printed_name}, {self.credentials} — {self.meaning}"

    @property
    def change_type_label(self) -> str:
        return ChangeType(self.change_type).label if self.change_type else ""


class WorkflowEvent(models.Model):
    """Append-only, HMAC-chained log of every workflow action. Each event stores the hash of
    the one before it, so rewriting any past event breaks every hash after it; the hash is
    keyed with a secret outside the database (reviews/events.py), so it cannot be
    recomputed by someone who can only write to the database."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.PROTECT, related_name="workflow_events"
    )
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="workflow_events"
    )
    action = models.CharField(max_length=30, choices=Action)
    from_state = models.CharField(max_length=20, choices=RevisionState, blank=True)
    to_state = models.CharField(max_length=20, choices=RevisionState, blank=True)
    comment = models.TextField(blank=True)
    claim_uuid = models.UUIDField(null=True, blank=True)
    revision_hash = models.CharField(max_length=64, blank=True)
    signature = models.OneToOneField(
        Signature, null=True, blank=True, on_delete=models.PROTECT, related_name="event"
    )
    # What the event vouches for beyond its columns, inside its hash: an approval's
    # signature fields, the reviewers a publication or reaffirmation shows readers.
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    # Which of settings.AUDIT_CHAIN_KEYS computed event_hash.
    key_id = models.CharField(max_length=32)
    previous_hash = models.CharField(max_length=64)
    event_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["article", "created_at"], name="event_article_time_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="request_changes") | ~Q(comment=""),
                name="event_changes_request_has_comment",
            ),
            # The chain cannot fork: each event has at most one successor.
            models.UniqueConstraint(fields=["previous_hash"], name="event_one_successor"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()}"


class EventChainLock(models.Model):
    """One row that every writer of a WorkflowEvent locks first, so that two concurrent
    events cannot both read the same "last event" and chain to it. (Locking the last event
    itself does not work: a waiting transaction would still see the old last row.)"""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="event_chain_lock_one_row")]

    def __str__(self) -> str:
        return "Event chain lock"


class AssignmentState(models.TextChoices):
    ACTIVE = "active", "Active"
    # The reviewer decided (approved or requested changes).
    COMPLETED = "completed", "Completed"
    REASSIGNED = "reassigned", "Reassigned"
    CANCELLED = "cancelled", "Cancelled"


class AssignmentOrigin(models.TextChoices):
    EDITOR = "editor", "Assigned by an editor-in-chief"
    RULE = "rule", "Assigned by the specialty's rule"
    SELF = "self", "Joined the review"


class ReviewAssignment(models.Model):
    """A board member's place on a revision's review: whoever starts or joins the review,
    whoever an editor-in-chief assigns (with a due date), and whoever a specialty's rule
    assigns at submission. Feeds the reviewers' queue and the reminders; written only by
    reviews/workflow/ (reviews/workflow/assignments.py), with history."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField()
    origin = models.CharField(
        max_length=10, choices=AssignmentOrigin, default=AssignmentOrigin.EDITOR
    )
    # The day the reviewer's decision is due (in settings.TIME_ZONE); none for a reviewer
    # who joined on their own.
    due_on = models.DateField(null=True, blank=True)
    state = models.CharField(
        max_length=10,
        choices=AssignmentState,
        default=AssignmentState.ACTIVE,
        db_default=AssignmentState.ACTIVE,
    )
    # When it stopped being active (completed, reassigned or cancelled).
    ended_at = models.DateTimeField(null=True, blank=True)
    # The assignment this one took over (reviews.workflow.assignment_reassign).
    reassigned_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reassigned_to"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            # One active assignment per reviewer and revision; ended ones stay as history.
            models.UniqueConstraint(
                fields=["revision", "reviewer"],
                condition=Q(state="active"),
                name="assignment_one_active_per_reviewer",
            ),
            models.CheckConstraint(
                condition=Q(state="active", ended_at__isnull=True)
                | (~Q(state="active") & Q(ended_at__isnull=False)),
                name="assignment_ended_when_not_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.revision}"

    def is_overdue(self, today) -> bool:
        return (
            self.state == AssignmentState.ACTIVE
            and self.due_on is not None
            and (self.due_on < today)
        )


# Admin-edited rules and the reminders sent live in their own module; imported here so
# Django registers them.
from reviews.assigning import AssignmentReminder, AssignmentRule, ReminderKind  # noqa: E402, F401
