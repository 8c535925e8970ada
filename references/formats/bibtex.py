"""BibTeX and BibLaTeX, read and written with bibtexparser 2.

Names are split by bibtexparser but decoded here: its LaTeX decoder does not reach
lists of names, and an organisation written in braces ("{World Health Organization}")
must stay one name rather than become "Organization, World Health". LaTeX is decoded by
references.formats.latex (titles keep emphasis, superscripts and subscripts as CSL rich
text).

BibLaTeX as JabRef and biber's examples write it: `@string` macros and month macros
(`month = mar`); `crossref` and `xdata` inheritance (a child gets the fields it lacks from
its parent; a parent's title becomes the child's booktitle); `@set` and `@xdata` entries,
which group or hold fields for other entries, are not references of their own and are
named in the report's warnings; `date` in EDTF (`2009-10`, ranges `2009-10/2009-12`).
"""

import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.library import Library
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    Entry,
    Field,
    ParsingFailedBlock,
)

from references.csl import date_from_text, date_read, date_to_csl
from references.formats.entries import ParsedEntry, ParsedFile, one_line
from references.formats.latex import latex_decode
from references.richtext import rich_text_latex, rich_text_plain

TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inreference": "chapter",
    "incollection": "chapter",
    "inproceedings": "chapter",
    "conference": "chapter",
    "techreport": "report",
    "report": "report",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "dataset": "dataset",
}
WRITTEN_TYPES = {
    "article-journal": "article",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "webpage": "online",
    "dataset": "dataset",
    "document": "misc",
}
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:.-]")
_LATEX_SPECIAL = re.compile(r"([&%$#_])")


def _decode(value: str, *, rich: bool = False) -> str:
    return one_line(latex_decode(value, rich=rich))


# Entries that are no reference of their own.
NOT_REFERENCES = {"set": "groups", "xdata": "holds fields for"}
# biblatex's inheritance: a parent's field under another name in the child.
_INHERITED_AS = {"title": "booktitle", "subtitle": "booksubtitle", "author": "bookauthor"}
_IN_BOOK = {"inbook", "incollection", "inproceedings", "bookinbook", "suppbook", "suppcollection"}
_NEVER_INHERITED = {
    "ids",
    "crossref",
    "xref",
    "entryset",
    "entrysubtype",
    "execute",
    "label",
    "options",
    "presort",
    "related",
    "relatedoptions",
    "relatedstring",
    "relatedtype",
    "shorthand",
    "shorthandintro",
    "sortkey",
    "xdata",
}


def _inherit(entry: Entry, parents: dict[str, Entry]) -> None:
    """Fill the entry's missing fields from its crossref and xdata parents."""
    fields = {key.lower(): field for key, field in entry.fields_dict.items()}
    sources = []
    for key in ("xdata", "crossref"):
        if key in fields and isinstance(fields[key].value, str):
            sources += [name.strip() for name in fields[key].value.split(",") if name.strip()]
    for name in sources:
        parent = parents.get(name)
        if parent is None:
            continue
        child_in_book = entry.entry_type.lower() in _IN_BOOK
        for key, field in parent.fields_dict.items():
            key = key.lower()
            if key in _NEVER_INHERITED:
                continue
            target = _INHERITED_AS.get(key, key) if child_in_book else key
            if target not in fields:
                entry.set_field(Field(target, field.value))
                fields[target] = field


def _name(text: str) -> dict:
    text = text.strip()
    if text.startswith("{") and text.endswith("}") and text.count("{") == 1:
        return {"literal": _decode(text[1:-1])}
    parts = parse_single_name_into_parts(text, strict=False)
    family = _decode(" ".join(parts.last))
    if not parts.first and not parts.von and " " in family:
        return {"literal": family}
    name = {"family": family}
    for key, words in (
        ("given", parts.first),
        ("non-dropping-particle", parts.von),
        ("suffix", parts.jr),
    ):
        if words:
            name[key] = _decode(" ".join(words))
    return name


def _month(value: str) -> int | None:
    value = value.strip().lower()
    if value.isdigit():
        return int(value)
    return _MONTHS.get(value[:3])


def _item(entry: Entry, errors: list[str]) -> dict:
    # Long: one line per BibTeX field, read like the format's field table.
    fields = {key.lower(): value for key, value in entry.fields_dict.items()}

    def text(*keys: str, rich: bool = False) -> str:
        for key in keys:
            if key in fields and isinstance(fields[key].value, str) and fields[key].value.strip():
                return _decode(fields[key].value, rich=rich)
        return ""

    entry_type = entry.entry_type.lower()
    csl_type = TYPES.get(entry_type, "document")
    if entry_type == "misc" and text("url", "howpublished").startswith("http"):
        csl_type = "webpage"
    item: dict = {"type": csl_type, "id": entry.key}

    def put(key: str, value):
        if value:
            item[key] = value

    title, subtitle = text("title", rich=True), text("subtitle", rich=True)
    put("title", f"{title}: {subtitle}" if title and subtitle else title)
    for field, key in (("author", "author"), ("editor", "editor")):
        if field in fields:
            value = fields[field].value
            put(key, [_name(name) for name in (value if isinstance(value, list) else [value])])
    if csl_type == "article-journal":
        put(
            "container-title",
            text("shortjournal", "journalabbrev", "journal", "journaltitle", rich=True),
        )
        put("issue", text("number", "issue"))
    else:
        put("container-title", text("booktitle", "maintitle", "organization", rich=True))
        put("number", text("number"))
    put("genre", text("type"))
    put("publisher", text("publisher", "institution", "organization"))
    put("publisher-place", text("address", "location"))
    put("edition", text("edition"))
    put("volume", text("volume"))
    put("page", text("pages"))
    put("DOI", text("doi"))
    put(
        "URL", text("url", "howpublished") if text("url", "howpublished").startswith("http") else ""
    )
    eprint_type = text("eprinttype", "archiveprefix").lower()
    put("PMID", text("pmid") or (text("eprint") if eprint_type == "pubmed" else ""))
    put("PMCID", text("pmcid") or (text("eprint") if eprint_type == "pmc" else ""))
    for key, variable in (
        ("abstract", "abstract"),
        ("issn", "ISSN"),
        ("isbn", "ISBN"),
        ("language", "language"),
        ("langid", "language"),
        ("note", "note"),
        ("addendum", "note"),
        ("keywords", "keyword"),
        ("series", "collection-title"),
    ):
        if variable not in item:
            put(variable, text(key))
    put("title-short", text("shorttitle", rich=True))
    try:
        if text("date"):
            found = date_read(text("date"))
            if found.kept and "literal" in found.kept:
                raise ValueError(f"{text('date')!r} is not a date (expected e.g. 2020-03-05)")
            put("issued", found.kept or date_to_csl(*found.parts))
        elif text("year"):
            year = text("year")
            month = _month(text("month")) if text("month") else None
            if not year.isdigit():
                raise ValueError(f"{year!r} is not a year")
            if text("month") and month is None:
                raise ValueError(f"{text('month')!r} is not a month")
            put("issued", date_to_csl(int(year), month, None))
    except ValueError as exc:
        errors.append(f"date: {exc}")
    if text("urldate"):
        try:
            put("accessed", date_to_csl(*date_from_text(text("urldate"))))
        except ValueError as exc:
            errors.append(f"urldate: {exc}")
    return item


def parse(text: str) -> ParsedFile:
    stack = [*middlewares.default_parse_stack(), middlewares.SeparateCoAuthors()]
    library = bibtexparser.parse_string(text, parse_stack=stack)
    entries: list[ParsedEntry] = []
    # Decoding of the plain (non-name) fields is done per field in _item, so that one
    # bad LaTeX sequence is reported against its entry.
    parents = {block.key: block for block in library.blocks if isinstance(block, Entry)}
    warnings: list[str] = []
    for block in library.blocks:
        if not isinstance(block, Entry | ParsingFailedBlock):
            continue  # @string, @preamble and comments carry no reference.
        kind = block.entry_type.lower() if isinstance(block, Entry) else ""
        if kind in NOT_REFERENCES and not isinstance(block, DuplicateBlockKeyBlock):
            members = block.fields_dict.get("entryset")
            what = f" {members.value}" if members is not None else " other entries"
            line = block.start_line + 1 if block.start_line is not None else "?"
            warnings.append(
                f"line {line}: @{kind}{{{block.key}}} {NOT_REFERENCES[kind]}{what}; "
                "not a reference of its own"
            )
            continue
        if isinstance(block, Entry):
            _inherit(block, parents)
        number = len(entries) + 1
        line = block.start_line + 1 if block.start_line is not None else None
        if isinstance(block, DuplicateBlockKeyBlock):
            problem = f"uses the key {block.key!r} again (keys must be unique in a file)"
            entries.append(ParsedEntry(number=number, line=line, item={}, errors=(problem,)))
        elif isinstance(block, ParsingFailedBlock):
            reason = getattr(block.error, "abort_reason", "") or str(block.error)
            problem = f"cannot be read: {one_line(reason)}"
            entries.append(ParsedEntry(number=number, line=line, item={}, errors=(problem,)))
        else:
            errors: list[str] = []
            item = _item(block, errors)
            entries.append(ParsedEntry(number=number, line=line, item=item, errors=tuple(errors)))
    return ParsedFile(entries=entries, warnings=warnings)


def _escape(value: str) -> str:
    """LaTeX's special characters escaped, and braces balanced so that a title cannot
    close its field early."""
    value = _LATEX_SPECIAL.sub(r"\\\1", one_line(value))
    if value.count("{") != value.count("}"):
        value = value.replace("{", "").replace("}", "")
    return value


def _rich(value) -> str:
    """A title with its CSL rich text as LaTeX (\\textit{...}, {nocase}), the text
    between escaped; braces balanced as _escape does."""
    written = rich_text_latex(
        one_line(str(value or "")), lambda text: _LATEX_SPECIAL.sub(r"\\\1", text)
    )
    if written.count("{") != written.count("}"):
        return _escape(rich_text_plain(str(value or "")))
    return written


def _bib_name(name: dict) -> str:
    if name.get("literal"):
        return "{" + _escape(name["literal"]) + "}"
    family = " ".join(
        part for part in (name.get("non-dropping-particle"), name.get("family")) if part
    )
    parts = [_escape(family)]
    if name.get("suffix"):
        parts.append(_escape(name["suffix"]))
    if name.get("given"):
        parts.append(_escape(name["given"]))
    return ", ".join(parts)


def _key(item: dict, number: int, used: set[str]) -> str:
    key = _KEY_UNSAFE.sub("", str(item.get("id") or "")) or f"ref{number}"
    candidate, suffix = key, 1
    while candidate in used:
        suffix += 1
        candidate = f"{key}-{suffix}"
    used.add(candidate)
    return candidate


def _entry(item: dict, key: str) -> Entry:
    csl_type = item.get("type") or "document"
    fields: list[Field] = []

    def put(name: str, value):
        if value:
            fields.append(Field(name, value))

    put("title", _rich(item.get("title", "")))
    for key_name, field in (("author", "author"), ("editor", "editor")):
        names = [_bib_name(n) for n in item.get(key_name) or [] if isinstance(n, dict)]
        put(field, " and ".join(names))
    container = _rich(item.get("container-title", ""))
    if csl_type == "article-journal":
        put("journal", container)
        put("number", _escape(str(item.get("issue", ""))))
    else:
        put("booktitle", container)
        put("number", _escape(str(item.get("number", ""))))
    put("type", _escape(item.get("genre", "")))
    put("publisher", _escape(item.get("publisher", "")))
    put("address", _escape(item.get("publisher-place", "")))
    put("edition", _escape(str(item.get("edition", ""))))
    put("volume", _escape(str(item.get("volume", ""))))
    put("pages", _escape(str(item.get("page", ""))).replace("-", "--"))
    parts = _date_parts(item.get("issued"))
    if parts:
        put("year", str(parts[0]))
        if len(parts) > 1:
            put("month", str(parts[1]))
        if len(parts) == 3:
            # BibTeX has no day; BibLaTeX's date field keeps it (and wins over year).
            put("date", "{:04d}-{:02d}-{:02d}".format(*parts))
    accessed = _date_parts(item.get("accessed"))
    if len(accessed) == 3:
        put("urldate", "{:04d}-{:02d}-{:02d}".format(*accessed))
    put("doi", one_line(item.get("DOI", "")))
    put("pmid", one_line(str(item.get("PMID", ""))))
    put("pmcid", one_line(item.get("PMCID", "")))
    put("url", one_line(item.get("URL", "")))
    return Entry(WRITTEN_TYPES.get(csl_type, "misc"), key, fields)


def _date_parts(value) -> list[int]:
    try:
        return [int(part) for part in (value or {}).get("date-parts", [[]])[0]]
    except (TypeError, ValueError, IndexError, AttributeError):
        return []


def dump(items: list[dict]) -> str:
    used: set[str] = set()
    library = Library([_entry(item, _key(item, n, used)) for n, item in enumerate(items, 1)])
    return bibtexparser.write_string(library)
