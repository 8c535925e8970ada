"""The syntax inside one claim line: trailing Pandoc citations, the trailing attribute block,
audience prefixes, and the escaping that lets any plain text survive a round trip.

Claim texts are plain text: the document's characters are taken literally except for
CommonMark backslash escapes (`\\#` means `#`), line breaks (a soft one is a space, a hard
one a line break) and the trailing citations and attributes. `text_escape` is the inverse
used by the exporter.
"""

import re
from dataclasses import dataclass, field

from articles.models import Evidence

# A Pandoc citation key: starts with a letter, digit or underscore; may contain internal
# punctuation, but ends with a letter, digit or underscore (so "[@a.]" cites "a").
KEY_PATTERN = r"[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*[\w])?"
KEY_RE = re.compile(rf"^{KEY_PATTERN}$")
_CITE_ITEM_RE = re.compile(rf"^@({KEY_PATTERN})$")

# `(?<!\\)` everywhere: an escaped bracket or brace is text, never syntax.
_ATTRIBUTES_RE = re.compile(r"(?<!\\)\{([^{}\n]*)(?<!\\)\}\s*$")
_GROUP_RE = re.compile(r"(?<!\\)\[([^\[\]]*)(?<!\\)\]\s*$")
# "[@x]", "[see @x]", "[@x, p. 3]" anywhere; the @ must not follow a word character, so an
# e-mail address in brackets is not mistaken for a citation.
_CITATION_LIKE_RE = re.compile(r"(?<!\\)\[[^\[\]]*(?<![\w\\])@\w")
_AUDIENCE_RE = re.compile(r"^([a-z][a-z0-9_-]*):(?:[ \t]+|$)(.*)$", re.DOTALL)
_ASCII_PUNCTUATION = r"!-/:-@\[-`{-~"
_UNESCAPE_RE = re.compile(rf"\\([{_ASCII_PUNCTUATION}])")

EVIDENCE_VALUES = tuple(Evidence.values)
UNCITED_CLASS = "uncited"


@dataclass
class ClaimLine:
    """What one paragraph or list item says, before it is attached to a claim."""

    text: str
    citations: list[str] = field(default_factory=list)
    evidence: str | None = None
    uncited: bool = False
    has_attributes: bool = False
    citation_line: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def audience_split(content: str) -> tuple[str, str] | None:
    """("patient", "rest of the line") when the paragraph starts with an audience prefix."""
    match = _AUDIENCE_RE.match(content)
    return (match.group(1), match.group(2)) if match else None


def _line_of(content: str, position: int, first_line: int) -> int:
    return first_line + content.count("\n", 0, position)


def claim_line_parse(content: str, *, line: int) -> ClaimLine:
    """Split the raw source of one claim into text, citations and attributes.

    `content` is the paragraph's source (lines joined with "\\n"); `line` is the document
    line of its first character, so problems can name the exact line."""
    problems: list[tuple[int, str]] = []
    rest = content.rstrip(" \t\n")
    evidence = None
    uncited = False
    has_attributes = False

    match = _ATTRIBUTES_RE.search(rest)
    if match:
        has_attributes = True
        attr_line = _line_of(content, match.start(), line)
        evidence, uncited = _attributes_parse(match.group(1), line=attr_line, problems=problems)
        rest = rest[: match.start()].rstrip()

    citations: list[str] = []
    citation_line = line
    match = _GROUP_RE.search(rest)
    if match and _CITATION_LIKE_RE.search(match.group(0)):
        citation_line = _line_of(content, match.start(), line)
        citations = _citations_parse(match.group(1), line=citation_line, problems=problems)
        rest = rest[: match.start()].rstrip()
        if _ATTRIBUTES_RE.search(rest) and not has_attributes:
            problems.append(
                (
                    citation_line,
                    "the attribute block must come after the citations, "
                    "as in 'text [@id] {evidence=high}'",
                )
            )

    for stray in _CITATION_LIKE_RE.finditer(rest):
        problems.append(
            (
                _line_of(content, stray.start(), line),
                "a citation must come at the end of the claim; "
                "write the claim as 'text [@id1; @id2]'",
            )
        )
        break

    return ClaimLine(
        text=text_unescape(rest),
        citations=citations,
        evidence=evidence,
        uncited=uncited,
        has_attributes=has_attributes,
        citation_line=citation_line,
        problems=problems,
    )


def _citations_parse(inner: str, *, line: int, problems: list) -> list[str]:
    keys: list[str] = []
    for part in inner.split(";"):
        match = _CITE_ITEM_RE.match(part.strip())
        if not match:
            problems.append(
                (
                    line,
                    f"citation [{inner.strip()}] is not understood; write [@id] or "
                    "[@id1; @id2] (prefixes, suffixes and locators are not supported)",
                )
            )
            return []
        key = match.group(1)
        if key in keys:
            problems.append((line, f"[@{key}] is cited twice in the same claim"))
            continue
        keys.append(key)
    return keys


def _attributes_parse(inner: str, *, line: int, problems: list) -> tuple[str | None, bool]:
    evidence = None
    uncited = False
    words = inner.split()
    if not words:
        problems.append((line, "the attribute block {} is empty"))
    for word in words:
        if word == f".{UNCITED_CLASS}":
            if uncited:
                problems.append((line, "{.uncited} is given twice"))
            uncited = True
            continue
        name, sep, value = word.partition("=")
        if sep and name == "evidence":
            value = value.strip("\"'")
            if evidence is not None:
                problems.append((line, "evidence is given twice in the attribute block"))
            elif value not in EVIDENCE_VALUES:
                problems.append(
                    (
                        line,
                        f"evidence={value} is not a known evidence grade; "
                        f"use one of: {', '.join(EVIDENCE_VALUES)}",
                    )
                )
            else:
                evidence = value
            continue
        problems.append(
            (
                line,
                f"unknown attribute '{word}'; a claim accepts {{.uncited}} and "
                f"{{evidence=...}} ({', '.join(EVIDENCE_VALUES)})",
            )
        )
    return evidence, uncited


def text_unescape(source: str) -> str:
    """Document source to plain text. A soft line break becomes a space; a hard one (a
    backslash, or two spaces, at the end of the line) stays a line break; the blanks
    around a line break go, and backslash escapes are undone."""
    # Any whitespace at the ends goes (Markdown parsers strip a paragraph, a no-break
    # space included); inside, only blanks around a line break do.
    lines = source.strip().split("\n")
    pieces: list[str] = []
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        stripped = line.rstrip(" \t")
        hard = not last and len(line) - len(stripped) >= 2
        backslashes = len(stripped) - len(stripped.rstrip("\\"))
        if not last and backslashes % 2 == 1:
            hard, stripped = True, stripped[:-1].rstrip(" \t")
        pieces.append(_UNESCAPE_RE.sub(r"\1", stripped.lstrip(" \t")))
        if not last:
            pieces.append("\n" if hard else " ")
    return "".join(pieces)


# Characters that would start another block (heading, list, quote, code fence, rule,
# table) at the start of a line, even inside a paragraph.
_BLOCK_START_RE = re.compile(r"^(?:[#>+*`~_|-]|\d{1,9}[.)])")
_ESCAPE_BACKSLASH_RE = re.compile(rf"\\(?=[{_ASCII_PUNCTUATION}]|$)")


def text_escape(text: str, *, lead: bool = False, heading: bool = False, indent: str = "") -> str:
    """Plain text to document source that `claim_line_parse` reads back as the same text.

    `lead`: the text is a lead paragraph, where "word: ..." would read as an audience line.
    `heading`: the text follows "## ", on one line, where trailing "#"s would be dropped.
    `indent`: what continuation lines start with (a list item's content column), since a
    line break in the text is written as a hard break: a backslash at the end of a line."""
    text = text.strip()
    if heading:
        text = " ".join(part.strip(" \t") for part in text.split("\n"))
    lines = [_line_escape(line.strip(" \t")) for line in text.split("\n")]
    if "@" in text:
        lines = [line.replace("[", "\\[") for line in lines]
    if lines[-1].endswith(("]", "}")):
        lines[-1] = lines[-1][:-1] + "\\" + lines[-1][-1]
    if heading:
        return lines[0][:-1] + "\\#" if lines[0].endswith("#") else lines[0]
    if lead and audience_split(lines[0]):
        colon = lines[0].index(":")
        lines[0] = f"{lines[0][:colon]}\\{lines[0][colon:]}"
    return ("\\\n" + indent).join(lines)


def _line_escape(line: str) -> str:
    line = _ESCAPE_BACKSLASH_RE.sub(r"\\\\", line)
    match = _BLOCK_START_RE.match(line)
    if match:
        mark = match.group(0)
        # "1." -> "1\.": the digits stay, the delimiter is escaped.
        line = f"{mark[:-1]}\\{mark[-1]}{line[len(mark) :]}"
    return line
