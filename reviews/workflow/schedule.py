"""Scheduled publishing (docs/workflow.md "Scheduled publishing"): a revision may carry a
time to go live; each signature records the schedule it approved, and only a revision
whose schedule is still the one every signer approved is published, by the clock
(`run_due_jobs`, DUE_JOBS) at or after that time, once."""

import enum
import logging
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import Revision, RevisionState
from reviews.errors import CONFLICT, INVALID, WorkflowError
from reviews.events import event_record
from reviews.models import Action
from reviews.workflow.rules import _lock, _require, _save, _state_refusal, _withdraw_refusal

logger = logging.getLogger(__name__)

SCHEDULABLE = (RevisionState.SUBMITTED, RevisionState.UNDER_REVIEW, RevisionState.SCHEDULED)


class Keep(enum.Enum):
    """revision_approve's default for `publish_at`: approve the schedule as it stands."""

    SCHEDULE = "keep"


KEEP_SCHEDULE = Keep.SCHEDULE


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


@transaction.atomic
def revision_schedule(*, revision: Revision, actor, publish_at: datetime | None) -> Revision:
    """Set (or clear, with None) when the revision goes live once approved. The submitter
    or an editor-in-chief may; the change is logged. Changed after a signature, it no
    longer matches what was signed: publishing then refuses until a new revision is
    submitted and approved with the new time."""
    article, revision = _lock(revision)
    _require(_state_refusal(revision, *SCHEDULABLE), _withdraw_refusal(revision, actor))
    schedule_set(article=article, revision=revision, actor=actor, publish_at=publish_at)
    return revision


def schedule_set(*, article, revision: Revision, actor, publish_at: datetime | None) -> None:
    """Write the new time and its 'schedule' event, under the caller's locks (the caller
    has checked who acts). Refuses a time that is not in the future."""
    if publish_at is not None and publish_at <= timezone.now():
        raise WorkflowError(
            gettext("A publication time must be in the future."),
            code="schedule_past",
            status=INVALID,
        )
    previous = revision.publish_at
    revision.publish_at = publish_at
    _save(revision, actor=actor, reason="Publication time set", fields=["publish_at"])
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.SCHEDULE,
        from_state=revision.state,
        to_state=revision.state,
        comment=f"Go live at {_iso(publish_at)}" if publish_at else "Go live on approval",
        details={"publish_at": _iso(publish_at), "previous": _iso(previous)},
    )


def schedule_signed_refusal(revision: Revision, publish_at) -> WorkflowError | None:
    """An approver may choose when the revision goes live only while nobody has signed it:
    each signature approved the schedule as it was, and another time needs a new
    decision."""
    if publish_at is KEEP_SCHEDULE or publish_at == revision.publish_at:
        return None
    if revision.signatures.exists():
        return WorkflowError(
            gettext(
                "Board members already approved this revision to go live %(when)s; another "
                "time needs a new decision (withdraw it and submit it again)."
            )
            % {"when": schedule_phrase(revision.publish_at)},
            code="schedule_signed",
            status=CONFLICT,
        )
    return None


def schedule_moment(moment: datetime) -> str:
    """'2026-03-03 06:00 UTC': a moment in the site's time zone, as the messages write it
    (unambiguous in every language)."""
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def schedule_phrase(publish_at: datetime | None) -> str:
    """'at 2026-03-03 06:00 UTC', or 'as soon as approved', in the active language."""
    if publish_at is None:
        return gettext("as soon as approved")
    return gettext("at %(moment)s") % {"moment": schedule_moment(publish_at)}


def schedule_refusal(revision: Revision) -> WorkflowError | None:
    """Refuses publication when any signature approved another schedule than the
    revision's now."""
    signed = {s.publish_at for s in revision.signatures.all()}
    if signed and signed != {revision.publish_at}:
        return WorkflowError(
            gettext(
                "The publication time changed after the board approved this revision; it "
                "needs a new decision (withdraw it and submit again) before it can go live."
            ),
            code="schedule_changed",
            status=CONFLICT,
        )
    return None


def revision_publish_scheduled(*, revision_id: int) -> bool:
    """Publish one scheduled revision whose time has come. Idempotent: True only for the
    call that published it; a second worker waits on the row lock, then finds it
    published and returns False."""
    # Imported here: decisions imports this module's siblings, and _publish lives there.
    from reviews.selectors import revision_base
    from reviews.workflow.decisions import _publish
    from reviews.workflow.rules import revision_quorum

    with transaction.atomic():
        article, revision = _lock(Revision(pk=revision_id, article_id=_article_of(revision_id)))
        if revision.state != RevisionState.SCHEDULED or revision.publish_at > timezone.now():
            return False
        _require(schedule_refusal(revision))
        # The publication is the board's decision carried out: the last signer's.
        actor = revision.signatures.order_by("signed_at", "pk").last().signer
        _publish(
            article=article,
            revision=revision,
            actor=actor,
            now=timezone.now(),
            quorum=revision_quorum(article=article),
            base=revision_base(revision=revision),
            from_state=RevisionState.SCHEDULED,
        )
        return True


def _article_of(revision_id: int) -> int:
    return Revision.objects.values_list("article_id", flat=True).get(pk=revision_id)


def revisions_publish_due() -> int:
    """The DUE_JOBS job: publish every scheduled revision whose time has come. A revision
    whose schedule changed after approval is refused (logged each run) and left as it is."""
    due = Revision.objects.filter(
        state=RevisionState.SCHEDULED, publish_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    published = 0
    for revision_id in list(due):
        try:
            published += revision_publish_scheduled(revision_id=revision_id)
        except WorkflowError as refusal:
            logger.warning("Scheduled revision %s not published: %s", revision_id, refusal)
    return published
