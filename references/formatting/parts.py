"""Pieces shared by the reference styles: names, dates, editions, page ranges and the
punctuation between elements. Everything works on CSL-JSON items and returns plain
text, which templates escape like any other text."""

import re

from references.csl import MONTHS, date_from_csl, genre_key
from references.richtext import rich_text_marked

DRUG_LABEL_GENRES = {"drug label", "package insert", "prescribing information"}
GUIDELINE_GENRES = {"guideline", "practice guideline", "clinical practice guideline"}

_INITIALS_ONLY = re.compile(r"^[A-Z]{1,3}$")
NAME_PARTS = ("literal", "family", "given", "suffix", "dropping-particle", "non-dropping-particle")


# Variables that carry CSL rich text (italics in a species name, a superscript): their
# markup travels through the layouts as markers, which reference_format turns into
# plain text and reference_format_html into sanitised HTML.
RICH = frozenset({"title", "container-title", "container-title-short"})


def text(item: dict, key: str) -> str:
    value = item.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return ""
    value = " ".join(value.split())
    return rich_text_marked(value) if key in RICH else value


def journal(item: dict) -> str:
    """The journal as both house styles print it: its abbreviation (Crossref's and
    Zotero's container-title-short) when the item has one, else its name."""
    return text(item, "container-title-short") or text(item, "container-title")


def sentence(value: str) -> str:
    """The element followed by a period, unless it already ends a sentence."""
    value = value.strip()
    if not value:
        return ""
    return value if value[-1] in ".?!" else f"{value}."


def join(*elements: str) -> str:
    return " ".join(element for element in elements if element)


def _initials(given: str, *, keep_hyphens: bool, limit: int | None) -> str:
    letters = []
    for token in given.replace(".", " ").split():
        if _INITIALS_ONLY.match(token):
            # Already initials ("JA"), as MEDLINE and many exports write them.
            letters.append(token)
            continue
        parts = [part for part in token.split("-") if part]
        joiner = "-" if keep_hyphens else ""
        letters.append(joiner.join(part[0].upper() for part in parts))
    result = "".join(letters)
    if limit is not None:
        result = "".join(char for char in result if char != "-")[:limit]
    return result


def person(name: dict, *, keep_hyphens: bool, initials_limit: int | None = None) -> str:
    """ "Smith JA", "van der Berg J", "Smith J Jr"; an organisation's name as it is."""
    # Parts that are not text (a damaged frozen item) count as absent.
    part = {
        key: " ".join(name[key].split()) if isinstance(name.get(key), str) else ""
        for key in NAME_PARTS
    }
    if part["literal"]:
        return part["literal"]
    family = join(part["dropping-particle"], part["non-dropping-particle"], part["family"])
    initials = _initials(part["given"], keep_hyphens=keep_hyphens, limit=initials_limit)
    return join(family, initials, part["suffix"])


def names(
    item: dict,
    key: str,
    *,
    keep_hyphens: bool,
    show: int,
    shown_when_truncated: int,
    initials_limit: int | None = None,
) -> str:
    """A name list: all names up to `show`, else the first `shown_when_truncated` and
    "et al"."""
    people = [name for name in item.get(key) or [] if isinstance(name, dict)]
    if not people:
        return ""
    truncated = len(people) > show
    if truncated:
        people = people[:shown_when_truncated]
    written = [
        person(name, keep_hyphens=keep_hyphens, initials_limit=initials_limit) for name in people
    ]
    if truncated:
        written.append("et al")
    return ", ".join(written)


def date_parts(item: dict, key: str) -> tuple[int | None, int | None, int | None]:
    try:
        return date_from_csl(item.get(key))
    except ValueError:
        # A frozen item is rendered as well as it can be; validation happened on import.
        return (None, None, None)


def year(item: dict, key: str = "issued") -> str:
    found = date_parts(item, key)[0]
    return str(found) if found else ""


def date_long(item: dict, key: str) -> str:
    """ "March 5, 2020", "March 2020" or "2020" (AMA)."""
    year_, month, day = date_parts(item, key)
    if not year_:
        return ""
    if not month:
        return str(year_)
    if not day:
        return f"{MONTHS[month - 1]} {year_}"
    return f"{MONTHS[month - 1]} {day}, {year_}"


def date_short(item: dict, key: str) -> str:
    """ "2020 Mar 5", "2020 Mar" or "2020" (Vancouver / NLM)."""
    year_, month, day = date_parts(item, key)
    if not year_:
        return ""
    return join(str(year_), MONTHS[month - 1][:3] if month else "", str(day) if day else "")


def edition(item: dict) -> str:
    """ "21st ed." from "21" or "21st"; other wordings ("Revised") get " ed." added."""
    value = text(item, "edition")
    if not value:
        return ""
    if value.isdigit():
        number = int(value)
        if number == 1:
            return ""  # A first edition is not mentioned.
        suffix = (
            "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        )
        return f"{number}{suffix} ed."
    lowered = value.lower()
    if lowered.endswith(("ed", "ed.", "edition")):
        return sentence(value)
    return f"{value} ed."


def pages_full(item: dict) -> str:
    return text(item, "page").replace("–", "-").replace("--", "-")  # noqa: RUF001


def pages_elided(item: dict) -> str:
    """ "845-53" for "845-853", as NLM abbreviates ranges; non-numeric ranges as given."""
    pages = pages_full(item)
    first, dash, last = pages.partition("-")
    if not dash or not (first.isdigit() and last.isdigit()) or len(first) != len(last):
        return pages
    keep = 0
    while keep < len(last) - 1 and first[keep] == last[keep]:
        keep += 1
    return f"{first}-{last[keep:]}"


def kind(item: dict) -> str:
    """Which layout an item takes: journal, drug-label, chapter, book, webpage or report.
    Guidelines and drug labels are recognised by genre unless they appeared in a
    journal, where they are cited like any article."""
    csl_type = item.get("type") or "document"
    genre = genre_key(text(item, "genre"))
    if csl_type == "article-journal":
        return "journal"
    if genre in DRUG_LABEL_GENRES:
        return "drug-label"
    if csl_type in ("chapter", "book"):
        return csl_type
    if csl_type == "webpage" and genre not in GUIDELINE_GENRES:
        return "webpage"
    return "report"
