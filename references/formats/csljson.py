"""CSL-JSON: a list of CSL items (https://citeproc-js.readthedocs.io/en/latest/csl-json/
markup.html), as Zotero, Pandoc and this library's own exports write it."""

import json

from references.errors import ReferenceFormatError
from references.formats.entries import ParsedEntry, ParsedFile


def parse(text: str) -> ParsedFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReferenceFormatError(
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
            code="unreadable",
        ) from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]  # Some tools wrap the list.
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ReferenceFormatError("A CSL-JSON file must hold a list of items.", code="unreadable")
    entries = [
        ParsedEntry(
            number=number,
            item=item if isinstance(item, dict) else {},
            errors=() if isinstance(item, dict) else ("is not a CSL-JSON object",),
        )
        for number, item in enumerate(data, start=1)
    ]
    return ParsedFile(entries=entries)


def dump(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
