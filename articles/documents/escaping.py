"""How a stored text (inline Markdown) is written into a document and read back unchanged.

Inline Markdown knows nothing of blocks, so a text may begin a line with "# " or "- ", end
with "[1]", or hold "[@x]" that is not a citation. In a document each of those would be
read as syntax, so the exporter puts a backslash before the character at each such site;
the reader takes exactly one backslash off at the same sites. Both find the sites with
the same patterns, which allow a run of backslashes before the character, so a text that
already had a backslash there keeps it (one more is added, one taken off).
"""

import itertools
import re

from articles.markup import KEY_PATTERN

_RUN = r"(?P<run>\\*)"
# At the start of each line of the text.
_LINE_SITES = [
    re.compile(pattern)
    for pattern in (
        rf"^{_RUN}#(?=#{{0,5}}(?:[ \t]|$))",  # a heading
        rf"^{_RUN}[-+*](?=[ \t]|$)",  # a list item
        rf"^{_RUN}[-*_](?=(?:[ \t]*[-*_]){{2,}}[ \t]*$)",  # a horizontal rule
        rf"^{_RUN}>",  # a block quote
        rf"^{_RUN}(?:`{{3}}|~{{3}})",  # a code fence
        rf"^\d{{1,9}}{_RUN}[.)](?=[ \t]|$)",  # a numbered list item: "1\."
        rf"^{_RUN}:::",  # a fenced div
        rf"^{_RUN}=+[ \t]*$",  # a setext underline
        rf"^{_RUN}\|",  # a table row
    )
]
# Anywhere: a bracket that would read as a citation group, and an @ that would read as a
# narrative citation (the exporter leaves the ones that are citations alone).
_BRACKET_SITE = re.compile(rf"{_RUN}\[(?=(?:[^\[\]]*[^\w\[\]\\])?\\*@[\w{{])")
_AT_SITE = re.compile(rf"(?<![\w@\\]){_RUN}@(?=\{{(?P<braced>[^{{}}\s]+)\}}|\w)")
_KEY_RE = re.compile(KEY_PATTERN)
# At the very end: the last character of a trailing citation group or attribute block.
_END_SITE = re.compile(rf"{_RUN}[\]}}]$")
# A lead paragraph's first word and colon would read as an audience text.
_LEAD_SITE = re.compile(rf"^[a-z][a-z0-9_-]*{_RUN}:(?:[ \t]|$)")
# A heading's closing "#"s would be dropped.
_HEADING_SITE = re.compile(rf"{_RUN}#$")


def _sites(text: str, *, lead: bool, heading: bool) -> list[int]:
    """The positions (the start of each site's backslash run) where the exporter adds one
    backslash and the reader takes one off."""
    found: list[int] = []
    offset = 0
    for line in text.split("\n"):
        for pattern in _LINE_SITES:
            match = pattern.match(line)
            if match:
                found.append(offset + match.start("run"))
                break
        offset += len(line) + 1
    found.extend(match.start("run") for match in _BRACKET_SITE.finditer(text))
    match = _END_SITE.search(text)
    if match:
        found.append(match.start("run"))
    if lead:
        match = _LEAD_SITE.match(text)
        if match:
            found.append(match.start("run"))
    if heading:
        match = _HEADING_SITE.search(text)
        if match:
            found.append(match.start("run"))
    return sorted(set(found))


# An @ is a citation in Markdown only after an even run of backslashes (an odd one escapes
# it), so a run of k before an @ that is not meant as a citation is written as 2k + 1
# backslashes: always odd, and the reader halves it back.
def _at_sites(text: str, *, cites: set[str] | None) -> list[tuple[int, int]]:
    """(position, run length) of each @ that would read as a narrative citation; with
    `cites`, the ones whose key is in it (the claim's own citations) are left out."""
    found = []
    for match in _AT_SITE.finditer(text):
        run = len(match.group("run"))
        if cites is not None and run % 2 == 0 and _is_cite(text, match, cites):
            continue
        found.append((match.start("run"), run))
    return found


def _is_cite(text: str, match: re.Match, cites: set[str]) -> bool:
    if match.group("braced"):
        return match.group("braced") in cites
    # The whole key as the citation grammar reads it (letters and inner punctuation).
    whole = _KEY_RE.match(text, match.end())
    return bool(whole) and whole.group(0) in cites


def _apply(text: str, edits: list[tuple[int, int]]) -> str:
    """Insert (count > 0) or remove (count < 0) backslashes at positions, last first."""
    for position, count in sorted(edits, reverse=True):
        if count > 0:
            text = text[:position] + "\\" * count + text[position:]
        else:
            text = text[:position] + text[position - count :]
    return text


def sites_escape(
    text: str, *, lead: bool = False, heading: bool = False, cites: set[str] = frozenset()
) -> str:
    edits = [(position, 1) for position in _sites(text, lead=lead, heading=heading)]
    edits += [(position, run + 1) for position, run in _at_sites(text, cites=set(cites))]
    return _apply(text, edits)


def sites_unescape(text: str, *, lead: bool = False, heading: bool = False) -> str:
    edits = [
        (position, -1)
        for position in _sites(text, lead=lead, heading=heading)
        if text[position : position + 1] == "\\"
    ]
    edits += [
        (position, -(run + 1) // 2) for position, run in _at_sites(text, cites=None) if run % 2
    ]
    return _apply(text, edits)


def text_source(
    source: str, *, lead: bool = False, heading: bool = False, unescape: bool = True
) -> str:
    """A paragraph's source as one stored text. A soft line break becomes a space; a hard
    one (two spaces, or a backslash, at the end of the line) stays a line break; the
    blanks around a line break go; the exporter's escapes come off."""
    lines = source.strip().split("\n")
    pieces: list[str] = []
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        stripped = line.rstrip(" \t")
        hard = not last and len(line) - len(stripped) >= 2
        backslashes = len(stripped) - len(stripped.rstrip("\\"))
        if not last and not hard and backslashes % 2 == 1:
            hard, stripped = True, stripped[:-1].rstrip(" \t")
        pieces.append(stripped.lstrip(" \t"))
        if not last:
            pieces.append("\n" if hard else " ")
    joined = "".join(pieces)
    return sites_unescape(joined, lead=lead, heading=heading) if unescape else joined


# Pandoc's heading attributes, "{#id .class key=value}": accepted and not kept (the page
# makes its own anchors).
_ATTRIBUTE = r"(?:[#.][\w:.-]+|-|[\w-]+=(?:\"[^\"]*\"|[^\s}]*))"
_HEADING_ATTRIBUTES_RE = re.compile(rf"\s*(?<!\\)\{{\s*{_ATTRIBUTE}(?:\s+{_ATTRIBUTE})*\s*\}}\s*$")


def heading_source(source: str) -> str:
    """A heading's text, without Pandoc's attribute block."""
    return text_source(_HEADING_ATTRIBUTES_RE.sub("", source), heading=True)


def text_escape(
    text: str,
    *,
    lead: bool = False,
    heading: bool = False,
    indent: str = "",
    cites: set[str] = frozenset(),
) -> str:
    """A stored text as document source that the reader takes back as the same text.

    `lead`: the text is a lead paragraph, where "word: ..." would read as an audience line.
    `heading`: the text follows "## ", on one line, where trailing "#"s would be dropped.
    `indent`: what continuation lines start with (a list item's content column), since a
    line break in the text is written as a hard break at the end of the line.
    `cites`: the narrative citation keys that are meant as citations."""
    text = text.strip()
    if heading:
        text = " ".join(part.strip(" \t") for part in text.split("\n"))
    text = "\n".join(line.strip(" \t") for line in text.split("\n"))
    lines = sites_escape(text, lead=lead, heading=heading, cites=cites).split("\n")
    out = lines[0]
    for previous, line in itertools.pairwise(lines):
        # A line that itself ends with a backslash takes the two-space break, so its
        # backslashes stay what they are.
        out += ("  \n" if previous.endswith("\\") else "\\\n") + indent + line
    return out
