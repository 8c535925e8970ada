"""What kind of change a revision is (articles.ChangeType, the Cochrane vocabulary): the
submitter's choice, and a board member's reclassification before anyone signs."""

from django.db import transaction
from django.utils.translation import gettext

from articles.models import OPEN_STATES, ChangeType, Revision
from reviews.errors import CONFLICT, INVALID, WorkflowError
from reviews.events import event_record
from reviews.models import Action
from reviews.workflow.rules import (
    _lock,
    _require,
    _require_reviewer,
    _require_state,
    _required_text,
    _save,
    _unsigned_refusal,
)


def change_type_clean(value) -> ChangeType:
    """The submitted change type, or a refusal a person understands."""
    value = (value or "").strip()
    if not value:
        raise WorkflowError(
            gettext(
                "Say what kind of change this is: a correction, an update, or changed conclusions."
            ),
            code="change_type_required",
            status=INVALID,
        )
    if value not in ChangeType.values:
        choices = ", ".join(ChangeType.values)
        raise WorkflowError(
            gettext("“%(value)s” is not a kind of change; choose one of: %(choices)s.")
            % {"value": value[:40], "choices": choices},
            code="unknown_change_type",
            status=INVALID,
        )
    return ChangeType(value)


@transaction.atomic
def revision_reclassify(*, revision: Revision, actor, change_type: str, comment: str) -> Revision:
    """A board member corrects the submitter's change type. Only before the first
    signature: a signature approves the type it was given with, so changing it afterwards
    would make an approval say something its signer did not."""
    article, revision = _lock(revision)
    _require_state(revision, *OPEN_STATES)
    _require_reviewer(revision, actor)
    new_type = change_type_clean(change_type)
    comment = _required_text(
        comment,
        code="comment_required",
        message=gettext("Say why the change is of another kind; the editors and the log keep it."),
    )
    _require(_unsigned_refusal(revision))
    if revision.change_type == new_type:
        raise WorkflowError(
            gettext("This revision is already classified as “%(type)s”.")
            % {"type": gettext(new_type.label)},
            code="same_change_type",
            status=CONFLICT,
        )
    previous = revision.change_type
    revision.change_type = new_type
    _save(
        revision,
        actor=actor,
        reason=f"Reclassified from {previous or 'unclassified'} to {new_type}",
        fields=["change_type"],
    )
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.RECLASSIFY,
        from_state=revision.state,
        to_state=revision.state,
        comment=f"{previous or 'unclassified'} → {new_type}: {comment}",
        details={"change_type": new_type.value, "previous_change_type": previous},
    )
    return revision
