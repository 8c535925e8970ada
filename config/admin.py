"""Admin edits of audited content say why, like every other change (docs/audit.md).

The editors' workspace and the workflow give each change a reason; the admin is the other
way content can change, so its change forms ask for one too. The reason is kept in the
history record of the object and of every inline row saved with it; deletions, which have
no form to ask on, are recorded as made in the admin."""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from simple_history.admin import SimpleHistoryAdmin

REASON_FIELD = "change_reason"
REASON_MAX_LENGTH = 100  # django-simple-history's history_change_reason column
DELETED_REASON = "Deleted in the admin"


class ChangeReasonAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose add and change forms require a reason for the history."""

    def _writes(self, request, obj) -> bool:
        # A view-only page has no form to send, so nothing to ask.
        if obj is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The reason is the form's own field, not the model's: keep it out of the model
        # form's field list (the admin passes the fieldsets' names), then declare it.
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [f for f in kwargs["fields"] if f != REASON_FIELD]
        form = super().get_form(request, obj, change=change, **kwargs)
        if not self._writes(request, obj):
            return form
        reason = forms.CharField(
            label="Reason for this change",
            max_length=REASON_MAX_LENGTH,
            help_text="Kept in the history with your name, for this record and the rows below it.",
        )
        return type(form.__name__, (form,), {REASON_FIELD: reason})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._writes(request, obj) or any(
            REASON_FIELD in _names(options["fields"]) for _, options in fieldsets
        ):
            return fieldsets
        return [*fieldsets, ("Why", {"fields": [REASON_FIELD]})]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data[REASON_FIELD]
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data[REASON_FIELD]
        instances = formset.save(commit=False)
        for row in formset.deleted_objects:
            _mark(row, request, reason)
            row.delete()
        for row in instances:
            _mark(row, request, reason)
            row.save()
        formset.save_m2m()

    def delete_model(self, request, obj):
        _mark(obj, request, DELETED_REASON)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # One by one, so each deletion's history record says who and why.
        for obj in queryset:
            self.delete_model(request, obj)


def _mark(obj, request, reason: str) -> None:
    obj._history_user = request.user
    obj._change_reason = reason


def _names(fields) -> list[str]:
    names = []
    for field in fields:
        names.extend(field if isinstance(field, (list, tuple)) else [field])
    return names
