"""The admin's history pages show an empty pointer as empty.

simple-history's diff turns a foreign key that changed from or to nothing into a
`DeletedObject` with pk None, which prints as "Deleted revision (pk=None)" each time an
article's pending revision is cleared: it reads as if a revision had been deleted. A real
deleted target (a pk that no longer exists) still says so. Installed for every
SimpleHistoryAdmin, present and future, in one place (as audit.immutability does)."""

from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "(none)"


class HistoryChangeDisplay(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        if isinstance(value, DeletedObject) and value.pk is None:
            return EMPTY
        return super().prepare_delta_change_value(change, value)


def history_display_install() -> None:
    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryChangeDisplay(self.model, historical_record)

    SimpleHistoryAdmin.get_historical_record_context_helper = get_historical_record_context_helper
