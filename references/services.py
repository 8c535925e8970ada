"""Writes to the reference library: saving a record, and marking a record retracted or
superseded (which flags the articles citing it for re-review). Importing files is in
references.importing, notices (Retraction Watch, Crossref) in references.notices.
Views, the admin, commands and the API all call these; none writes a Reference itself."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from config.history import history_save
from references.errors import ReferenceFormatError
from references.models import Reference
from references.signals import reference_problem_found

IDENTIFIERS = ("doi", "pmid", "pmcid")


def _errors_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [
            f"{name}: {message}" if name != "__all__" else message
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return list(exc.messages)


def reference_save(*, reference: Reference, actor, reason: str) -> Reference:
    """Validate (which normalises DOI, PMID and PMCID) and save one record, with its
    history. Raises ValidationError, with codes, for a bad or duplicate record."""
    reference.full_clean()
    history_save(reference, actor=actor, reason=reason)
    return reference


# --- Retraction and supersession ---------------------------------------------------


def propagate(*, reference: Reference, reason: str, actor, problems: tuple[str, ...]) -> list:
    """Tell the apps above (the articles app flags the articles whose live revision cites
    the reference; the webhooks app announces a retraction); returns everything they
    flagged. `problems` names what was just found: retracted, concern, superseded."""
    responses = reference_problem_found.send(
        sender=Reference, reference=reference, reason=reason, actor=actor, problems=problems
    )
    return [item for _receiver, flagged in responses for item in flagged or []]


@transaction.atomic
def reference_mark_retracted(*, reference: Reference, on: date, notice_url: str, actor) -> list:
    """Record that a source was retracted, and flag every article whose live revision
    cites it for re-review. Returns the flagged articles."""
    reference = Reference.objects.select_for_update().get(pk=reference.pk)
    if reference.retracted_on:
        raise ReferenceFormatError(
            gettext("This reference was already marked retracted on %(date)s.")
            % {"date": f"{reference.retracted_on:%Y-%m-%d}"},
            code="already_retracted",
        )
    if on > timezone.localdate():
        raise ReferenceFormatError(
            gettext("The retraction date cannot be in the future."), code="retraction_in_future"
        )
    if notice_url:
        try:
            URLValidator()(notice_url)
        except ValidationError:
            raise ReferenceFormatError(
                gettext("'%(url)s' is not a web address.") % {"url": notice_url},
                code="invalid_notice_url",
            ) from None
    reference.retracted_on = on
    reference.retraction_notice_url = notice_url
    reason = f"Retracted on {on:%Y-%m-%d}"
    reference_save(reference=reference, actor=actor, reason=reason)
    return propagate(
        reference=reference,
        reason=f"Cites a retracted source (reference {reference.pk}, {reason.lower()})",
        actor=actor,
        problems=("retracted",),
    )


@transaction.atomic
def reference_mark_superseded(*, reference: Reference, by: Reference, actor) -> list:
    """Record that a newer source replaces this one (a guideline's new edition, say),
    and flag every article whose live revision cites the old one for re-review.
    Returns the flagged articles."""
    reference, by = (
        Reference.objects.select_for_update().get(pk=reference.pk),
        Reference.objects.get(pk=by.pk),
    )
    if by.pk == reference.pk:
        raise ReferenceFormatError(
            gettext("A reference cannot supersede itself."), code="self_supersede"
        )
    if reference.superseded_by_id == by.pk:
        raise ReferenceFormatError(
            gettext("This reference is already marked as superseded by that one."),
            code="already_superseded",
        )
    if by.retracted_on:
        raise ReferenceFormatError(
            gettext("A retracted reference cannot replace another."), code="successor_retracted"
        )
    successor, steps = by, 0
    while successor is not None and steps < 100:
        if successor.superseded_by_id == reference.pk:
            raise ReferenceFormatError(
                gettext("That reference is itself superseded, directly or not, by this one."),
                code="supersede_cycle",
            )
        successor, steps = successor.superseded_by, steps + 1
    reference.superseded_by = by
    reference_save(reference=reference, actor=actor, reason=f"Superseded by reference {by.pk}")
    return propagate(
        reference=reference,
        reason=f"Cites a superseded source (reference {reference.pk}, replaced by {by.pk})",
        actor=actor,
        problems=("superseded",),
    )
