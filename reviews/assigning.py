"""What assigning reviewers keeps besides the assignments themselves: the per-specialty
rules admins edit ("Cardiology → Dr X, due in 7 days"), applied at each submission by
reviews.workflow.assignments_from_rules, and the record of each reminder sent, which makes
the reminder job idempotent (reviews.workflow.assignment_reminders_due).

Imported by reviews.models so Django finds the models here."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from articles.lists import Specialty
from articles.permissions import board_member_active

RULE_DUE_DAYS_MAX = 365


class AssignmentRule(models.Model):
    """Every revision submitted in `specialty` is assigned to `reviewer`, due `due_days`
    days after submission. A rule whose reviewer is no longer an active board member, or
    wrote part of the revision, is skipped for that submission."""

    specialty = models.CharField(
        max_length=100, help_text="A specialty from the site's list; matched ignoring case."
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignment_rules",
        limit_choices_to={"board_member__is_active": True},
        help_text="An active member of the Medical Advisory Board.",
    )
    due_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(RULE_DUE_DAYS_MAX)],
        help_text="Days from submission to the due date.",
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["specialty", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["specialty", "reviewer"], name="assignment_rule_one_per_reviewer"
            ),
            models.CheckConstraint(
                condition=Q(due_days__gte=1) & Q(due_days__lte=RULE_DUE_DAYS_MAX),
                name="assignment_rule_due_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.specialty} → {self.reviewer}, due in {self.due_days} days"

    def clean(self) -> None:
        errors = {}
        if self.specialty and not Specialty.objects.filter(name__iexact=self.specialty).exists():
            errors["specialty"] = "Choose a specialty from the site's list (Specialties)."
        if self.reviewer_id and board_member_active(self.reviewer) is None:
            errors["reviewer"] = "The reviewer must be an active member of the board."
        if errors:
            raise ValidationError(errors)


class ReminderKind(models.TextChoices):
    BEFORE = "before", "Before the due date"
    DUE = "due", "On the due date"


class AssignmentReminder(models.Model):
    """One reminder queued for one assignment's due date. The unique constraint is what
    makes a reminder go once however often (or however many clocks) run the job; a new
    due date gets its own reminders."""

    assignment = models.ForeignKey(
        "reviews.ReviewAssignment", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=10, choices=ReminderKind)
    due_on = models.DateField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "due_on"], name="assignment_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for {self.assignment} (due {self.due_on})"
