"""Retraction, expression-of-concern, correction and reinstatement notices recorded on
library records, from the Retraction Watch dataset (references.retractionwatch) or from
Crossref's `update-to` / `updated-by` in imported CSL-JSON.

`reference_notices_record` is the one owner of what a notice does to a record: it keeps
every notice (once: re-reading the same notice changes nothing), marks the record
retracted or under an expression of concern with the notice's DOI and date, and hands
the change to the propagation handlers, which flag every article whose live revision
cites the record. A correction is recorded and shown, but does not stop a source being
cited. A reinstatement newer than the retraction is recorded and reported; the
retraction mark is then for a person to lift, because reinstatements are rare and worth
reading.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from references.csl import date_read
from references.identifiers import normalize_doi
from references.models import Reference
from references.services import propagate, reference_save


class Nature:
    RETRACTION = "retraction"
    CONCERN = "expression-of-concern"
    CORRECTION = "correction"
    REINSTATEMENT = "reinstatement"
    ALL = (RETRACTION, CONCERN, CORRECTION, REINSTATEMENT)
    LABELS = {
        RETRACTION: "retraction",
        CONCERN: "expression of concern",
        CORRECTION: "correction",
        REINSTATEMENT: "reinstatement",
    }


# How Retraction Watch and Crossref name them.
NATURE_NAMES = {
    "retraction": Nature.RETRACTION,
    "retracted": Nature.RETRACTION,
    "withdrawal": Nature.RETRACTION,
    "removal": Nature.RETRACTION,
    "partial_retraction": Nature.RETRACTION,
    "expression of concern": Nature.CONCERN,
    "expression_of_concern": Nature.CONCERN,
    "expression-of-concern": Nature.CONCERN,
    "correction": Nature.CORRECTION,
    "corrigendum": Nature.CORRECTION,
    "erratum": Nature.CORRECTION,
    "reinstatement": Nature.REINSTATEMENT,
}


def nature_of(name: str) -> str | None:
    return NATURE_NAMES.get(" ".join((name or "").split()).lower())


@dataclass(frozen=True)
class Notice:
    nature: str
    on: date | None
    doi: str = ""  # the notice's own DOI
    pmid: str = ""
    source: str = ""  # "retraction-watch", "crossref"
    record: str = ""  # the source's id for the notice (Retraction Watch's Record ID)
    reason: str = ""

    @property
    def key(self) -> tuple:
        """What makes two notices the same notice."""
        if self.source and self.record:
            return (self.source, self.record)
        return (self.nature, self.doi, self.on.isoformat() if self.on else "")

    @property
    def notice_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    def as_json(self) -> dict:
        data = {
            "nature": self.nature,
            "date": self.on.isoformat() if self.on else "",
            "doi": self.doi,
            "pmid": self.pmid,
            "source": self.source,
            "record": self.record,
            "reason": self.reason,
        }
        return {key: value for key, value in data.items() if value}

    @classmethod
    def from_json(cls, data: dict) -> "Notice":
        on = data.get("date") or ""
        return cls(
            nature=data.get("nature", ""),
            on=date.fromisoformat(on) if on else None,
            doi=data.get("doi", ""),
            pmid=data.get("pmid", ""),
            source=data.get("source", ""),
            record=str(data.get("record", "")),
            reason=data.get("reason", ""),
        )

    def describe(self) -> str:
        when = f" of {self.on:%Y-%m-%d}" if self.on else ""
        doi = f" (doi:{self.doi})" if self.doi else ""
        return f"{Nature.LABELS.get(self.nature, self.nature)}{when}{doi}"


# Crossref's relation types that say a work was retracted, corrected or put under
# concern (https://www.crossref.org/documentation/schema-library/markup-guide-metadata-
# segments/relationships/ and the retraction metadata it sends since 2023).
RELATIONS = {
    "is-retracted-by": Nature.RETRACTION,
    "has-retraction": Nature.RETRACTION,
    "is-corrected-by": Nature.CORRECTION,
    "has-correction": Nature.CORRECTION,
    "has-expression-of-concern": Nature.CONCERN,
}


def _doi(value) -> str:
    try:
        return normalize_doi(str(value or ""))
    except ValueError:
        return ""


def _update_date(value) -> date | None:
    try:
        year, month, day = date_read(value).parts
    except ValueError:
        return None
    return date(year, month or 1, day or 1) if year else None


def crossref_notices(item: dict) -> tuple[list[Notice], list[tuple[str, Notice]]]:
    """What a Crossref CSL-JSON item says about retractions and corrections: notices
    about the item itself (`updated-by`, and `relation` types such as is-retracted-by),
    and the notices the item is, about other works (`update-to`: (their DOI, notice))."""
    own: list[Notice] = []
    others: list[tuple[str, Notice]] = []
    item_doi = _doi(item.get("DOI") or item.get("doi"))
    for key in ("updated-by", "update-to"):
        updates = item.get(key)
        for update in updates if isinstance(updates, list) else []:
            if not isinstance(update, dict):
                continue
            nature = nature_of(str(update.get("type", "")).replace("_", " "))
            doi = _doi(update.get("DOI"))
            if nature is None or not doi:
                continue
            notice = Notice(
                nature=nature,
                on=_update_date(update.get("updated")),
                doi=doi if key == "updated-by" else item_doi,
                source="crossref",
                record=str(update.get("record-id", "")),
            )
            if key == "updated-by":
                own.append(notice)
            else:
                others.append((doi, notice))
    relation = item.get("relation")
    for name, nature in RELATIONS.items():
        targets = relation.get(name) if isinstance(relation, dict) else None
        for target in targets if isinstance(targets, list) else []:
            doi = _doi(target.get("id")) if isinstance(target, dict) else ""
            if doi:
                own.append(Notice(nature=nature, on=None, doi=doi, source="crossref"))
    return own, others


@dataclass
class NoticeOutcome:
    """What recording notices on one record changed."""

    reference: Reference
    added: list[Notice] = field(default_factory=list)
    marked: list[str] = field(default_factory=list)  # "retracted", "concern"
    notes: list[str] = field(default_factory=list)
    flagged: list = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.marked)


def _latest(notices: list[Notice], nature: str) -> Notice | None:
    dated = [n for n in notices if n.nature == nature]
    dated.sort(key=lambda n: (n.on is not None, n.on or date.min))
    return dated[-1] if dated else None


def _effective_retraction(notices: list[Notice]) -> Notice | None:
    """The retraction in force: the latest, unless a newer reinstatement undid it. A
    correction or a concern never undoes a retraction."""
    retraction = _latest(notices, Nature.RETRACTION)
    reinstatement = _latest(notices, Nature.REINSTATEMENT)
    if retraction is None:
        return None
    if (
        reinstatement
        and reinstatement.on
        and (retraction.on is None or reinstatement.on > retraction.on)
    ):
        return None
    return retraction


@transaction.atomic
def reference_notices_record(
    *, reference: Reference, notices: list[Notice], actor, reason: str
) -> NoticeOutcome:
    """Record notices on a library record; mark it retracted or under concern when a
    notice says so, and flag the articles citing it. Idempotent: notices already
    recorded change nothing and flag nothing."""
    reference = Reference.objects.select_for_update().get(pk=reference.pk)
    outcome = NoticeOutcome(reference=reference)
    known = [Notice.from_json(data) for data in reference.notices if isinstance(data, dict)]
    keys = {notice.key for notice in known}
    for notice in notices:
        if notice.key not in keys:
            keys.add(notice.key)
            known.append(notice)
            outcome.added.append(notice)
    if not outcome.added:
        return outcome
    reference.notices = [notice.as_json() for notice in known]
    retraction = _effective_retraction(known)
    if retraction and not reference.retracted_on:
        # A notice without a date (a Crossref relation) still marks the source: citing
        # a retracted paper is what must not happen; the date is then the day we learnt it.
        reference.retracted_on = retraction.on or timezone.localdate()
        reference.retraction_notice_url = retraction.notice_url
        outcome.marked.append("retracted")
        if retraction.on is None:
            outcome.notes.append("the retraction notice gives no date; marked as of today")
    elif reference.retracted_on and retraction is None and _latest(known, Nature.RETRACTION):
        outcome.notes.append(
            "a newer reinstatement notice was recorded; the retraction mark stays until "
            "a person lifts it"
        )
    concern = _latest(known, Nature.CONCERN)
    if concern and not reference.concern_on:
        reference.concern_on = concern.on or timezone.localdate()
        reference.concern_notice_url = concern.notice_url
        outcome.marked.append("concern")
    added = ", ".join(notice.describe() for notice in outcome.added)
    reference_save(reference=reference, actor=actor, reason=f"{reason}: {added}"[:100])
    if outcome.marked:
        what = " and ".join(
            {"retracted": "retracted", "concern": "under an expression of concern"}[m]
            for m in outcome.marked
        )
        outcome.flagged = propagate(
            reference=reference,
            reason=f"Cites a source now {what} (reference {reference.pk})",
            actor=actor,
            problems=tuple(outcome.marked),
        )
    return outcome
