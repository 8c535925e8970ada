"""Reading and writing reference files. Every format is read into CSL-JSON items first
(one `ParsedEntry` per entry in the file, numbered from 1), so that one mapping
(references.csl) turns them into library records; and every export works on CSL items,
so that a frozen revision's bibliography exports exactly as it was approved.

| name       | read                  | write |
|------------|-----------------------|-------|
| ris        | rispy, per record     | yes   |
| bibtex     | bibtexparser 2        | yes   |
| csl-json   | json                  | yes   |
| nbib       | our own MEDLINE parser| no    |
| csl-yaml   | PyYAML (safe, no alias)| yes  |
"""

import re
from pathlib import PurePath

from django.utils.translation import gettext

from references.errors import ReferenceFormatError
from references.formats import bibtex, csljson, cslyaml, nbib, ris
from references.formats.entries import ParsedEntry, ParsedFile

READERS = {
    "ris": ris.parse,
    "bibtex": bibtex.parse,
    "csl-json": csljson.parse,
    "csl-yaml": cslyaml.parse,
    "nbib": nbib.parse,
}
WRITERS = {
    "ris": ris.dump,
    "bibtex": bibtex.dump,
    "csl-json": csljson.dump,
    "csl-yaml": cslyaml.dump,
}
EXTENSIONS = {
    ".ris": "ris",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".json": "csl-json",
    ".yaml": "csl-yaml",
    ".yml": "csl-yaml",
    ".nbib": "nbib",
    ".medline": "nbib",
}

__all__ = [
    "EXTENSIONS",
    "READERS",
    "WRITERS",
    "ParsedEntry",
    "ParsedFile",
    "bibliography_export",
    "entries_parse",
    "format_detect",
    "format_from_filename",
]


def format_from_filename(name: str) -> str | None:
    """The format a file name suggests (".bib" -> "bibtex"), or None."""
    return EXTENSIONS.get(PurePath(name).suffix.lower())


def _unknown(fmt: str, known) -> ReferenceFormatError:
    return ReferenceFormatError(
        gettext("There is no reference format '%(format)s'; use one of %(known)s.")
        % {"format": fmt, "known": ", ".join(known)},
        code="unknown_format",
    )


def entries_parse(*, text: str, fmt: str) -> ParsedFile:
    """The entries of a reference file as CSL items, each with what is wrong with it.
    Raises ReferenceFormatError when the file as a whole cannot be read."""
    try:
        reader = READERS[fmt]
    except KeyError:
        raise _unknown(fmt, READERS) from None
    try:
        parsed = reader(text)
    except RecursionError:
        # Brackets or braces nested thousands deep: the JSON and BibTeX readers recurse.
        raise ReferenceFormatError(
            gettext("The file nests brackets or braces too deeply to be a reference file."),
            code="unreadable",
        ) from None
    if not parsed.entries and not parsed.errors:
        raise ReferenceFormatError(
            gettext("The file has no %(format)s references in it.") % {"format": fmt},
            code="no_entries",
        )
    return parsed


def bibliography_export(*, items: list[dict], fmt: str) -> str:
    """A bibliography (CSL items, e.g. a revision's frozen references in citation order)
    as a RIS, BibTeX or CSL-JSON file."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise _unknown(fmt, WRITERS) from None
    return writer(items)


_RIS_START = re.compile(r"^TY  - ", re.MULTILINE)
_MEDLINE_START = re.compile(r"^PMID- ?\d", re.MULTILINE)
_BIBTEX_START = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.MULTILINE)


def format_detect(text: str) -> str | None:
    """The format of pasted reference entries (BibTeX, RIS, CSL-JSON or PubMed's
    MEDLINE), or None for anything else (words, an identifier)."""
    text = (text or "").strip()
    if text[:1] in ("[", "{"):
        return "csl-json"
    if _BIBTEX_START.match(text):
        return "bibtex"
    if _MEDLINE_START.search(text):
        return "nbib"
    if _RIS_START.search(text):
        return "ris"
    return None
