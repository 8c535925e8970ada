"""PubMed's MEDLINE format (.nbib from "Cite", or "Save > PubMed format").

A small reader of our own: the `nbib` package on PyPI has had no release since 2021,
depends on the unrelated `dateutils` package, reports a bad line without saying which
record it is in, and drops the book tags (BTI, PB, PL, ED) that PubMed Bookshelf records
use. The format is simple: a tag padded to four characters, "- ", the value;
continuation lines start with six spaces; a blank line ends a record.
(https://www.nlm.nih.gov/bsd/mms/medlineelements.html)
"""

import re

from references.csl import date_from_text, date_to_csl, name_from_text
from references.formats.entries import ParsedEntry, ParsedFile

_TAG = re.compile(r"^([A-Z][A-Z0-9 ]{1,3})- (.*)$")
_CONTINUATION = re.compile(r"^ {6}(\S.*)$")
_ID = re.compile(r"^(\S+)\s*\[(\w+)\]$")

# Publication types, most telling first: a trial that PubMed also files as a journal
# article is a trial.
GENRES = (
    ("Practice Guideline", "Guideline"),
    ("Guideline", "Guideline"),
    ("Systematic Review", "Systematic review"),
    ("Meta-Analysis", "Meta-analysis"),
    ("Randomized Controlled Trial", "Randomized trial"),
    ("Observational Study", "Cohort study"),
    ("Review", "Narrative review"),
    ("Journal Article", "Journal article"),
)


_TYPE_NOTE = re.compile(r"\s*\([^)]*\)$")  # "1533-4406 (Electronic)"
_SUFFIX = re.compile(r"^(.*\S)\s+(Jr|Sr|II|III|IV|2nd|3rd)\.?$")


def _full_name(value: str) -> dict:
    """FAU's "Family, Given" with MEDLINE's unpunctuated suffix ("Frenck, Robert W Jr")."""
    name = name_from_text(value)
    suffix = _SUFFIX.match(name.get("given", ""))
    if suffix and "suffix" not in name:
        name["given"], name["suffix"] = suffix.group(1), suffix.group(2)
    return name


def _records(text: str) -> tuple[list[tuple[int, list[tuple[int, str, str]]]], list[str]]:
    """Each record as (first line, [(line, tag, value)]), and lines that fit no rule."""
    records: list[tuple[int, list[tuple[int, str, str]]]] = []
    errors: list[str] = []
    fields: list[tuple[int, str, str]] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r").rstrip()
        if not line:
            if fields:
                records.append((start, fields))
                fields = []
            continue
        tag = _TAG.match(line)
        if tag:
            if not fields:
                start = number
            fields.append((number, tag.group(1).strip(), tag.group(2).strip()))
            continue
        continuation = _CONTINUATION.match(line)
        if continuation and fields:
            at, name, value = fields[-1]
            fields[-1] = (at, name, f"{value} {continuation.group(1).strip()}")
            continue
        entry = len(records) + 1
        errors.append(
            f"entry {entry} (line {number}): {line.strip()[:60]!r} is not a MEDLINE line "
            "(expected a tag such as 'TI  - ' or a continuation indented by six spaces)"
        )
    if fields:
        records.append((start, fields))
    return records, errors


def _item(fields: list[tuple[int, str, str]], errors: list[str]) -> dict:
    # Long: one line per MEDLINE tag, read like the format's tag table.
    values: dict[str, list[str]] = {}
    authors: list[dict] = []
    editors: list[dict] = []
    previous = ""
    for _line, tag, value in fields:
        values.setdefault(tag, []).append(value)
        # FAU (full name) is followed by AU (initials) for the same person; use the
        # full form, and AU alone only when a record has no FAU lines.
        if tag in ("FAU", "FED"):
            (authors if tag == "FAU" else editors).append(_full_name(value))
        elif tag in ("AU", "ED") and previous != f"F{tag}":
            family, _, initials = value.rpartition(" ")
            name = {"family": family, "given": initials} if family else {"family": value}
            (authors if tag == "AU" else editors).append(name)
        elif tag == "CN":
            authors.append({"literal": value})
        elif tag == "AUID" and authors and value.upper().startswith("ORCID:"):
            # The ORCID of the author just named, kept with the name as Crossref does.
            orcid = value.split(":", 1)[1].strip()
            authors[-1]["ORCID"] = orcid if "orcid.org" in orcid else f"https://orcid.org/{orcid}"
        previous = tag

    def first(tag: str) -> str:
        return values.get(tag, [""])[0]

    if "PMID" not in values:
        errors.append("has no PMID line (each MEDLINE record starts with 'PMID- ')")
    book_title = first("BTI")
    title = first("TI")
    csl_type = ("chapter" if title else "book") if book_title else "article-journal"
    item: dict = {"type": csl_type, "title": title or book_title}
    if first("PMID"):
        item["id"] = f"pmid{first('PMID')}"
        item["PMID"] = first("PMID")
    if authors:
        item["author"] = authors
    if editors:
        item["editor"] = editors
    if csl_type == "chapter":
        item["container-title"] = book_title
    elif csl_type == "article-journal":
        journal = first("TA") or first("JT")
        if journal:
            item["container-title"] = journal
    for tag, key in (("VI", "volume"), ("IP", "issue"), ("PG", "page"), ("PMC", "PMCID")):
        if first(tag):
            item[key] = first(tag)
    if csl_type != "article-journal":
        for tag, key in (("PB", "publisher"), ("PL", "publisher-place"), ("EN", "edition")):
            if first(tag):
                item[key] = first(tag)
    for value in values.get("LID", []) + values.get("AID", []):
        match = _ID.match(value)
        if match and match.group(2).lower() == "doi":
            item["DOI"] = match.group(1)
            break
    published = first("DP")
    if published:
        try:
            item["issued"] = date_to_csl(*date_from_text(published))
        except ValueError as exc:
            errors.append(f"DP (date of publication): {exc}")
    if values.get("AB"):
        item["abstract"] = " ".join(values["AB"])
    if values.get("LA"):
        item["language"] = values["LA"][0]
    serials = [_TYPE_NOTE.sub("", value) for value in values.get("IS", [])]
    if serials and csl_type == "article-journal":
        item["ISSN"] = ", ".join(dict.fromkeys(serials))
    if first("JT") and first("TA") and first("JT") != first("TA"):
        item["container-title-short"] = first("TA")
    types = set(values.get("PT", []))
    for publication_type, genre in GENRES:
        if publication_type in types:
            item["genre"] = genre
            break
    return item


def parse(text: str) -> ParsedFile:
    records, errors = _records(text)
    entries = []
    for number, (line, fields) in enumerate(records, start=1):
        problems: list[str] = []
        item = _item(fields, problems)
        entries.append(ParsedEntry(number=number, line=line, item=item, errors=tuple(problems)))
    return ParsedFile(entries=entries, errors=errors)
