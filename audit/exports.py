"""CSV and JSON Lines exports of a filtered timeline, written row by row as the response is
sent (a year of history never sits in memory)."""

import csv
import json
from collections.abc import Iterator

from audit.changes import Entry
from audit.timeline import TimelineFilter, timeline_iter

CSV_COLUMNS = [
    "at",
    "source",
    "action",
    "object_id",
    "object",
    "user",
    "article_id",
    "article",
    "reason",
    "changes",
    "revision",
    "revision_hash",
    "event_hash",
]
# A spreadsheet runs a cell that starts with one of these as a formula; an apostrophe in
# front makes it text (OWASP "CSV injection"). The JSON Lines export stays byte-exact.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """csv.writer wants a file; this one hands each written line straight back."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_lines(entries: Iterator[Entry]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for entry in entries:
        row = entry.as_dict()
        yield writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])


def jsonl_lines(entries: Iterator[Entry]) -> Iterator[str]:
    for entry in entries:
        yield json.dumps(entry.as_dict(), ensure_ascii=False) + "\n"


def timeline_export(*, filters: TimelineFilter, fmt: str) -> Iterator[str]:
    """The filtered timeline, oldest first, as lines of CSV or JSON Lines."""
    entries = timeline_iter(filters=filters)
    return csv_lines(entries) if fmt == "csv" else jsonl_lines(entries)
