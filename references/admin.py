from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from config.admin import REASON_FIELD, ChangeReasonAdmin
from references.errors import ReferenceFormatError
from references.formatting import reference_format_html
from references.forms import ReferenceForm, ReferenceImportForm, RetractForm, SupersedeForm
from references.identifiers import normalize_doi, normalize_pmcid, normalize_pmid
from references.importing import references_import
from references.integrity import Severity, reference_problems
from references.models import Reference
from references.notices import Notice
from references.services import (
    reference_mark_retracted,
    reference_mark_superseded,
    reference_save,
)
from references.usage import reference_where_used


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("retracted", "Retracted"),
            ("concern", "Expression of concern"),
            ("superseded", "Superseded"),
            ("current", "Current"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "retracted":
            return queryset.filter(retracted_on__isnull=False)
        if self.value() == "concern":
            return queryset.filter(concern_on__isnull=False)
        if self.value() == "superseded":
            return queryset.filter(superseded_by__isnull=False)
        if self.value() == "current":
            return queryset.filter(retracted_on__isnull=True, superseded_by__isnull=True)
        return queryset


@admin.register(Reference)
class ReferenceAdmin(ChangeReasonAdmin):
    form = ReferenceForm
    list_display = ("title_shown", "csl_type", "genre", "issued_year", "doi", "pmid", "status")
    list_filter = ("csl_type", "genre", StatusFilter)
    search_fields = ("title", "doi", "pmid", "pmcid", "container_title", "citekey")
    # Retraction and supersession go through their services, which flag the articles
    # citing the reference; a hand edit of these fields would skip that.
    readonly_fields = (
        "retracted_on",
        "retraction_notice_url",
        "concern_on",
        "concern_notice_url",
        "notices_shown",
        "other_variables",
        "superseded_by",
        "formatted",
        "problems",
        "where_used",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("csl_type", "genre", "title", "authors", "editors", "citekey")}),
        (
            "Source",
            {
                "fields": (
                    "container_title",
                    "publisher",
                    "publisher_place",
                    "edition",
                    "number",
                    ("issued_year", "issued_month", "issued_day"),
                    ("volume", "issue", "pages"),
                )
            },
        ),
        ("Identifiers and links", {"fields": ("doi", "pmid", "pmcid", "url", "accessed")}),
        (
            "Status",
            {
                "fields": (
                    "retracted_on",
                    "retraction_notice_url",
                    "concern_on",
                    "concern_notice_url",
                    "notices_shown",
                    "superseded_by",
                    "problems",
                )
            },
        ),
        ("Other CSL variables", {"fields": ("other_variables",)}),
        ("Use", {"fields": ("formatted", "where_used", "notes", "created_at", "updated_at")}),
    )

    @admin.display(description="status")
    def status(self, obj: Reference) -> str:
        if obj.retracted_on:
            return "Retracted"
        if obj.concern_on:
            return "Expression of concern"
        if obj.superseded_by_id:
            return "Superseded"
        return "Current"

    @admin.display(description="as cited")
    def formatted(self, obj: Reference) -> str:
        return reference_format_html(item=obj.to_csl()) if obj.pk else ""

    @admin.display(description="notices")
    def notices_shown(self, obj: Reference) -> str:
        """Retraction Watch and Crossref notices, as references.notices recorded them."""
        found = [Notice.from_json(n) for n in obj.notices or [] if isinstance(n, dict)]
        if not found:
            return "None"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} (from {}{})</li>",
                (
                    (n.describe(), n.source or "?", f"; {n.reason}" if n.reason else "")
                    for n in found
                ),
            ),
        )

    @admin.display(description="kept from the imported file")
    def other_variables(self, obj: Reference) -> str:
        """The CSL variables without a column (title-short, ISSN, abstract...), read-only:
        they came from a file and go out again in every export."""
        extra = obj.csl_extra or {}
        if not extra:
            return "None"
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "", "<dt>{}</dt><dd>{}</dd>", ((k, str(v)[:500]) for k, v in extra.items())
            ),
        )

    @admin.display(description="title", ordering="title")
    def title_shown(self, obj: Reference):
        return obj.title_html

    @admin.display(description="problems")
    def problems(self, obj: Reference) -> str:
        if not obj.pk:
            return ""
        found = reference_problems(reference=obj)
        if not found:
            return "None"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", "<li>{}: {}</li>", ((Severity(p.severity).label, p.message) for p in found)
            ),
        )

    @admin.display(description="where used")
    def where_used(self, obj: Reference) -> str:
        if not obj.pk:
            return ""
        uses = reference_where_used(reference=obj)
        if not uses:
            return "Not cited by any article."
        items = []
        for use in uses:
            live = " (cited by the live revision)" if use.in_live_revision else ""
            claims = format_html_join(
                "", "<li>{}: {}</li>", ((claim.section, claim.text[:120]) for claim in use.claims)
            )
            items.append(
                format_html(
                    '<li><a href="{}">{}</a>{}<ul>{}</ul></li>',
                    reverse("admin:articles_article_change", args=[use.article.pk]),
                    use.article,
                    live,
                    claims,
                )
            )
        return format_html("<ul>{}</ul>", format_html_join("", "{}", ((i,) for i in items)))

    def get_search_results(self, request, queryset, search_term):
        """A DOI, PMID or PMCID finds its record however it is pasted (a doi.org link,
        "PMID: 123", "pmc456")."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        for field, normalize in (
            ("doi", normalize_doi),
            ("pmid", normalize_pmid),
            ("pmcid", normalize_pmcid),
        ):
            try:
                value = normalize(term)
            except ValueError:
                continue
            if value:
                results |= queryset.filter(**{field: value})
        return results, may_have_duplicates

    def save_model(self, request, obj, form, change):
        reference_save(reference=obj, actor=request.user, reason=form.cleaned_data[REASON_FIELD])

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="references_reference_import"),
            path("<int:pk>/retract/", view(self.retract_view), name="references_reference_retract"),
            path(
                "<int:pk>/supersede/",
                view(self.supersede_view),
                name="references_reference_supersede",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ReferenceImportForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        result = None
        if request.method == "POST" and form.is_valid():
            try:
                result = references_import(
                    data=form.cleaned_data["file"].read(),
                    fmt=form.cleaned_data["fmt"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ReferenceFormatError as exc:
                form.add_error(None, exc.message)
                errors = exc.errors
            else:
                self.message_user(request, result.summary, messages.SUCCESS)
                form = ReferenceImportForm()
        return TemplateResponse(
            request,
            "admin/references/reference/import.html",
            self._context(request, "Import references", form=form, errors=errors, result=result),
            status=400 if errors else 200,
        )

    def _reference_for_change(self, request, pk: int) -> Reference:
        reference = get_object_or_404(Reference, pk=pk)
        if not self.has_change_permission(request, reference):
            raise PermissionDenied
        return reference

    def _done(self, request, reference: Reference, what: str, flagged: list):
        self.message_user(
            request,
            f"{what} {len(flagged)} article(s) citing it are now due for re-review.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:references_reference_change", args=[reference.pk])
        )

    def retract_view(self, request, pk: int):
        reference = self._reference_for_change(request, pk)
        form = RetractForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                flagged = reference_mark_retracted(
                    reference=reference,
                    on=form.cleaned_data["on"],
                    notice_url=form.cleaned_data["notice_url"],
                    actor=request.user,
                )
            except (ReferenceFormatError, ValidationError) as exc:
                form.add_error(None, getattr(exc, "message", None) or "; ".join(exc.messages))
            else:
                return self._done(request, reference, "Marked retracted.", flagged)
        return TemplateResponse(
            request,
            "admin/references/reference/status_form.html",
            self._context(
                request, "Mark retracted", form=form, original=reference, action="retract"
            ),
        )

    def supersede_view(self, request, pk: int):
        reference = self._reference_for_change(request, pk)
        widget = AutocompleteSelect(Reference._meta.get_field("superseded_by"), self.admin_site)
        form = SupersedeForm(request.POST or None, reference=reference, widget=widget)
        if request.method == "POST" and form.is_valid():
            try:
                flagged = reference_mark_superseded(
                    reference=reference, by=form.cleaned_data["by"], actor=request.user
                )
            except (ReferenceFormatError, ValidationError) as exc:
                form.add_error(None, getattr(exc, "message", None) or "; ".join(exc.messages))
            else:
                return self._done(request, reference, "Marked superseded.", flagged)
        return TemplateResponse(
            request,
            "admin/references/reference/status_form.html",
            self._context(
                request, "Mark superseded", form=form, original=reference, action="supersede"
            ),
        )
