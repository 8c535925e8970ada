from django import forms
from django.contrib import admin

from articles.languages import languages
from config.admin import ChangeReasonAdmin
from reviews.models import (
    AssignmentReminder,
    AssignmentRule,
    BoardMember,
    ReviewAssignment,
    Signature,
    WorkflowEvent,
)


class BoardMemberForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The languages this member reviews in: only members fluent in an article's "
        "language review and sign it (a translation included).",
    )

    class Meta:
        model = BoardMember
        fields = ["languages"]  # the admin adds the others

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read now, not at import: the site's languages are a setting.
        self.fields["languages"].choices = [(x.code, f"{x.name} ({x.code})") for x in languages()]


@admin.register(BoardMember)
class BoardMemberAdmin(ChangeReasonAdmin):
    form = BoardMemberForm
    list_display = (
        "display_name",
        "credentials",
        "languages",
        "is_active",
        "credentials_verified_on",
    )
    list_filter = ("is_active",)
    search_fields = ("display_name", "credentials", "user__username", "user__email")
    prepopulated_fields = {"slug": ("display_name",)}
    autocomplete_fields = ("user",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """The review record is written only by reviews/workflow/ and is append-only (the
    database refuses updates and deletes too); the admin shows it and nothing else."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ("printed_name", "credentials", "meaning", "revision", "signed_at")
    list_select_related = ("revision__article",)
    search_fields = ("printed_name", "revision__article__question")
    date_hierarchy = "signed_at"


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "article", "from_state", "to_state")
    list_filter = ("action",)
    list_select_related = ("actor", "article")
    search_fields = ("article__question", "comment", "actor__username")
    date_hierarchy = "created_at"


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(ReadOnlyAdmin):
    """Assignments change only through the review page's forms (reviews/workflow/)."""

    list_display = ("revision", "reviewer", "state", "due_on", "origin", "assigned_by")
    list_filter = ("state", "origin")
    list_select_related = ("revision__article", "reviewer", "assigned_by")
    date_hierarchy = "assigned_at"


@admin.register(AssignmentReminder)
class AssignmentReminderAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "kind", "due_on", "created_at")
    list_filter = ("kind",)
    list_select_related = ("assignment__revision__article", "assignment__reviewer")


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(ChangeReasonAdmin):
    """Per-specialty assignment at submission (docs/workflow.md "Assignments and due
    dates"). The model's clean() checks the specialty and the reviewer."""

    list_display = ("specialty", "reviewer", "due_days", "is_active")
    list_filter = ("is_active", "specialty")
    autocomplete_fields = ("reviewer",)
