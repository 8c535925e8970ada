"""The Retraction Watch dataset, as Crossref publishes it (a CSV with the columns
Record ID, Title, Subject, Institution, Journal, Publisher, Country, Author, URLS,
ArticleType, RetractionDate, RetractionDOI, RetractionPubMedID, OriginalPaperDate,
OriginalPaperDOI, OriginalPaperPubMedID, RetractionNature, Reason, Paywalled, Notes, and
a trailing comma that makes an unnamed last column).

Each row is a notice (retraction, expression of concern, correction, reinstatement) about
an original paper, found in the library by the paper's DOI or PubMed ID. The export
writes "0" for a missing PubMed ID and "unavailable" for a missing DOI, and dates as
"3/9/2026 0:00" (month first). Matching rows are recorded on their records through
references.notices, which marks and flags; rows about papers the library does not hold
(almost all of them) are counted, not kept.
"""

import csv
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext, ngettext

from config.characters import refused_message
from references.errors import ReferenceFormatError
from references.identifiers import normalize_doi, normalize_pmid
from references.models import Reference
from references.notices import Nature, Notice, NoticeOutcome, nature_of, reference_notices_record

REQUIRED_COLUMNS = (
    "Record ID",
    "RetractionDate",
    "RetractionDOI",
    "RetractionPubMedID",
    "OriginalPaperDOI",
    "OriginalPaperPubMedID",
    "RetractionNature",
)
ABSENT = frozenset({"", "0", "unavailable", "na", "n/a", "none", "null"})
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
SOURCE = "retraction-watch"


@dataclass
class RetractionReport:
    rows: int = 0
    matched_rows: int = 0
    skipped: list[str] = field(default_factory=list)  # "line 7 (record 123): why"
    outcomes: list[NoticeOutcome] = field(default_factory=list)

    @property
    def changed(self) -> list[NoticeOutcome]:
        return [outcome for outcome in self.outcomes if outcome.changed]

    @property
    def flagged(self) -> list:
        found = []
        for outcome in self.outcomes:
            found += [article for article in outcome.flagged if article not in found]
        return found

    def count_marked(self, mark: str) -> int:
        return sum(1 for outcome in self.outcomes if mark in outcome.marked)

    def lines(self) -> list[str]:
        corrections = sum(
            1 for o in self.outcomes for n in o.added if n.nature == Nature.CORRECTION
        )
        lines = [
            f"{self.rows} rows read; {self.matched_rows} are about references in the library.",
            f"{len(self.changed)} reference(s) changed: {self.count_marked('retracted')} marked "
            f"retracted, {self.count_marked('concern')} marked under an expression of "
            f"concern, {corrections} correction(s) recorded; {len(self.flagged)} article(s) "
            "flagged for re-review.",
        ]
        if not self.changed:
            lines.append("Nothing changed: every matching notice was already recorded.")
        for outcome in self.changed:
            added = ", ".join(notice.describe() for notice in outcome.added)
            marked = f"; marked {' and '.join(outcome.marked)}" if outcome.marked else ""
            slugs = ", ".join(article.slug for article in outcome.flagged)
            flagged = f"; flagged {slugs}" if slugs else ""
            lines.append(f"reference {outcome.reference.pk}: {added}{marked}{flagged}")
            lines += [f"  {note}" for note in outcome.notes]
        if self.skipped:
            lines.append(f"{len(self.skipped)} row(s) skipped:")
            lines += [f"  {reason}" for reason in self.skipped]
        return lines


def _present(value: str) -> str:
    value = " ".join((value or "").split())
    return "" if value.lower() in ABSENT else value


def _date(value: str) -> datetime.date | None:
    value = _present(value)
    if not value:
        return None
    us = _US_DATE.match(value)
    if us:
        month, day, year = (int(part) for part in us.groups())
        return datetime.date(year, month, day)
    return datetime.date.fromisoformat(value[:10])


def _reasons(value: str) -> str:
    """ "+Falsification/Fabrication of Data;+Rogue Editor;" -> "...; Rogue Editor"."""
    parts = [part.strip().lstrip("+").strip() for part in (value or "").split(";")]
    return "; ".join(part for part in parts if part)[:300]


@dataclass(frozen=True)
class _Row:
    line: int
    doi: str
    pmid: str
    notice: Notice


def _row(line: int, row: dict) -> _Row:
    """One CSV row as a notice about a paper; ValueError saying why it cannot be."""
    for column in (*REQUIRED_COLUMNS, "Reason"):
        # What the record keeps must be text a database stores (config.characters).
        problem = refused_message(row.get(column) or "", label=column)
        if problem:
            raise ValueError(problem[0].lower() + problem[1:].rstrip("."))
    record = _present(row.get("Record ID", ""))
    nature_name = row.get("RetractionNature", "")
    nature = nature_of(nature_name)
    if nature is None:
        raise ValueError(
            f"RetractionNature {nature_name!r} is not a retraction, expression of concern, "
            "correction or reinstatement"
        )
    try:
        on = _date(row.get("RetractionDate", ""))
    except ValueError:
        raise ValueError(f"RetractionDate {row.get('RetractionDate')!r} is not a date") from None
    try:
        doi = normalize_doi(_present(row.get("OriginalPaperDOI", "")))
        pmid = normalize_pmid(_present(row.get("OriginalPaperPubMedID", "")))
    except ValueError as exc:
        raise ValueError(f"the original paper's identifier cannot be read: {exc}") from None
    if not (doi or pmid):
        raise ValueError("the original paper has neither a DOI nor a PubMed ID")
    try:
        notice_doi = normalize_doi(_present(row.get("RetractionDOI", "")))
    except ValueError:
        notice_doi = ""  # a notice without a usable DOI is still a notice
    try:
        notice_pmid = normalize_pmid(_present(row.get("RetractionPubMedID", "")))
    except ValueError:
        notice_pmid = ""
    notice = Notice(
        nature=nature,
        on=on,
        doi=notice_doi,
        pmid=notice_pmid,
        source=SOURCE,
        record=record,
        reason=_reasons(row.get("Reason", "")),
    )
    return _Row(line=line, doi=doi, pmid=pmid, notice=notice)


def _reader(lines: Iterable[str]) -> csv.DictReader:
    reader = csv.DictReader(lines)
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ReferenceFormatError(
            ngettext(
                "This is not the Retraction Watch dataset as Crossref publishes it: the header "
                "has no %(columns)s column.",
                "This is not the Retraction Watch dataset as Crossref publishes it: the header "
                "has no %(columns)s columns.",
                len(missing),
            )
            % {"columns": ", ".join(missing)},
            code="unreadable",
        )
    reader.fieldnames = header
    return reader


def retractions_import(*, lines: Iterable[str], actor, reason: str = "") -> RetractionReport:
    """Record the dataset's notices on the library records they concern: mark them
    retracted or under an expression of concern (with the notice's DOI and date), record
    corrections, and flag every article whose live revision cites a newly marked record.
    Re-running with the same or a newer file records only what is new."""
    report = RetractionReport()
    by_doi = dict(Reference.objects.exclude(doi="").values_list("doi", "pk"))
    by_pmid = dict(Reference.objects.exclude(pmid="").values_list("pmid", "pk"))
    pending: dict[int, list[Notice]] = {}
    reader = _reader(lines)
    try:
        for row in reader:
            report.rows += 1
            line = reader.line_num
            try:
                parsed = _row(line, row)
            except ValueError as exc:
                record = _present(row.get("Record ID", "")) or "?"
                report.skipped.append(f"line {line} (record {record}): {exc}")
                continue
            pks = {by_doi.get(parsed.doi), by_pmid.get(parsed.pmid)} - {None}
            if pks:
                report.matched_rows += 1
            for pk in pks:
                pending.setdefault(pk, []).append(parsed.notice)
    except csv.Error as exc:
        raise ReferenceFormatError(
            gettext("The file cannot be read as CSV (line %(line)d: %(problem)s).")
            % {"line": reader.line_num, "problem": exc},
            code="unreadable",
        ) from None
    with transaction.atomic():
        for pk in sorted(pending):
            report.outcomes.append(
                reference_notices_record(
                    reference=Reference(pk=pk),
                    notices=pending[pk],
                    actor=actor,
                    reason=reason or "Retraction Watch",
                )
            )
    return report
