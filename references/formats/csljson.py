"""CSL-JSON: a list of CSL items (https://citeproc-js.readthedocs.io/en/latest/csl-json/
markup.html), as Zotero, Pandoc and this library's own exports write it."""

import json

from django.utils.translation import gettext

from config.characters import REFUSED
from references.errors import ReferenceFormatError
from references.formats.entries import ParsedEntry, ParsedFile


def parse(text: str) -> ParsedFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReferenceFormatError(
            gettext("The file is not valid JSON (line %(line)d, column %(column)d: %(problem)s).")
            % {"line": exc.lineno, "column": exc.colno, "problem": exc.msg},
            code="unreadable",
        ) from None
    if any(_NOT_TEXT.search(text) for text in _strings(data)):
        # JSON can spell what a text file cannot hold: "\u0000" (which PostgreSQL cannot
        # store) or half a character ("\ud800", which no database can).
        raise ReferenceFormatError(
            gettext(
                "The file is not valid text: it has an escape such as \\u0000 or \\ud800 for a "
                "character that is not text."
            ),
            code="unreadable",
        )
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]  # Some tools wrap the list.
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ReferenceFormatError(
            gettext("A CSL-JSON file must hold a list of items."), code="unreadable"
        )
    entries = [
        ParsedEntry(
            number=number,
            item=item if isinstance(item, dict) else {},
            errors=() if isinstance(item, dict) else ("is not a CSL-JSON object",),
        )
        for number, item in enumerate(data, start=1)
    ]
    return ParsedFile(entries=entries)


_NOT_TEXT = REFUSED  # what no text may hold (config.characters)


def _strings(data):
    """Every string in parsed JSON, keys included, without recursion."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def dump(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
