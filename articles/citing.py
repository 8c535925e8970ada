"""Pandoc citation items and how the page shows them in AMA style.

One item of a citation group, `[see @smith, pp. 3-5, emphasis added]`, holds a prefix
("see"), a locator with its CSL label (page "3-5") and a suffix ("emphasis added").
They are stored on the Citation row and frozen in revision content as
`claim["citation_details"][refkey]` (only the ones that are set, so content without them
hashes as before). The page shows them as AMA (and Pandoc's AMA CSL style) does:
superscript numbers, sorted, runs of three or more collapsed, the locator in parentheses
with the short label without its period: ¹⁽ᵖ³⁾ is written `1(p3)`.
"""

import re
from dataclasses import dataclass

from articles.markup import KEY_PATTERN

# CSL locator labels: (terms Pandoc reads, AMA short form, its plural). Longer terms are
# tried first, so "pp." is not read as "p." followed by "p.".
LOCATOR_LABELS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "book": (("books", "book", "bks.", "bk."), "bk", "bks"),
    "chapter": (("chapters", "chapter", "chaps.", "chap."), "chap", "chaps"),
    "column": (("columns", "column", "cols.", "col."), "col", "cols"),
    "figure": (("figures", "figure", "figs.", "fig."), "fig", "figs"),
    "folio": (("folios", "folio", "fols.", "fol."), "fol", "fols"),
    "line": (("lines", "line", "ll.", "l."), "l", "ll"),
    "note": (("notes", "note", "nn.", "n."), "n", "nn"),
    "number": (("numbers", "number", "nos.", "no."), "no", "nos"),
    "opus": (("opera", "opus", "opp.", "op."), "op", "opp"),
    "page": (("pages", "page", "pp.", "p."), "p", "pp"),
    "paragraph": (("paragraphs", "paragraph", "paras.", "para.", "¶¶", "¶"), "para", "paras"),
    "part": (("parts", "part", "pts.", "pt."), "pt", "pts"),
    "section": (("sections", "section", "secs.", "sec.", "§§", "§"), "sec", "secs"),
    "verse": (("verses", "verse", "vv.", "v."), "v", "vv"),
    "volume": (("volumes", "volume", "vols.", "vol."), "vol", "vols"),
}
_TERM_TO_LABEL = {term: label for label, (terms, _, _) in LOCATOR_LABELS.items() for term in terms}
_TERMS = sorted(_TERM_TO_LABEL, key=len, reverse=True)
_TERM_RE = re.compile("(" + "|".join(re.escape(term) for term in _TERMS) + r")\s*")
# A locator value: braced text, or a number or roman numeral, a range, and a list of them
# ("12-14, 17"); a comma followed by anything else starts the suffix.
_DASH = "\u2013"  # an en dash, as in "3\u20135"
# One number: "3", "4.2", "12-14", "iv" (a dot only between characters, as in "4.2").
_NUMBER = rf"[\w{_DASH}-]*(?:\.[\w{_DASH}-]+)*"
_PART = rf"[0-9ivxlcdmIVXLCDM]{_NUMBER}"
_VALUE_RE = re.compile(rf"\{{([^{{}}]*)\}}|({_PART}(?:\s*[,&]\s*\d{_NUMBER})*)")
_NUMERIC_RE = re.compile(rf"^\d{_NUMBER}(?:\s*[,&]\s*\d{_NUMBER})*$")
_PLURAL_RE = re.compile(rf"[-{_DASH},&]")
KEY_RE = re.compile(rf"^{KEY_PATTERN}$")
LABEL_MAX = 20
AFFIX_MAX = 200


def locator_parse(after_key: str) -> dict[str, str]:
    """The locator and suffix written after a key: ", p. 3, emphasis added" gives
    {"label": "page", "locator": "3", "suffix": "emphasis added"}. A bare number is a page,
    as in Pandoc."""
    rest = after_key.strip()
    rest = rest.removeprefix(",").strip()
    if not rest:
        return {}
    found: dict[str, str] = {}
    term = _TERM_RE.match(rest)
    label = _TERM_TO_LABEL[term.group(1)] if term else "page"
    start = term.end() if term else 0
    value = _VALUE_RE.match(rest, start)
    if value and (term or value.group(1) is not None or rest[start : start + 1].isdigit()):
        found["label"] = label
        braced = value.group(1)
        found["locator"] = (braced if braced is not None else value.group(2)).strip()
        rest = rest[value.end() :].strip().removeprefix(",").strip()
    if rest:
        found["suffix"] = rest
    return found


def locator_write(label: str, locator: str) -> str:
    """A locator as Pandoc reads it back: "p. 3", "pp. 3-5", "chap. {iv}"."""
    if not locator:
        return ""
    terms, _, _ = LOCATOR_LABELS.get(label, LOCATOR_LABELS["page"])
    plural = bool(_PLURAL_RE.search(locator))
    # The terms are listed long plural, long singular, short plural, short singular.
    term = terms[2] if plural else terms[3]
    value = locator if _NUMERIC_RE.match(locator) else "{" + locator + "}"
    return f"{term} {value}"


def locator_short(label: str, locator: str) -> str:
    """AMA's form inside the parentheses: "p3", "pp3-5", "chap2"."""
    if not locator:
        return ""
    _, singular, plural = LOCATOR_LABELS.get(label, LOCATOR_LABELS["page"])
    return f"{plural if _PLURAL_RE.search(locator) else singular}{locator}"


@dataclass(frozen=True)
class CitedItem:
    """One entry in a superscript citation: a number (or a collapsed run to `last`)."""

    number: int
    last: int | None = None
    prefix: str = ""
    locator: str = ""  # already in AMA's short form, "p3"
    suffix: str = ""

    @property
    def plain(self) -> bool:
        return not (self.prefix or self.locator or self.suffix)


def cite_items(numbered: list[tuple[int, str]], *, details: dict) -> tuple[CitedItem, ...]:
    """(number, refkey) pairs as AMA shows them: sorted by number, and a run of three or
    more plain numbers collapsed to "first-last" (an en dash), as citeproc does with the
    AMA style."""
    items = []
    for number, refkey in sorted(set(numbered)):
        detail = details.get(refkey) or {}
        items.append(
            CitedItem(
                number=number,
                prefix=detail.get("prefix", ""),
                locator=locator_short(detail.get("label", ""), detail.get("locator", "")),
                suffix=detail.get("suffix", ""),
            )
        )
    collapsed: list[CitedItem] = []
    run: list[CitedItem] = []
    for item in [*items, None]:
        if item is not None and item.plain and (not run or item.number == run[-1].number + 1):
            run.append(item)
            continue
        if len(run) >= 3:
            collapsed.append(CitedItem(number=run[0].number, last=run[-1].number))
        else:
            collapsed.extend(run)
        run = []
        if item is not None:
            if item.plain:
                run = [item]
            else:
                collapsed.append(item)
    return tuple(collapsed)


def narrative_refkey(marker: str, *, refkeys: list[str], references: dict) -> str | None:
    """Which of a claim's cited references a narrative citation `@marker` names: the one
    whose frozen item id (its citekey) is the marker, or `ref-<key>`."""
    for refkey in refkeys:
        if (references.get(refkey) or {}).get("id") == marker:
            return refkey
    for refkey in refkeys:
        if marker == f"ref-{refkey}":
            return refkey
    return None


def citation_fields(detail: dict) -> dict[str, str]:
    """Citation model field values from a `citation_details` entry."""
    return {
        "prefix": detail.get("prefix", ""),
        "locator_label": detail.get("label", "") if detail.get("locator") else "",
        "locator": detail.get("locator", ""),
        "suffix": detail.get("suffix", ""),
    }


# Link destinations, autolinks and backslash escapes are skipped: an @ there is no citation
# (articles/markup.py reads them the same way).
_MARKER_RE = re.compile(
    r"(?P<skip>\]\([^)]*\)|<[^<>\s]*>|\\.)"
    r"|(?<![\w@])@(?:\{(?P<braced>[^{}\s]+)\}|(?P<key>" + KEY_PATTERN + "))"
)


def cite_markers_rewrite(source: str, *, markers: dict[str, str]) -> str:
    """The text with each narrative citation `@old` naming `markers[old]` instead."""
    if "@" not in source:
        return source

    def replace(match: re.Match) -> str:
        old = match.group("braced") or match.group("key")
        if match.group("skip") or old not in markers:
            return match.group(0)
        new = markers[old]
        if match.group("braced") is not None or not KEY_RE.match(new):
            return "@{" + new + "}"
        return "@" + new

    return _MARKER_RE.sub(replace, source)
