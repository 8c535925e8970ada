"""Reading CSL items (CSL-JSON, and CSL YAML as Pandoc writes it) into Reference fields.

CSL-JSON is the library's exchange shape (revisions freeze cited references as CSL items,
and every import format is read into CSL items first), so this module is the one place
that knows how a CSL item's keys become a Reference's fields and back. What it does with
each key, per docs/references.md:

- mapped: the variables a Reference has a column for (title, author, issued, DOI...);
- kept: every other CSL 1.0.2 variable (title-short, language, ISSN, abstract, note...),
  Crossref's update-to/updated-by/relation, and whatever a date says beyond its start,
  in `Reference.csl_extra`, written back by `Reference.to_csl()`;
- warned: keys that are not CSL (Crossref's "indexed", "score", "reference"...) and
  types filed under another, named in the import report and not kept;
- refused: a value that cannot be what its variable is (a name without a family name
  or organisation, a date that is no date, a title that is not text), naming the field.
"""

import datetime
import re
from dataclasses import dataclass, field

from references.csl.dates import date_read
from references.csl.names import names_clean, names_problems
from references.csl.variables import DATES, NAMES, variable_name

# The item types of CSL 1.0.2; the ones we keep as they are, and how we file the others.
CSL_TYPES = frozenset(
    [
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "bill",
        "book",
        "broadcast",
        "chapter",
        "classic",
        "collection",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "event",
        "figure",
        "graphic",
        "hearing",
        "interview",
        "legal_case",
        "legislation",
        "manuscript",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
        "paper-conference",
        "patent",
        "performance",
        "periodical",
        "personal_communication",
        "post",
        "post-weblog",
        "regulation",
        "report",
        "review",
        "review-book",
        "software",
        "song",
        "speech",
        "standard",
        "thesis",
        "treaty",
        "webpage",
    ]
)
KNOWN_TYPES = frozenset(
    {"article-journal", "book", "chapter", "report", "document", "webpage", "dataset"}
)
TYPE_ALIASES = {
    "article": "article-journal",
    "article-magazine": "article-journal",
    "article-newspaper": "article-journal",
    "review": "article-journal",
    "review-book": "article-journal",
    "paper-conference": "chapter",
    "entry": "chapter",
    "entry-encyclopedia": "chapter",
    "entry-dictionary": "chapter",
    "post": "webpage",
    "post-weblog": "webpage",
    "standard": "report",
    "pamphlet": "document",
    "manuscript": "document",
    "thesis": "document",
    "legislation": "document",
    # Crossref's own work types, which its CSL-JSON sometimes passes through.
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "proceedings-article": "chapter",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "posted-content": "document",
}

# CSL variable -> Reference column (text columns).
TEXT_COLUMNS = {
    "title": "title",
    "genre": "genre",
    "container-title": "container_title",
    "publisher": "publisher",
    "publisher-place": "publisher_place",
    "edition": "edition",
    "number": "number",
    "volume": "volume",
    "issue": "issue",
    "page": "pages",
    "DOI": "doi",
    "PMID": "pmid",
    "PMCID": "pmcid",
    "URL": "url",
}
NAME_COLUMNS = {"author": "authors", "editor": "editors"}
MAPPED = {"id", "type", "issued", "accessed", *TEXT_COLUMNS, *NAME_COLUMNS}
_CITEKEY_LIMIT = 100
_NOTE_PMID = re.compile(r"\bPMID:\s*(\d{1,9})\b", re.IGNORECASE)
_NOTE_PMCID = re.compile(r"\bPMCID:\s*(PMC\d{1,10})\b", re.IGNORECASE)


def genre_key(genre: str) -> str:
    """The form of a genre that rules are keyed by: lower case, single spaces, so that
    "Drug label", "drug-label" and "DRUG LABEL" are one genre."""
    return " ".join((genre or "").replace("_", " ").replace("-", " ").split()).lower()


def pages_expand(pages: str) -> str:
    """A page range written out in full with a hyphen ("845-53", and ranges with an en
    dash, become "845-853"), as stored; styles that abbreviate ranges do so when
    printing."""
    pages = pages.replace("\u2013", "-").replace("--", "-").replace(" ", "")
    first, dash, last = pages.partition("-")
    if dash and first.isdigit() and last.isdigit() and len(last) < len(first):
        return f"{first}-{first[: len(first) - len(last)]}{last}"
    return pages


def url_fixed(url: str) -> str:
    """A link as a browser would follow it: ScienceDirect's and EndNote's
    protocol-relative "//www..." and a bare "www..." get https."""
    if url.startswith("//"):
        return f"https:{url}"
    if url.lower().startswith("www."):
        return f"https://{url}"
    return url


def _text(value) -> str:
    """A text variable's value: text, or a number (YAML reads `volume: 12` as one)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise TypeError
    return " ".join(value.split())


def _json_safe(value):
    """The value as JSON can hold it (YAML gives dates and datetimes), or TypeError."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError


@dataclass
class CslRead:
    """What reading one item found: the Reference fields, refusals (each naming its
    variable) and warnings (what was not kept)."""

    fields: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _canonical_item(item: dict, read: CslRead) -> dict:
    """The item with its keys spelt as CSL spells them; non-CSL keys warned and
    dropped; a key given twice in two spellings is refused."""
    canonical: dict = {}
    ignored = []
    for key, value in item.items():
        name = variable_name(key)
        if name is None:
            ignored.append(str(key))
            continue
        if name in canonical and value != canonical[name]:
            read.errors.append(f"{key}: {name} is given twice, with different values")
            continue
        if value in (None, "", [], {}):
            continue
        canonical[name] = value
    if ignored:
        read.warnings.append(f"not kept (not CSL variables): {', '.join(sorted(ignored))}")
    return canonical


def _columns(item: dict, read: CslRead) -> None:
    fields = read.fields
    csl_type = item.get("type") or "document"
    if not isinstance(csl_type, str):
        read.errors.append("type must be text")
        csl_type = "document"
    if csl_type not in KNOWN_TYPES and csl_type not in CSL_TYPES | set(TYPE_ALIASES):
        read.errors.append(f"type '{csl_type}' is not a CSL type (e.g. article-journal, book)")
        csl_type = "document"
    elif csl_type not in KNOWN_TYPES:
        filed = TYPE_ALIASES.get(csl_type, "document")
        read.warnings.append(f"type '{csl_type}' is filed as '{filed}'")
        csl_type = filed
    fields["csl_type"] = csl_type
    try:
        citekey = _text(item.get("id"))
    except TypeError:
        citekey = ""
        read.warnings.append("id is not text; not kept")
    if len(citekey) > _CITEKEY_LIMIT:
        read.warnings.append(f"id is over {_CITEKEY_LIMIT} characters; not kept")
        citekey = ""
    fields["citekey"] = citekey
    for key, column in TEXT_COLUMNS.items():
        try:
            fields[column] = _text(item.get(key))
        except TypeError:
            read.errors.append(f"{key} must be text")
    if not fields.get("title") and "title must be text" not in read.errors:
        read.errors.append("title: is missing")
    fields["pages"] = pages_expand(fields.get("pages", ""))
    fields["url"] = url_fixed(fields.get("url", ""))
    note = item.get("note") if isinstance(item.get("note"), str) else ""
    for column, pattern in (("pmid", _NOTE_PMID), ("pmcid", _NOTE_PMCID)):
        # Zotero writes PubMed ids it has no field for into the note ("PMID: 123").
        match = pattern.search(note) if not fields.get(column) else None
        if match:
            fields[column] = match.group(1)
    for key, column in NAME_COLUMNS.items():
        names = item.get(key) or []
        names = names_clean(names) if isinstance(names, list) else names
        problems = names_problems(names)
        if problems:
            read.errors.extend(f"{key}: {problem}" for problem in problems)
        else:
            fields[column] = names


def _dates(item: dict, read: CslRead, extra: dict) -> None:
    try:
        issued = date_read(item.get("issued"))
    except ValueError as exc:
        read.errors.append(f"issued: {exc}")
    else:
        year, month, day = issued.parts
        read.fields.update(issued_year=year, issued_month=month, issued_day=day)
        if issued.kept:
            extra["issued"] = issued.kept
    try:
        accessed = date_read(item.get("accessed"))
    except ValueError as exc:
        read.errors.append(f"accessed: {exc}")
    else:
        year, month, day = accessed.parts
        if year and month and day:
            read.fields["accessed"] = datetime.date(year, month, day)
        elif year:
            read.errors.append("accessed: the date a page was read needs a day, month and year")
    for key in DATES:
        if key in ("issued", "accessed") or key not in item:
            continue
        try:
            found = date_read(item[key])
        except ValueError as exc:
            read.errors.append(f"{key}: {exc}")
            continue
        if found.kept:
            extra[key] = found.kept
        elif found.parts[0]:
            extra[key] = {"date-parts": [[p for p in found.parts if p is not None]]}


def _kept(item: dict, read: CslRead, extra: dict) -> None:
    for key, value in item.items():
        if key in MAPPED or key in DATES:
            continue
        if key in NAMES:
            value = names_clean(value) if isinstance(value, list) else value
            problems = names_problems(value)
            if problems:
                read.errors.extend(f"{key}: {problem}" for problem in problems)
            else:
                extra[key] = value
            continue
        try:
            extra[key] = _json_safe(value)
        except TypeError:
            read.errors.append(f"{key}: cannot be kept ({type(value).__name__})")


def csl_item_read(item) -> CslRead:
    """Reference field values from a CSL item (`csl_extra` holding what has no column),
    what is wrong with it and what was not kept. Identifiers are left for the model's
    clean() to normalise."""
    read = CslRead()
    if not isinstance(item, dict):
        read.errors.append("is not a CSL-JSON object")
        return read
    item = _canonical_item(item, read)
    extra: dict = {}
    _columns(item, read)
    _dates(item, read, extra)
    _kept(item, read, extra)
    read.fields["csl_extra"] = extra
    return read


def reference_fields_from_csl(item: dict) -> tuple[dict, list[str]]:
    """Reference field values from a CSL item, and what is wrong with the item (as
    sentences). Identifiers are left for the model's clean() to normalise."""
    read = csl_item_read(item)
    return read.fields, read.errors
