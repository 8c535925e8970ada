"""RIS, as reference managers (EndNote, Zotero, Mendeley) and databases (ScienceDirect,
Scopus, Web of Science, Ovid, PubMed) export it. Every tag may repeat and every value is
kept: the first URL is the link (a protocol-relative "//www..." gets https), the others
go into the note with N1; KW, AB/N2, SN, LA and ST become CSL's keyword, abstract,
ISSN/ISBN, language and title-short. Scopus puts the PubMed ID in C2, Ovid and
PubMed in AN, Web of Science writes the month alone in DA ("MAR") next to PY.

rispy reads the tags, but it silently drops a last record without its `ER` line and
merges two records when an `ER` is missing between them, so we split the file into
records ourselves, check the structure line by line, and hand rispy one record at a time.
"""

import re

import rispy

from references.csl import date_from_text, date_to_csl, name_from_text
from references.formats.entries import ParsedEntry, ParsedFile, one_line
from references.richtext import rich_text_plain

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_WRITER_HEADER = re.compile(r"^\d+\.$")  # rispy's writer numbers records "1.", "2.", ...
_PMID = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.IGNORECASE)
_PMCID = re.compile(r"\b(PMC\d{1,10})\b", re.IGNORECASE)
_PUBMED_URL = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d{1,9})\b")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")  # Scopus's "09248579 (ISSN)"
# MEDLINE's "Family Initials" (Ovid and PubMed RIS): "Hartvigsen J", "La Scola B".
_MEDLINE_NAME = re.compile(r"^((?:[A-Z][\w'\u2019-]*\s){1,3})([A-Z]{1,3})$")
_MONTH_DAY = re.compile(r"^[A-Za-z]{3,9}\.?(?:\s+\d{1,2})?$")
# The tags that repeat in real exports, as lists, so that a repeated tag (two SN, three
# UR) loses nothing. (Not every tag: rispy joins a continuation line only onto a tag
# that is not a list, and long titles and abstracts continue.)
_LIST_TAGS = [*rispy.LIST_TYPE_TAGS, "SN", "AD", "L1", "L2", "L4", "C2"]

TYPES = {
    "JOUR": "article-journal",
    "JFULL": "article-journal",
    "EJOUR": "article-journal",
    "INPR": "article-journal",
    "ABST": "article-journal",
    "MGZN": "article-journal",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "CPAPER": "chapter",
    "CONF": "chapter",
    "RPRT": "report",
    "GOVDOC": "report",
    "STAND": "report",
    "ELEC": "webpage",
    "WEB": "webpage",
    "BLOG": "webpage",
    "DATA": "dataset",
    "DBASE": "dataset",
}
WRITTEN_TYPES = {
    "article-journal": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "report": "RPRT",
    "webpage": "ELEC",
    "dataset": "DATA",
    "document": "GEN",
}
_EDITED = {"book", "chapter"}


class _Writer(rispy.RisWriter):
    def set_header(self, count: int) -> str:
        return ""  # No "1." line before each record: not part of the RIS tags.


def _records(text: str) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """(first line number, lines) of each record, and structural errors."""
    records: list[tuple[int, list[str]]] = []
    errors: list[str] = []
    current: list[str] | None = None
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        match = _TAG.match(line)
        tag = match.group(1) if match else None
        if current is None:
            if tag == "TY":
                current, start = [line], number
            elif line.strip() and not _WRITER_HEADER.match(line.strip()):
                errors.append(
                    f"line {number}: {line.strip()[:60]!r} is outside a reference "
                    "(each reference starts with a 'TY  - ' line)"
                )
            continue
        if tag == "TY":
            errors.append(
                f"entry {len(records) + 1} (line {start}): has no 'ER  - ' line before the "
                f"next reference starts on line {number}"
            )
            records.append((start, [*current, "ER  - "]))
            current, start = [line], number
        elif tag == "ER":
            records.append((start, [*current, "ER  - "]))
            current = None
        else:
            current.append(line)
    if current is not None:
        errors.append(
            f"entry {len(records) + 1} (line {start}): the file ends before its 'ER  - ' line"
        )
        records.append((start, [*current, "ER  - "]))
    return records, errors


def _first(record: dict, *keys: str) -> str:
    for key in keys:
        value = record.get(key)
        values = value if isinstance(value, list) else [value]
        for value in values:
            if value and str(value).strip():
                return one_line(value)
    return ""


def _all(record: dict, *keys: str) -> list[str]:
    values: list[str] = []
    for key in keys:
        value = record.get(key) or []
        values.extend(value if isinstance(value, list) else [value])
    return [one_line(value) for value in values if str(value).strip()]


def _item(record: dict, errors: list[str]) -> dict:
    # Long: one line per RIS tag, read like the format's tag table.
    code = _first(record, "type_of_reference").upper()
    csl_type = TYPES.get(code, "document")
    item: dict = {"type": csl_type}
    unknown = record.get("unknown_tag") or {}

    def put(key: str, value):
        if value:
            item[key] = value

    put("id", _first(record, "id"))
    put("title", _first(record, "title", "primary_title"))
    put("author", [_person(name) for name in _all(record, "authors", "first_authors")])
    if csl_type in _EDITED:
        editors = _all(record, "secondary_authors") + [one_line(v) for v in unknown.get("ED", [])]
        put("editor", [_person(name) for name in editors])
    if csl_type == "article-journal":
        # Both house styles print the NLM abbreviation, so it wins over the full name.
        put(
            "container-title",
            _first(
                record,
                "alternate_title1",
                "alternate_title2",
                "journal_name",
                "secondary_title",
                "alternate_title3",
            ),
        )
    elif csl_type in ("chapter", "webpage"):
        put("container-title", _first(record, "secondary_title", "journal_name"))
    put("genre", _first(record, "type_of_work"))
    put("publisher", _first(record, "publisher"))
    put("publisher-place", _first(record, "place_published"))
    put("edition", _first(record, "edition"))
    put("volume", _first(record, "volume"))
    put("issue", _first(record, "number"))
    if csl_type in ("report", "document"):
        put("number", _first(record, "note"))
    start, end = _first(record, "start_page"), _first(record, "end_page")
    # Scopus and EndNote give an e-journal's article number in C7 instead of pages.
    start = start or _first(record, "custom7")
    put("page", f"{start}-{end}" if start and end and end != start else start)
    put("DOI", _first(record, "doi"))
    urls = _all(record, "urls")
    put("URL", urls[0] if urls else "")
    put("abstract", "\n".join(_all(record, "abstract", "notes_abstract")))
    put("keyword", ", ".join(_all(record, "keywords")))
    put("note", "\n".join(_all(record, "notes") + [f"Also at {url}" for url in urls[1:]]))
    serials = [_PARENTHESIS.sub("", value).strip() for value in _all(record, "issn")]
    put("ISBN" if csl_type in _EDITED else "ISSN", ", ".join(dict.fromkeys(serials)))
    put("language", _first(record, "language"))
    put("title-short", _first(record, "short_title"))
    issued = _date(_first(record, "date"), _first(record, "year", "publication_year"), errors)
    put("issued", issued)
    accessed = _first(record, "access_date")
    if accessed:
        try:
            put("accessed", date_to_csl(*date_from_text(accessed)))
        except ValueError as exc:
            errors.append(f"Y2 (accessed): {exc}")
    put("PMID", _pmid(record))
    put("PMCID", _pmcid(record))
    return item


def _person(text: str) -> dict:
    """A name from "Family, Given" or, as Ovid and PubMed write it, "Family Initials";
    anything else is an organisation."""
    medline = _MEDLINE_NAME.match(one_line(text))
    if "," not in text and medline:
        return {"family": medline.group(1).strip(), "given": medline.group(2)}
    return name_from_text(text)


def _date(full: str, year_text: str, errors: list[str]) -> dict | None:
    """DA holds the full date, PY the year (often "2020///" in older files); Web of
    Science writes the month (and day) alone in DA: "MAR", "MAR 15"."""
    month_only = _MONTH_DAY.match(full)
    year = year_text.strip("/")[:4]
    if month_only and year.isdigit():
        full = f"{year} {full}"
    for label, value in (("DA", full), ("PY", year_text)):
        if not value:
            continue
        try:
            year, month, day = date_from_text(value.strip("/"))
        except ValueError as exc:
            errors.append(f"{label} (date): {exc}")
            return None
        if year:
            return date_to_csl(year, month, day)
    return None


def _pmid(record: dict) -> str:
    accession = _first(record, "accession_number")
    database = _first(record, "name_of_database", "database_provider").lower()
    if accession.isdigit() and any(name in database for name in ("pubmed", "medline", "nlm")):
        return accession
    if "scopus" in database and _first(record, "custom2").isdigit():
        return _first(record, "custom2")  # Scopus's "C2  - 32205204"
    unknown = record.get("unknown_tag") or {}
    if unknown.get("PM") and str(unknown["PM"][0]).strip().isdigit():
        return str(unknown["PM"][0]).strip()  # Web of Science's PubMed ID tag
    for value in [accession, *_all(record, "notes", "custom1", "note")]:
        match = _PMID.search(value)
        if match:
            return match.group(1)
    for url in _all(record, "urls"):  # EndNote links the PubMed record
        match = _PUBMED_URL.search(url)
        if match:
            return match.group(1)
    return ""


def _pmcid(record: dict) -> str:
    for value in _all(record, "custom2", "notes", "custom1"):
        match = _PMCID.search(value)
        if match:
            return match.group(1).upper()
    return ""


def parse(text: str) -> ParsedFile:
    records, structure_errors = _records(text)
    entries = []
    for number, (line, lines) in enumerate(records, start=1):
        errors: list[str] = []
        parsed = rispy.loads("\n".join(lines), list_tags=_LIST_TAGS)
        item = _item(parsed[0], errors) if parsed else {}
        entries.append(ParsedEntry(number=number, line=line, item=item, errors=tuple(errors)))
    return ParsedFile(entries=entries, errors=structure_errors)


def _record(item: dict) -> dict:
    record: dict = {"type_of_reference": WRITTEN_TYPES.get(item.get("type"), "GEN")}

    def put(key: str, value):
        if value:
            record[key] = (
                [one_line(v) for v in value] if isinstance(value, list) else one_line(value)
            )

    put("id", item.get("id"))
    put("title", rich_text_plain(str(item.get("title") or "")))
    put("authors", [_name(name) for name in item.get("author") or []])
    put("secondary_authors", [_name(name) for name in item.get("editor") or []])
    key = "journal_name" if item.get("type") == "article-journal" else "secondary_title"
    put(key, rich_text_plain(str(item.get("container-title") or "")))
    put("type_of_work", item.get("genre"))
    put("publisher", item.get("publisher"))
    put("place_published", item.get("publisher-place"))
    put("edition", item.get("edition"))
    put("note", item.get("number"))
    put("volume", item.get("volume"))
    put("number", item.get("issue"))
    start, _, end = str(item.get("page") or "").partition("-")
    put("start_page", start)
    put("end_page", end)
    put("year", _year(item.get("issued")))
    put("date", _slashed(item.get("issued")))
    put("access_date", _slashed(item.get("accessed")))
    put("doi", item.get("DOI"))
    put("urls", [item["URL"]] if item.get("URL") else [])
    if item.get("PMID"):
        put("accession_number", item["PMID"])
        put("name_of_database", "PubMed")
    put("custom2", item.get("PMCID"))
    # The CSL variables RIS has a tag for, so that an export keeps what an import kept.
    put("abstract", _joined(item.get("abstract")))
    put("keywords", [k.strip() for k in _joined(item.get("keyword")).split(",") if k.strip()])
    put("notes", [_joined(item.get("note"))] if item.get("note") else [])
    put("issn", _joined(item.get("ISSN") or item.get("ISBN")))
    put("language", _joined(item.get("language")))
    put("short_title", rich_text_plain(_joined(item.get("title-short"))))
    return record


def _joined(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if isinstance(v, str | int))
    return str(value) if isinstance(value, str | int) else ""


def _name(name: dict) -> str:
    if name.get("literal"):
        return name["literal"]
    family = " ".join(
        part for part in (name.get("non-dropping-particle"), name.get("family")) if part
    )
    return ", ".join(part for part in (family, name.get("given"), name.get("suffix")) if part)


def _parts(value) -> list:
    try:
        return [int(part) for part in (value or {}).get("date-parts", [[]])[0]]
    except (TypeError, ValueError, IndexError, AttributeError):
        return []


def _year(value) -> str:
    parts = _parts(value)
    return str(parts[0]) if parts else ""


def _slashed(value) -> str:
    """RIS dates are "YYYY/MM/DD/" with empty parts left empty."""
    parts = _parts(value)
    if not parts:
        return ""
    padded = [f"{parts[0]:04d}"] + [f"{part:02d}" for part in parts[1:3]]
    return "/".join(padded + [""] * (3 - len(padded))) + "/"


def dump(items: list[dict]) -> str:
    return rispy.dumps([_record(item) for item in items], implementation=_Writer)
