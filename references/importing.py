"""Importing reference files into the library, and the report of what became of each
entry: created, matched (to which record, by which identifier), enriched (which fields
were added to the matched record) or refused (why, naming the entry and the field).

All or nothing: a file with a refused entry imports nothing, and the refusals say what
to correct. A matched record is only ever completed, never overwritten: a field it lacks
is filled from the file (saved with history and the importer's reason); a field it has
is kept, and a different value in the file is named in the report.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from config.characters import refused_character
from config.history import history_save
from references.csl import csl_item_read
from references.errors import ReferenceFormatError
from references.formats import ParsedEntry, entries_parse
from references.models import Reference
from references.notices import (
    Notice,
    NoticeOutcome,
    crossref_notices,
    reference_notices_record,
)
from references.richtext import rich_text_plain
from references.services import IDENTIFIERS, _errors_of, reference_save

# Fields a matched record may gain from a file, in the order the report names them.
# The title is the record's identity for people and is never changed by an import.
ENRICHABLE = (
    "doi",
    "pmid",
    "pmcid",
    "authors",
    "editors",
    "container_title",
    "publisher",
    "publisher_place",
    "edition",
    "number",
    "volume",
    "issue",
    "pages",
    "genre",
    "url",
    "accessed",
)
FIELD_LABELS = {
    "doi": "DOI",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "url": "URL",
    "container_title": "journal or container",
    "publisher_place": "place of publication",
    "issued": "date of publication",
}


class Fate:
    CREATED = "created"
    MATCHED = "matched"
    ENRICHED = "enriched"
    REFUSED = "refused"


@dataclass
class EntryReport:
    """What became of one entry of the file."""

    number: int
    line: int | None
    title: str
    fate: str = Fate.REFUSED
    reference: Reference | None = None
    matched_by: str = ""  # "DOI", "PMID", "PMCID", "URL", "title"
    fields: list[str] = field(default_factory=list)  # enriched
    kept: list[str] = field(default_factory=list)  # the record's value kept over the file's
    reasons: list[str] = field(default_factory=list)  # refused: why, each naming a field
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"entry {self.number}" + (f" (line {self.line})" if self.line else "")

    @property
    def field_labels(self) -> list[str]:
        return [_label(name) for name in self.fields]

    @property
    def summary(self) -> str:
        """One sentence a person reads in the admin, the desk, the API and the command."""
        shown = rich_text_plain(self.reference.title if self.reference else self.title)
        shown = f"“{shown[:80]}”" if shown else "(no title)"
        if self.fate == Fate.REFUSED:
            return f"{self.label}: refused: {'; '.join(self.reasons)}"
        if self.fate == Fate.CREATED:
            return f"{self.label}: created reference {self.reference.pk} {shown}"
        sentence = (
            f"{self.label}: matched reference {self.reference.pk} {shown} by {self.matched_by}"
        )
        if self.fields:
            sentence += f"; added {', '.join(_label(name) for name in self.fields)}"
        return sentence

    def lines(self) -> list[str]:
        return [self.summary, *(f"  {note}" for note in [*self.kept, *self.warnings])]


def _label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " "))


@dataclass
class ImportResult:
    reports: list[EntryReport]  # one per entry, in file order
    warnings: list[str] = field(default_factory=list)  # about the file, not an entry
    notices: list[NoticeOutcome] = field(default_factory=list)

    @property
    def entries(self) -> list[Reference]:
        """The record each entry became or matched, in file order (an entry repeated in
        the file maps to the record its first occurrence created)."""
        return [report.reference for report in self.reports]

    def _records(self, *fates: str) -> list[Reference]:
        found: list[Reference] = []
        for entry in self.reports:
            if entry.fate in fates and entry.reference not in found:
                found.append(entry.reference)
        return found

    @property
    def created(self) -> list[Reference]:
        return self._records(Fate.CREATED)

    @property
    def matched(self) -> list[Reference]:
        """Records that were already in the library (enriched or not)."""
        created = self.created
        return [r for r in self._records(Fate.MATCHED, Fate.ENRICHED) if r not in created]

    @property
    def enriched(self) -> list[EntryReport]:
        return [entry for entry in self.reports if entry.fate == Fate.ENRICHED]

    @property
    def flagged(self) -> list:
        found = []
        for outcome in self.notices:
            found += [article for article in outcome.flagged if article not in found]
        return found

    @property
    def summary(self) -> str:
        counts = dict.fromkeys((Fate.CREATED, Fate.MATCHED, Fate.ENRICHED), 0)
        for entry in self.reports:
            counts[entry.fate] += 1
        sentence = (
            f"{len(self.reports)} entr{'y' if len(self.reports) == 1 else 'ies'}: "
            f"{counts[Fate.CREATED]} created, "
            f"{counts[Fate.MATCHED]} matched to records already in the library, "
            f"{counts[Fate.ENRICHED]} matched and enriched."
        )
        marked = [outcome for outcome in self.notices if outcome.marked]
        if marked:
            sentence += (
                f" {len(marked)} record(s) marked from retraction or correction notices; "
                f"{len(self.flagged)} article(s) flagged for re-review."
            )
        return sentence

    def lines(self) -> list[str]:
        lines = [self.summary, *self.warnings]
        for entry in self.reports:
            lines += entry.lines()
        for outcome in self.notices:
            if outcome.changed:
                added = ", ".join(notice.describe() for notice in outcome.added)
                lines.append(f"reference {outcome.reference.pk}: recorded {added}")
        return lines


def _text_of(data: bytes | str) -> str:
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    limit = settings.REFERENCE_IMPORT_MAX_BYTES
    if size > limit:
        raise ReferenceFormatError(
            gettext(
                "The file is %(size)s bytes; the largest accepted is %(limit)s bytes. Split it "
                "into smaller files."
            )
            % {"size": f"{size:,}", "limit": f"{limit:,}"},
            code="too_large",
        )
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ReferenceFormatError(
                gettext(
                    "The file is not UTF-8 text (byte %(byte)d cannot be read). Export it again "
                    "as UTF-8 (Unicode)."
                )
                % {"byte": exc.start + 1},
                code="not_utf8",
            ) from None
    if "\x00" in data:
        # PostgreSQL cannot store it, and no reference manager writes one.
        raise ReferenceFormatError(
            gettext(
                "The file contains a NUL character (U+0000), so it is not a text file. Export it "
                "again as text (UTF-8)."
            ),
            code="not_text",
        )
    found = refused_character(data.removeprefix("\ufeff"))
    if found is not None:  # what no text may hold (config.characters)
        raise ReferenceFormatError(
            gettext("The file contains %(character)s at %(where)s; remove it and import again.")
            % {"character": found.described, "where": found.where},
            code="not_text",
            errors=[f"line {found.line}: {found.described} at column {found.column}"],
        )
    return data.removeprefix("\ufeff")


def _title_key(reference: Reference) -> tuple:
    return (
        " ".join(rich_text_plain(reference.title).split()).casefold(),
        reference.issued_year,
        reference.csl_type,
    )


@dataclass
class _Candidate:
    entry: ParsedEntry
    reference: Reference
    report: EntryReport


def _candidates(text: str, fmt: str) -> tuple[list[_Candidate], list[str], list[str]]:
    """Unsaved, validated records for each entry; problems with the file; warnings."""
    parsed = entries_parse(text=text, fmt=fmt)
    candidates = []
    for entry in parsed.entries:
        read = csl_item_read(entry.item) if entry.item else None
        problems = list(entry.errors) + (read.errors if read and entry.item else [])
        reference = Reference(**(read.fields if read else {}))
        if not problems:
            try:
                reference.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                problems += _errors_of(exc)
        report = EntryReport(
            number=entry.number,
            line=entry.line,
            title=reference.title,
            reasons=problems,
            warnings=list(read.warnings) if read else [],
        )
        candidates.append(_Candidate(entry=entry, reference=reference, report=report))
    return candidates, list(parsed.errors), list(parsed.warnings)


def _match(reference: Reference, seen: dict) -> tuple[Reference | None, str, str]:
    """The existing record this one is, by DOI, PMID or PMCID (else, for a record with
    none of them, by URL or by title, year and type); how it was matched; and a problem
    when the identifiers point at different records."""
    found: dict[int, str] = {}
    records = {}
    for name in IDENTIFIERS:
        value = getattr(reference, name)
        if not value:
            continue
        record = seen.get((name, value)) or Reference.objects.filter(**{name: value}).first()
        if record is not None:
            found.setdefault(record.pk, name.upper())
            records[record.pk] = record
    if len(records) > 1:
        described = ", ".join(f"{how} matches record {pk}" for pk, how in found.items())
        return None, "", f"its identifiers belong to different records in the library ({described})"
    if records:
        record = next(iter(records.values()))
        return record, found[record.pk], ""
    if any(getattr(reference, name) for name in IDENTIFIERS):
        return None, "", ""
    without_ids = Reference.objects.filter(doi="", pmid="", pmcid="")
    if reference.url:
        record = seen.get(("url", reference.url)) or without_ids.filter(url=reference.url).first()
        return record, "URL", ""
    record = seen.get(("title", _title_key(reference)))
    if record is None:
        for candidate in without_ids.filter(
            title__iexact=reference.title, issued_year=reference.issued_year
        ):
            if _title_key(candidate) == _title_key(reference):
                return candidate, "title, year and type", ""
    return record, "title, year and type", ""


def _remember(reference: Reference, seen: dict) -> None:
    """Make a record created or enriched by this import findable by the entries after
    it, the way _match finds records already in the database."""
    identified = False
    for name in IDENTIFIERS:
        if getattr(reference, name):
            seen[(name, getattr(reference, name))] = reference
            identified = True
    if identified:
        return
    if reference.url:
        seen[("url", reference.url)] = reference
    else:
        seen[("title", _title_key(reference))] = reference


def _shown(value) -> str:
    if isinstance(value, list):
        return "; ".join(
            n.get("literal") or " ".join(filter(None, (n.get("family"), n.get("given"))))
            for n in value
            if isinstance(n, dict)
        )
    return rich_text_plain(str(value))


def _enrich(record: Reference, new: Reference, report: EntryReport) -> None:
    """Fill the record's empty fields from the file's entry; name the ones that differ."""
    for name in ENRICHABLE:
        ours, theirs = getattr(record, name), getattr(new, name)
        if theirs in ("", None, [], {}):
            continue
        if ours in ("", None, [], {}):
            setattr(record, name, theirs)
            report.fields.append(name)
        elif ours != theirs:
            report.kept.append(
                f"kept the library's {_label(name)} ({_shown(ours)[:60]}); "
                f"the file has {_shown(theirs)[:60]}"
            )
    date_ours = (record.issued_year, record.issued_month, record.issued_day)
    date_theirs = (new.issued_year, new.issued_month, new.issued_day)
    extends = date_ours[0] is None or (
        date_ours[0] == date_theirs[0]
        and all(o in (None, t) for o, t in zip(date_ours[1:], date_theirs[1:], strict=True))
    )
    if date_theirs[0] and date_theirs != date_ours and extends:
        record.issued_year, record.issued_month, record.issued_day = date_theirs
        report.fields.append("issued")
    elif date_theirs[0] and date_theirs != date_ours:
        report.kept.append(f"kept the library's {_label('issued')}; the file has another")
    extra = dict(record.csl_extra or {})
    for key, value in (new.csl_extra or {}).items():
        if key not in extra:
            extra[key] = value
            report.fields.append(key)
    record.csl_extra = extra


def _history_reason(fmt: str, reason: str, *, enriched: bool = False) -> str:
    what = f"{'Enriched' if enriched else 'Imported'} from a {fmt} file"
    reason = " ".join((reason or "").split())
    return (f"{reason} ({what.lower()})" if reason else what)[:100]


def _notices_apply(candidates: list[_Candidate], seen: dict, *, actor, reason: str) -> list:
    pending: dict[int, tuple[Reference, list[Notice]]] = {}
    for candidate in candidates:
        record = candidate.report.reference
        own, others = crossref_notices(candidate.entry.item or {})
        if own:
            pending.setdefault(record.pk, (record, []))[1].extend(own)
        for doi, notice in others:
            target = seen.get(("doi", doi)) or Reference.objects.filter(doi=doi).first()
            if target is not None:
                pending.setdefault(target.pk, (target, []))[1].append(notice)
    return [
        reference_notices_record(
            reference=record, notices=notices, actor=actor, reason=reason or "Crossref notice"
        )
        for record, notices in pending.values()
    ]


def references_import(*, data: bytes | str, fmt: str, actor, reason: str = "") -> ImportResult:
    """Import a RIS, BibTeX, CSL-JSON, CSL YAML or MEDLINE (.nbib) file into the library:
    all of it, or nothing. An entry whose DOI, PMID or PMCID is already in the library
    (or earlier in the file) is matched to that record and completes it. `reason` (why
    the person imports) goes into each record's history. Raises ReferenceFormatError
    listing every refusal, each naming its entry and field."""
    text = _text_of(data)
    candidates, errors, warnings = _candidates(text, fmt)
    errors += [f"{c.report.label}: {problem}" for c in candidates for problem in c.report.reasons]
    if errors:
        raise ReferenceFormatError(
            gettext("Nothing was imported; correct the file and import it again:"),
            code="invalid_entries",
            errors=errors,
        )
    try:
        with transaction.atomic():
            result = _write(candidates, fmt=fmt, actor=actor, reason=reason)
    except IntegrityError:
        raise ReferenceFormatError(
            gettext(
                "Nothing was imported: another change added one of these references at the "
                "same time. Import the file again."
            ),
            code="concurrent_import",
        ) from None
    result.warnings = warnings
    return result


def _write(candidates: list[_Candidate], *, fmt: str, actor, reason: str) -> ImportResult:
    seen: dict = {}
    conflicts = []
    enriched: dict[int, Reference] = {}
    for candidate in candidates:
        reference, report = candidate.reference, candidate.report
        record, how, conflict = _match(reference, seen)
        if conflict:
            conflicts.append(f"{report.label}: {conflict}")
            continue
        if record is None:
            history_save(reference, actor=actor, reason=_history_reason(fmt, reason))
            _remember(reference, seen)
            report.fate, report.reference = Fate.CREATED, reference
            continue
        report.reference, report.matched_by = record, how
        _enrich(record, reference, report)
        report.fate = Fate.ENRICHED if report.fields else Fate.MATCHED
        if report.fields:
            enriched[record.pk] = record
            _remember(record, seen)
    if conflicts:
        raise ReferenceFormatError(
            gettext("Nothing was imported; these entries match more than one record:"),
            code="conflicting_identifiers",
            errors=conflicts,
        )
    for record in enriched.values():
        fields = sorted(
            {f for c in candidates if c.report.reference is record for f in c.report.fields}
        )
        try:
            reference_save(
                reference=record,
                actor=actor,
                reason=_history_reason(fmt, reason, enriched=True),
            )
        except ValidationError as exc:
            labels = [c.report.label for c in candidates if c.report.reference is record]
            raise ReferenceFormatError(
                gettext("Nothing was imported; a record could not be completed:"),
                code="invalid_entries",
                errors=[
                    f"{labels[0]}: adding {', '.join(fields)} to reference {record.pk}: {problem}"
                    for problem in _errors_of(exc)
                ],
            ) from None
    notices = _notices_apply(candidates, seen, actor=actor, reason=reason)
    return ImportResult(reports=[c.report for c in candidates], notices=notices)
