"""Writes to the reference library: saving a record, importing files, and marking a
record retracted or superseded (which flags the articles citing it for re-review).
Views, the admin, commands and the API all call these; none writes a Reference itself."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from config.characters import refused_character
from references.csl import reference_fields_from_csl
from references.errors import ReferenceFormatError
from references.formats import entries_parse
from references.models import Reference

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
    reference._change_reason = reason
    reference._history_user = actor
    reference.save()
    return reference


# --- Import ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: list[Reference]
    matched: list[Reference]  # records that were already in the library
    # The record each entry became or matched, in file order (an entry repeated in the
    # file maps to the record its first occurrence created).
    entries: list[Reference] = field(default_factory=list)


def _text_of(data: bytes | str) -> str:
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    limit = settings.REFERENCE_IMPORT_MAX_BYTES
    if size > limit:
        raise ReferenceFormatError(
            f"The file is {size:,} bytes; the largest accepted is {limit:,} bytes. "
            "Split it into smaller files.",
            code="too_large",
        )
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ReferenceFormatError(
                f"The file is not UTF-8 text (byte {exc.start + 1} cannot be read). "
                "Export it again as UTF-8 (Unicode).",
                code="not_utf8",
            ) from None
    if "\x00" in data:
        # PostgreSQL cannot store it, and no reference manager writes one.
        raise ReferenceFormatError(
            "The file contains a NUL character (U+0000), so it is not a text file. Export it "
            "again as text (UTF-8).",
            code="not_text",
        )
    found = refused_character(data.removeprefix("\ufeff"))
    if found is not None:  # what no text may hold (config.characters)
        where = f"line {found.line}, column {found.column}"
        raise ReferenceFormatError(
            f"The file contains {found.described} at {where}; remove it and import again.",
            code="not_text",
            errors=[f"line {found.line}: {found.described} at column {found.column}"],
        )
    return data.removeprefix("\ufeff")


def _title_key(reference: Reference) -> tuple:
    return (
        " ".join(reference.title.split()).casefold(),
        reference.issued_year,
        reference.csl_type,
    )


def _candidates(text: str, fmt: str) -> tuple[list[Reference], list[str]]:
    """Unsaved, validated records for each entry, or every problem found."""
    parsed = entries_parse(text=text, fmt=fmt)
    errors = list(parsed.errors)
    candidates = []
    for entry in parsed.entries:
        problems = list(entry.errors)
        fields, mapping_problems = reference_fields_from_csl(entry.item) if entry.item else ({}, [])
        if entry.item:
            problems += mapping_problems
        reference = Reference(**fields)
        if not problems:
            try:
                reference.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                problems += _errors_of(exc)
        errors += [f"{entry.label}: {problem}" for problem in problems]
        candidates.append(reference)
    return candidates, errors


def _match(reference: Reference, seen: dict) -> tuple[Reference | None, str]:
    """The existing record this one is, by DOI, PMID or PMCID (else, for a record with
    none of them, by URL or by title, year and type); and a problem when the
    identifiers point at different records."""
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
        return None, f"its identifiers belong to different records in the library ({described})"
    if records:
        return next(iter(records.values())), ""
    if any(getattr(reference, name) for name in IDENTIFIERS):
        return None, ""
    without_ids = Reference.objects.filter(doi="", pmid="", pmcid="")
    if reference.url:
        record = seen.get(("url", reference.url)) or without_ids.filter(url=reference.url).first()
        return record, ""
    record = seen.get(("title", _title_key(reference)))
    if record is None:
        for candidate in without_ids.filter(
            title__iexact=reference.title, issued_year=reference.issued_year
        ):
            if _title_key(candidate) == _title_key(reference):
                return candidate, ""
    return record, ""


def _remember(reference: Reference, seen: dict) -> None:
    """Make a record created by this import findable by the entries after it, the same
    way _match finds records already in the database."""
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


def references_import(*, data: bytes | str, fmt: str, actor) -> ImportResult:
    """Import a RIS, BibTeX, CSL-JSON or MEDLINE (.nbib) file into the library: all of
    it, or nothing. An entry whose DOI, PMID or PMCID is already in the library (or
    earlier in the file) is matched to that record, not added again. Raises
    ReferenceFormatError listing every problem, each naming its entry."""
    text = _text_of(data)
    candidates, errors = _candidates(text, fmt)
    if errors:
        raise ReferenceFormatError(
            "Nothing was imported; correct the file and import it again:",
            code="invalid_entries",
            errors=errors,
        )
    created: list[Reference] = []
    matched: list[Reference] = []
    entries: list[Reference] = []
    try:
        with transaction.atomic():
            seen: dict = {}
            conflicts = []
            for number, reference in enumerate(candidates, start=1):
                record, conflict = _match(reference, seen)
                if conflict:
                    conflicts.append(f"entry {number}: {conflict}")
                    continue
                if record is not None:
                    if record not in matched and record not in created:
                        matched.append(record)
                    entries.append(record)
                    continue
                reference._change_reason = f"Imported from a {fmt} file"
                reference._history_user = actor
                reference.save()
                _remember(reference, seen)
                created.append(reference)
                entries.append(reference)
            if conflicts:
                raise ReferenceFormatError(
                    "Nothing was imported; these entries match more than one record:",
                    code="conflicting_identifiers",
                    errors=conflicts,
                )
    except IntegrityError:
        raise ReferenceFormatError(
            "Nothing was imported: another change added one of these references at the "
            "same time. Import the file again.",
            code="concurrent_import",
        ) from None
    return ImportResult(created=created, matched=matched, entries=entries)


# --- Retraction and supersession ---------------------------------------------------


def _propagate(*, reference: Reference, reason: str, actor) -> list:
    """Hand the change to every configured handler (the articles app flags the articles
    whose live revision cites the reference); returns everything they flagged."""
    flagged: list = []
    for path in settings.REFERENCE_PROPAGATION_HANDLERS:
        flagged.extend(import_string(path)(reference=reference, reason=reason, actor=actor) or [])
    return flagged


@transaction.atomic
def reference_mark_retracted(*, reference: Reference, on: date, notice_url: str, actor) -> list:
    """Record that a source was retracted, and flag every article whose live revision
    cites it for re-review. Returns the flagged articles."""
    reference = Reference.objects.select_for_update().get(pk=reference.pk)
    if reference.retracted_on:
        raise ReferenceFormatError(
            f"This reference was already marked retracted on {reference.retracted_on:%Y-%m-%d}.",
            code="already_retracted",
        )
    if on > timezone.localdate():
        raise ReferenceFormatError(
            "The retraction date cannot be in the future.", code="retraction_in_future"
        )
    if notice_url:
        try:
            URLValidator()(notice_url)
        except ValidationError:
            raise ReferenceFormatError(
                f"{notice_url!r} is not a web address.", code="invalid_notice_url"
            ) from None
    reference.retracted_on = on
    reference.retraction_notice_url = notice_url
    reason = f"Retracted on {on:%Y-%m-%d}"
    reference_save(reference=reference, actor=actor, reason=reason)
    return _propagate(
        reference=reference,
        reason=f"Cites a retracted source (reference {reference.pk}, {reason.lower()})",
        actor=actor,
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
        raise ReferenceFormatError("A reference cannot supersede itself.", code="self_supersede")
    if reference.superseded_by_id == by.pk:
        raise ReferenceFormatError(
            "This reference is already marked as superseded by that one.",
            code="already_superseded",
        )
    if by.retracted_on:
        raise ReferenceFormatError(
            "A retracted reference cannot replace another.", code="successor_retracted"
        )
    successor, steps = by, 0
    while successor is not None and steps < 100:
        if successor.superseded_by_id == reference.pk:
            raise ReferenceFormatError(
                "That reference is itself superseded, directly or not, by this one.",
                code="supersede_cycle",
            )
        successor, steps = successor.superseded_by, steps + 1
    reference.superseded_by = by
    reference_save(reference=reference, actor=actor, reason=f"Superseded by reference {by.pk}")
    return _propagate(
        reference=reference,
        reason=f"Cites a superseded source (reference {reference.pk}, replaced by {by.pk})",
        actor=actor,
    )
