"""Reading CSL-JSON items: names, dates and the mapping onto Reference fields.

CSL-JSON is the library's exchange shape (revisions freeze cited references as CSL items,
and every import format is read into CSL items first), so this module is the one place
that knows how a CSL item's keys become a Reference's fields and back.
"""

import re
from datetime import date

NAME_KEYS = frozenset(
    {"family", "given", "literal", "suffix", "non-dropping-particle", "dropping-particle"}
)

# CSL types we keep as they are, and how we file the others.
KNOWN_TYPES = frozenset(
    {"article-journal", "book", "chapter", "report", "document", "webpage", "dataset"}
)
TYPE_ALIASES = {
    "article": "article-journal",
    "article-magazine": "article-journal",
    "review": "article-journal",
    "paper-conference": "chapter",
    "entry-encyclopedia": "chapter",
    "entry-dictionary": "chapter",
    "post": "webpage",
    "post-weblog": "webpage",
    "standard": "report",
    "pamphlet": "document",
    "manuscript": "document",
    "thesis": "document",
    "legislation": "document",
}

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

DateParts = tuple[int | None, int | None, int | None]


def genre_key(genre: str) -> str:
    """The form of a genre that rules are keyed by: lower case, single spaces, so that
    "Drug label", "drug-label" and "DRUG LABEL" are one genre."""
    return " ".join((genre or "").replace("_", " ").replace("-", " ").split()).lower()


def names_problems(value) -> list[str]:
    """What is wrong with a list of CSL name objects, as sentences; [] when it is fine."""
    if not isinstance(value, list):
        return ["Names must be a list of name objects."]
    problems = []
    for number, name in enumerate(value, start=1):
        if not isinstance(name, dict):
            problems.append(f"Name {number} is not a name object.")
            continue
        unknown = sorted(set(name) - NAME_KEYS)
        if unknown:
            problems.append(f"Name {number} has unknown keys: {', '.join(unknown)}.")
        if any(not isinstance(part, str) for part in name.values()):
            problems.append(f"Name {number} has a part that is not text.")
            continue
        if not (name.get("family", "").strip() or name.get("literal", "").strip()):
            problems.append(f"Name {number} needs a family name or, for an organisation, a name.")
    return problems


def name_from_text(text: str) -> dict:
    """A CSL name from "Family, Given" (as RIS and MEDLINE's FAU write it); text without a
    comma is taken as an organisation, whose name must not be split."""
    text = " ".join(text.split())
    if "," in text:
        family, _, given = text.partition(",")
        given, _, suffix = given.strip().partition(",")
        name = {"family": family.strip()}
        if given.strip():
            name["given"] = given.strip()
        if suffix.strip():
            name["suffix"] = suffix.strip()
        return name
    return {"literal": text}


def _number(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def date_from_text(text: str) -> DateParts:
    """Parts of a date written as ISO ("2020-03-05", "2020-03", "2020"; RIS's
    "2020/03/05/" too) or as MEDLINE and many RIS files write it ("2020 Mar 5",
    "2020 Mar"). Seasons and ranges ("2020 Spring", "2020 Mar-Apr") keep the year only.
    Raises ValueError for anything else."""
    text = (text or "").strip().replace("/", "-")
    if not text:
        return (None, None, None)
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
        raise ValueError(f"{text!r} is not a date (expected e.g. 2020-03-05).")
    year, month, day = (int(part) if part else None for part in match.groups())
    return _checked(year, month, day, text)


def _checked(year, month, day, shown) -> DateParts:
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{shown!r} is not a date: {month} is not a month.")
    if day is not None:
        try:
            date(year, month, day)
        except (TypeError, ValueError):
            raise ValueError(f"{shown!r} is not a date.") from None
    return (year, month, day)


def date_from_csl(value) -> DateParts:
    """Parts of a CSL date: {"date-parts": [[y, m, d]]}, or {"raw": ...}/{"literal": ...},
    or a bare string. Raises ValueError for anything else."""
    if value in (None, "", {}):
        return (None, None, None)
    if isinstance(value, str):
        return date_from_text(value)
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if parts:
            if not isinstance(parts, list) or not isinstance(parts[0], list) or not parts[0]:
                raise ValueError("date-parts must be a list like [[2020, 3, 5]].")
            numbers = [_number(part) for part in parts[0][:3]]
            if any(number is None for number in numbers):
                raise ValueError(f"date-parts {parts[0]!r} must be whole numbers.")
            year, month, day = [*numbers, None, None][:3]
            return _checked(year, month, day, "-".join(str(n) for n in numbers))
        for key in ("raw", "literal"):
            if isinstance(value.get(key), str):
                return date_from_text(value[key])
    raise ValueError(f"{value!r} is not a CSL date.")


def date_to_csl(year: int | None, month: int | None = None, day: int | None = None) -> dict:
    parts = [year]
    if month:
        parts.append(month)
        if day:
            parts.append(day)
    return {"date-parts": [parts]}


def pages_expand(pages: str) -> str:
    """A page range written out in full with a hyphen ("845-53", and ranges with an en
    dash, become "845-853"), as stored; styles that abbreviate ranges do so when
    printing."""
    pages = pages.replace("\u2013", "-").replace("--", "-").replace(" ", "")
    first, dash, last = pages.partition("-")
    if dash and first.isdigit() and last.isdigit() and len(last) < len(first):
        return f"{first}-{first[: len(first) - len(last)]}{last}"
    return pages


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise TypeError
    return " ".join(value.split())


def reference_fields_from_csl(item: dict) -> tuple[dict, list[str]]:
    """Reference field values from a CSL item, and what is wrong with the item (as
    sentences). Identifiers are left for the model's clean() to normalise."""
    errors: list[str] = []
    if not isinstance(item, dict):
        return {}, ["is not a CSL-JSON object"]
    csl_type = item.get("type") or "document"
    if not isinstance(csl_type, str):
        errors.append("type must be text")
        csl_type = "document"
    csl_type = csl_type if csl_type in KNOWN_TYPES else TYPE_ALIASES.get(csl_type, "document")
    fields: dict = {"csl_type": csl_type}
    for key, field in (
        ("id", "citekey"),
        ("title", "title"),
        ("genre", "genre"),
        ("container-title", "container_title"),
        ("publisher", "publisher"),
        ("publisher-place", "publisher_place"),
        ("edition", "edition"),
        ("number", "number"),
        ("volume", "volume"),
        ("issue", "issue"),
        ("page", "pages"),
        ("DOI", "doi"),
        ("PMID", "pmid"),
        ("PMCID", "pmcid"),
        ("URL", "url"),
    ):
        try:
            fields[field] = _text(item.get(key))
        except TypeError:
            errors.append(f"{key} must be text")
    if not fields.get("title"):
        errors.append("has no title")
    fields["pages"] = pages_expand(fields.get("pages", ""))
    for key, field in (("author", "authors"), ("editor", "editors")):
        names = item.get(key) or []
        problems = names_problems(names)
        if problems:
            errors.extend(f"{key}: {problem}" for problem in problems)
        else:
            fields[field] = [
                {part: " ".join(text.split()) for part, text in name.items() if text.strip()}
                for name in names
            ]
    try:
        year, month, day = date_from_csl(item.get("issued"))
        fields.update(issued_year=year, issued_month=month, issued_day=day)
    except ValueError as exc:
        errors.append(f"issued: {exc}")
    try:
        year, month, day = date_from_csl(item.get("accessed"))
        if year and month and day:
            fields["accessed"] = date(year, month, day)
        elif year:
            errors.append("accessed: the date a page was read needs a day, month and year")
    except ValueError as exc:
        errors.append(f"accessed: {exc}")
    return fields, errors
