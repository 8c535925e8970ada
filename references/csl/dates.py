"""Dates as reference files write them.

`date_from_text` reads the strict forms that tagged formats (RIS, MEDLINE, BibTeX) use.
`date_read` reads every form a CSL date takes in CSL-JSON and CSL YAML: date-parts
with one to three parts and ranges (numbers or numeric text), `season`, `circa`, `raw`,
`literal`, EDTF text ("2009-10", "2009", "2009-10/2009-12", "2009~", "2009-21"), a YAML
year (2009) or date (2009-10-12), and pandoc-citeproc's `[{year: 2009, month: 10}]`.
The start of the date fills the record's year, month and day; whatever says more (a
range's end, a season, circa, a literal date) is kept with the record.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBERS = {name[:3].lower(): number for number, name in enumerate(MONTHS, start=1)}
# ISO dates, possibly followed by a time or by RIS's empty parts ("2020---").
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:$|[T\s-])")
_WORDY_DATE = re.compile(r"^(\d{4})\s+([A-Za-z]+)\.?(.*)$")
# EDTF level 0/1 as Pandoc and citation.js write it: a date, "XX" for an unknown part,
# a trailing ~ ? or % (approximate, uncertain), seasons as months 21-24.
_EDTF = re.compile(r"^(-?\d{4})(?:-(\d{2}|XX))?(?:-(\d{2}|XX))?([~?%]?)$")
_YEAR_IN_TEXT = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
SEASONS = {21: 1, 22: 2, 23: 3, 24: 4, 13: 1, 14: 2, 15: 3, 16: 4}

DateParts = tuple[int | None, int | None, int | None]
_NONE: DateParts = (None, None, None)


@dataclass(frozen=True)
class CslDate:
    """A date read from a file: its start as parts, and the CSL date object to keep
    when the parts alone would lose something (`kept` is None otherwise)."""

    parts: DateParts
    kept: dict | None = None


def _number(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _checked(year, month, day, shown) -> DateParts:
    if month is not None and not 1 <= month <= 12:
        raise ValueError(
            gettext("%(date)s is not a date: %(month)s is not a month.")
            % {"date": repr(shown), "month": month}
        )
    if day is not None:
        try:
            datetime.date(year, month, day)
        except (TypeError, ValueError):
            raise ValueError(gettext("%(date)s is not a date.") % {"date": repr(shown)}) from None
    return (year, month, day)


def date_from_text(text: str) -> DateParts:
    """Parts of a date written as ISO ("2020-03-05", "2020-03", "2020"; RIS's
    "2020/03/05/" too) or as MEDLINE and many RIS files write it ("2020 Mar 5",
    "2020 Mar"). Seasons and ranges ("2020 Spring", "2020 Mar-Apr") keep the year only.
    Raises ValueError for anything else."""
    text = (text or "").strip().replace("/", "-")
    if not text:
        return _NONE
    words = _WORDY_DATE.match(text)
    if words:
        year, month_word, rest = int(words.group(1)), words.group(2), words.group(3)
        month = _MONTH_NUMBERS.get(month_word[:3].lower())
        if month is None or rest.startswith("-"):
            return (year, None, None)
        day = int(rest.strip()) if rest.strip().isdigit() else None
        return _checked(year, month, day, text)
    match = _ISO_DATE.match(text)
    if not match:
        raise ValueError(
            gettext("%(date)s is not a date (expected e.g. 2020-03-05).") % {"date": repr(text)}
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    return _checked(year, month, day, text)


def date_to_csl(year: int | None, month: int | None = None, day: int | None = None) -> dict:
    parts = [year]
    if month:
        parts.append(month)
        if day:
            parts.append(day)
    return {"date-parts": [parts]}


def _parts_list(parts: DateParts) -> list[int]:
    return [part for part in parts if part is not None]


def _from_part_list(raw, shown: str) -> tuple[DateParts, int | None]:
    """(parts, season) of one date-parts element such as [2009, 10, 12] or ["2009"]."""
    if not isinstance(raw, list):
        raise ValueError(f"date-parts {shown} must be lists like [[2020, 3, 5]].")
    raw = [part for part in raw[:3] if part not in (None, "")]
    numbers = [_number(part) for part in raw]
    if any(number is None for number in numbers):
        raise ValueError(f"date-parts {shown} must be whole numbers.")
    year, month, day = [*numbers, None, None][:3]
    season = None
    if month in SEASONS:  # citeproc-js writes seasons as months 13-16 or 21-24
        season, month, day = SEASONS[month], None, None
    return _checked(year, month, day, "-".join(str(n) for n in numbers)), season


def _edtf(text: str) -> CslDate | None:
    """An EDTF date or interval, or None when the text is not EDTF."""
    if "/" in text:
        start_text, _, end_text = text.partition("/")
        start, end = _edtf(start_text), _edtf(end_text) if end_text not in ("", "..") else None
        if start is None or (end_text not in ("", "..") and end is None):
            return None
        kept = {"date-parts": [_parts_list(start.parts)]}
        if end is not None:
            kept["date-parts"].append(_parts_list(end.parts))
        return CslDate(start.parts, kept)
    match = _EDTF.match(text.strip())
    if not match:
        return None
    year = int(match.group(1))
    month = None if match.group(2) in (None, "XX") else int(match.group(2))
    day = None if match.group(3) in (None, "XX") or month is None else int(match.group(3))
    kept: dict = {}
    if month is not None and 21 <= month <= 24:
        kept["season"], month, day = SEASONS[month], None, None
    if match.group(4):
        kept["circa"] = True
    parts = _checked(year, month, day, text)
    if kept:
        kept = {"date-parts": [_parts_list(parts)], **kept}
    return CslDate(parts, kept or None)


def _from_text(text: str) -> CslDate:
    """A date given as text: EDTF, or the forms date_from_text reads; anything else is
    a literal date ("Spring 2009"), kept as written, its year taken when it has one."""
    text = " ".join(text.split())
    if not text:
        return CslDate(_NONE)
    found = _edtf(text)
    if found is not None:
        return found
    try:
        return CslDate(date_from_text(text))
    except ValueError:
        year = _YEAR_IN_TEXT.search(text)
        parts = (int(year.group(1)), None, None) if year else _NONE
        return CslDate(parts, {"literal": text})


def _from_mapping(value: dict) -> CslDate:
    if "date-parts" in value and value["date-parts"] not in (None, [], [[]], [[None]]):
        ranges = value["date-parts"]
        if not isinstance(ranges, list) or not ranges:
            raise ValueError("date-parts must be a list like [[2020, 3, 5]].")
        start, season = _from_part_list(ranges[0], repr(ranges[0]))
        kept: dict = {}
        if len(ranges) > 1:
            end, _ = _from_part_list(ranges[1], repr(ranges[1]))
            if end != start and end[0] is not None:
                kept["date-parts"] = [_parts_list(start), _parts_list(end)]
        for key in ("season", "circa", "literal"):
            if value.get(key) not in (None, "", False):
                kept[key] = value[key]
        if season and "season" not in kept:
            kept["season"] = season
        if kept:
            kept.setdefault("date-parts", [_parts_list(start)])
        return CslDate(start, kept or None)
    for key in ("raw", "literal"):
        if isinstance(value.get(key), str) and value[key].strip():
            found = _from_text(value[key])
            if key == "literal" and found.kept is None:
                return CslDate(found.parts, {"literal": " ".join(value[key].split())})
            return found
    if "year" in value:  # pandoc-citeproc's {year: 2009, month: 10}
        parts = [value.get(key) for key in ("year", "month", "day")]
        start, season = _from_part_list([part for part in parts if part is not None], repr(value))
        return CslDate(start, {"season": season, "date-parts": [[start[0]]]} if season else None)
    if set(value) <= {"date-parts"}:
        return CslDate(_NONE)
    raise ValueError(f"{value!r} is not a CSL date.")


def date_read(value) -> CslDate:
    """A CSL date in any of the forms listed in this module's docstring. Raises
    ValueError, naming what is wrong, for a value that is no date at all."""
    if value in (None, "", {}, []):
        return CslDate(_NONE)
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a date.")
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return CslDate((value.year, value.month, value.day))
    if isinstance(value, int):
        return CslDate(_checked(value, None, None, str(value)))
    if isinstance(value, str):
        return _from_text(value)
    if isinstance(value, dict):
        return _from_mapping(value)
    if isinstance(value, list) and all(isinstance(part, dict) for part in value):
        start = _from_mapping(value[0])
        if len(value) > 1:
            end = _from_mapping(value[1])
            if end.parts[0] and end.parts != start.parts:
                ranges = [_parts_list(start.parts), _parts_list(end.parts)]
                return CslDate(start.parts, {"date-parts": ranges})
        return start
    raise ValueError(f"{value!r} is not a CSL date.")


def date_from_csl(value) -> DateParts:
    """The start of a CSL date as (year, month, day). Raises ValueError for a value
    that is not a date."""
    return date_read(value).parts
