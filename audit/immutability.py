"""The record cannot be rewritten through the admin.

`SIMPLE_HISTORY_REVERT_DISABLED` only hides simple-history's "Revert" button: the history
form view still saves whatever is POSTed to it, which would put an old text live without
review. The view is refused here for every SimpleHistoryAdmin, present and future, in one
place. Registered history models and the append-only workflow models must be read-only
in the admin; audit.checks fails `manage.py check` when one is not.
"""

from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

# Written once by the workflow, never edited (database triggers refuse it as well).
APPEND_ONLY_MODELS = ("reviews.WorkflowEvent", "reviews.Signature")

_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def history_revert_refuse_install() -> None:
    """Make SimpleHistoryAdmin's history form read-only while revert is disabled."""
    view = SimpleHistoryAdmin.history_form_view
    if getattr(view, "audit_read_only", False):
        return

    @wraps(view)
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in _SAFE_METHODS and getattr(
            settings, "SIMPLE_HISTORY_REVERT_DISABLED", False
        ):
            raise PermissionDenied(
                "Reverting from history is disabled: an old text must go through review "
                "again as a new revision."
            )
        return view(self, request, object_id, version_id, extra_context)

    history_form_view.audit_read_only = True
    SimpleHistoryAdmin.history_form_view = history_form_view


def is_history_model(model) -> bool:
    return issubclass(model, HistoricalChanges)


def must_be_read_only(model) -> bool:
    return is_history_model(model) or model._meta.label in APPEND_ONLY_MODELS
