"""Where events come from: the workflow's event log (reviews.signals) and the reference
library's retractions (references.signals). Both signals are sent inside the transaction
of the change, so the deliveries are written with it and sent only after it commits."""

from articles.models import RevisionState
from articles.reference_usage import articles_citing
from webhooks.events import webhook_event_emit
from webhooks.models import EventType
from webhooks.payloads import reference_retracted_data, workflow_event_data

# Workflow action -> the event types it is. Approval is the revision reaching the
# approved (or scheduled) state, the quorum's signature; publication is it going live.
_ACTION_EVENTS = {
    "submit": [EventType.SUBMITTED],
    "request_changes": [EventType.CHANGES_REQUESTED],
    # The article leaving public view, now or when the clock carries out a schedule.
    "withdraw_article": [EventType.WITHDRAWN],
}


def _event_types(event) -> list[str]:
    types = list(_ACTION_EVENTS.get(str(event.action), []))
    # A revision approved with a future publication time is approved when it becomes
    # 'scheduled'; its later publication is only "published".
    approved = (RevisionState.APPROVED, RevisionState.SCHEDULED)
    if event.to_state in approved and event.from_state not in approved:
        types.append(EventType.APPROVED)
    if str(event.action) == "publish":
        types.append(EventType.PUBLISHED)
    return types


def workflow_event(*, event, **_signal) -> None:
    types = _event_types(event)
    if not types or event.revision_id is None:
        return
    data = workflow_event_data(event=event, revision=event.revision)
    for event_type in types:
        webhook_event_emit(event_type=event_type, data=data)


def reference_flagged(*, reference, reason: str, problems=(), **_signal) -> list:
    """Only a retraction just found is an event; supersession and concerns are not (yet).
    Returns nothing: the signal's callers collect what receivers flagged, and this flags
    nothing."""
    if "retracted" not in problems:
        return []
    articles = list(articles_citing(reference=reference))
    webhook_event_emit(
        event_type=EventType.SOURCE_RETRACTED,
        data=reference_retracted_data(reference=reference, reason=reason, articles=articles),
    )
    return []
