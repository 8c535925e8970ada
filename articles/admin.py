"""The admin shows articles and their working copies but does not edit their content.

Editing content has rules the editors' workspace, the API and imports all go through
(articles.services): a working copy in review is locked, every change names its author for
the no-self-approval rule, co-editors must be editors. A model form in the admin would
bypass every one of them, so content is read-only here; admins edit in /editor/ like
anyone else. Owner and review quorum are not content and stay editable.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.models import (
    Article,
    Citation,
    Claim,
    ClaimText,
    ReadabilityTerm,
    ReaderQuestion,
    Revision,
    SearchSynonym,
    Section,
    Specialty,
)
from config.admin import ChangeReasonAdmin


class ReadOnlyMixin:
    """View-only in the admin (module docstring): no add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SectionInline(ReadOnlyMixin, admin.TabularInline):
    model = Section
    extra = 0
    fields = ("order", "kind", "heading")


@admin.register(Article)
class ArticleAdmin(ChangeReasonAdmin):
    list_display = (
        "question",
        "slug",
        "specialty",
        "origin",
        "owner",
        "live_revision",
        "last_updated_at",
    )
    list_filter = ("origin", "specialty")
    search_fields = ("question", "title", "slug")
    autocomplete_fields = ("owner", "co_editors")
    # Content goes through the editors' services (module docstring); publication pointers
    # and dates belong to the review workflow. Never hand edits.
    readonly_fields = (
        "slug",
        "question",
        "title",
        "specialty",
        "origin",
        "co_editors",
        "public_question",
        "public_title",
        "public_specialty",
        "public_origin",
        "draft_restored_from",
        "live_revision",
        "pending_revision",
        "published_at",
        "last_updated_at",
        "last_reviewed_at",
        "next_review_due",
        "created_at",
        "updated_at",
    )
    inlines = [SectionInline]

    def has_add_permission(self, request):
        # New articles start in the editors' workspace, where their rules apply.
        return False


class ClaimInline(ReadOnlyMixin, admin.StackedInline):
    model = Claim
    extra = 0
    fields = ("order", "text", "evidence", "no_citation_needed")


@admin.register(Section)
class SectionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "article", "kind", "order")
    list_select_related = ("article",)
    search_fields = ("heading", "article__question")
    inlines = [ClaimInline]


class ClaimTextInline(ReadOnlyMixin, admin.TabularInline):
    model = ClaimText
    extra = 0


class CitationInline(ReadOnlyMixin, admin.TabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ("reference",)


@admin.register(Claim)
class ClaimAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "section", "order", "evidence")
    list_select_related = ("section",)
    search_fields = ("text", "uuid")
    readonly_fields = ("uuid",)
    inlines = [ClaimTextInline, CitationInline]


@admin.register(ClaimText)
class ClaimTextAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "audience", "claim")
    search_fields = ("text",)


@admin.register(Citation)
class CitationAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("claim", "reference", "order")
    autocomplete_fields = ("reference",)


@admin.register(Revision)
class RevisionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """Revisions are written by the workflow only: visible here, never editable."""

    list_display = ("article", "number", "state", "submitted_by", "submitted_at", "decided_at")
    list_filter = ("state",)
    list_select_related = ("article", "submitted_by")
    search_fields = ("article__question", "content_hash")


@admin.register(ReaderQuestion)
class ReaderQuestionAdmin(ChangeReasonAdmin):
    list_display = ("__str__", "article", "audience", "status", "created_at")
    list_filter = ("status", "audience")
    search_fields = ("text",)


@admin.register(SearchSynonym)
class SearchSynonymAdmin(ChangeReasonAdmin):
    """Site staff keep the words readers use for what articles call something else."""

    list_display = ("term", "means", "two_way")
    search_fields = ("term", "means")


@admin.register(ReadabilityTerm)
class ReadabilityTermAdmin(ChangeReasonAdmin):
    """Drug and condition names readability grading reads as a short word (editable: the
    list is not content, and every change is kept in its history)."""

    list_display = ("term", "kind")
    list_filter = ("kind",)
    search_fields = ("term",)


@admin.register(Specialty)
class SpecialtyAdmin(ChangeReasonAdmin):
    """The specialties editors choose from (articles/specialties.py checks every article
    against it). Renaming one does not rename articles filed under the old name: they
    keep it until an editor chooses again."""

    list_display = ("name",)
    search_fields = ("name",)
