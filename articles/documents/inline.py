"""The syntax inside one claim line: trailing Pandoc citations (with prefixes, locators and
suffixes), narrative citations, the trailing attribute block, audience prefixes, and the
escaping that lets any text survive a round trip.

Claim texts are stored as their inline Markdown source (articles/markup.py renders it):
a paragraph's soft line breaks become spaces, a hard one stays a line break, and the
trailing citations and attributes are taken off. `text_escape` is what the exporter uses
to keep a text from being read as block syntax.
"""

import re
import uuid
from dataclasses import dataclass, field

from django.utils.translation import gettext, gettext_lazy

from articles.citing import AFFIX_MAX, KEY_RE, locator_parse
from articles.documents.escaping import text_source
from articles.markup import KEY_PATTERN, cite_keys, inline_tokens
from articles.models import Evidence

# Also refused in a '## ' heading (articles/documents/parse.py picks these two out).
FOOTNOTE_REFUSED = gettext_lazy(
    "a footnote is not supported; a claim cites its sources with [@id] instead"
)
IMAGE_REFUSED = gettext_lazy("an image is not supported; a claim is text")

# Read from here by the references reader (reference_metadata.py: reference ids follow the
# citation key syntax).
__all__ = ["KEY_RE"]
# One item of a group: "see @smith, p. 3" or "@{doi:10.1/x}"; "-@smith" (Pandoc's
# suppress-author) reads as the plain citation, which is what a numeric style shows.
_CITE_ITEM_RE = re.compile(
    rf"^(?P<prefix>[^@]*?)-?(?<![\w\\])@(?:\{{(?P<braced>[^{{}}\s]+)\}}|(?P<key>{KEY_PATTERN}))"
    r"(?P<after>[^@]*)$",
    re.DOTALL,
)
_FOOTNOTE_RE = re.compile(r"(?<!\\)\[\^[^\]\s]+\]|(?<!\\)\^\[")

# `(?<!\\)` everywhere: an escaped bracket or brace is text, never syntax.
_ATTRIBUTES_RE = re.compile(r"(?<!\\)\{([^{}\n]*)(?<!\\)\}\s*$")
_GROUP_RE = re.compile(r"(?<!\\)\[([^\[\]]*)(?<!\\)\]\s*$")
# "[@x]", "[see @x]", "[@x, p. 3]" anywhere; the @ must not follow a word character, so an
# e-mail address in brackets is not mistaken for a citation.
_CITATION_LIKE_RE = re.compile(r"(?<!\\)\[[^\[\]]*(?<![\w\\])@\w")
_AUDIENCE_RE = re.compile(r"^([a-z][a-z0-9_-]*):(?:[ \t]+|$)(.*)$", re.DOTALL)

EVIDENCE_VALUES = tuple(Evidence.values)
UNCITED_CLASS = "uncited"


@dataclass
class ClaimLine:
    """What one paragraph or list item says, before it is attached to a claim."""

    text: str
    citations: list[str] = field(default_factory=list)
    # key -> {"prefix", "label", "locator", "suffix"}, only for citations that have them
    details: dict[str, dict[str, str]] = field(default_factory=dict)
    evidence: str | None = None
    uncited: bool = False
    # {source=<uuid>}: the source claim a translation's claim translates.
    source: str | None = None
    has_attributes: bool = False
    citation_line: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def audience_split(content: str) -> tuple[str, str] | None:
    """("patient", "rest of the line") when the paragraph starts with an audience prefix."""
    match = _AUDIENCE_RE.match(content)
    return (match.group(1), match.group(2)) if match else None


def _line_of(content: str, position: int, first_line: int) -> int:
    return first_line + content.count("\n", 0, position)


def claim_line_parse(content: str, *, line: int, lead: bool = False) -> ClaimLine:
    """Split the raw source of one claim into text, citations and attributes.

    `content` is the paragraph's source (lines joined with "\\n"); `line` is the document
    line of its first character, so problems can name the exact line."""
    # Long: a single left-to-right scan of a claim line; splitting it would split its state.
    problems: list[tuple[int, str]] = []
    rest = content.rstrip(" \t\n")
    evidence = None
    uncited = False
    source = None
    has_attributes = False

    match = _ATTRIBUTES_RE.search(rest)
    if match:
        has_attributes = True
        attr_line = _line_of(content, match.start(), line)
        evidence, uncited, source = _attributes_parse(
            match.group(1), line=attr_line, problems=problems
        )
        rest = rest[: match.start()].rstrip()

    citations: list[str] = []
    details: dict[str, dict[str, str]] = {}
    citation_line = line
    match = _GROUP_RE.search(rest)
    if match and _CITATION_LIKE_RE.search(match.group(0)):
        citation_line = _line_of(content, match.start(), line)
        citations, details = _citations_parse(match.group(1), line=citation_line, problems=problems)
        rest = rest[: match.start()].rstrip()
        if _ATTRIBUTES_RE.search(rest) and not has_attributes:
            problems.append(
                (
                    citation_line,
                    gettext(
                        "the attribute block must come after the citations, "
                        "as in 'text [@id] {evidence=high}'"
                    ),
                )
            )

    for stray in _CITATION_LIKE_RE.finditer(rest):
        problems.append(
            (
                _line_of(content, stray.start(), line),
                gettext(
                    "a citation must come at the end of the claim; "
                    "write the claim as 'text [@id1; @id2]'"
                ),
            )
        )
        break
    for stray in _FOOTNOTE_RE.finditer(rest):
        problems.append(
            (
                _line_of(content, stray.start(), line),
                str(FOOTNOTE_REFUSED),
            )
        )
        break

    joined = text_source(rest, unescape=False)
    text = text_source(rest, lead=lead)
    for token in inline_tokens(text):
        if token.type == "image":
            problems.append((line, str(IMAGE_REFUSED)))
            break
    narrative = []
    # Read before the exporter's escapes come off: an escaped @ is no citation.
    for key in cite_keys(joined):
        if key in narrative or key in citations:
            problems.append(
                (line, gettext("@%(id)s is cited twice in the same claim") % {"id": key})
            )
        else:
            narrative.append(key)
    return ClaimLine(
        text=text,
        citations=narrative + citations,
        details=details,
        evidence=evidence,
        uncited=uncited,
        source=source,
        has_attributes=has_attributes,
        citation_line=citation_line,
        problems=problems,
    )


_AFFIX_TOO_LONG = {
    "prefix": gettext_lazy("the prefix of [@%(id)s] is longer than %(limit)s characters"),
    "suffix": gettext_lazy("the suffix of [@%(id)s] is longer than %(limit)s characters"),
}


def _citations_parse(
    inner: str, *, line: int, problems: list
) -> tuple[list[str], dict[str, dict[str, str]]]:
    keys: list[str] = []
    details: dict[str, dict[str, str]] = {}
    for part in inner.split(";"):
        match = _CITE_ITEM_RE.match(part.strip())
        if not match:
            problems.append(
                (
                    line,
                    gettext(
                        "citation [%(citation)s] is not understood; write [@id], "
                        "[@id1; @id2] or, with a prefix and a locator, [see @id, p. 3]"
                    )
                    % {"citation": inner.strip()},
                )
            )
            return [], {}
        key = match.group("braced") or match.group("key")
        if key in keys:
            problems.append(
                (line, gettext("[@%(id)s] is cited twice in the same claim") % {"id": key})
            )
            continue
        keys.append(key)
        detail = locator_parse(match.group("after"))
        prefix = " ".join(match.group("prefix").split())
        if prefix:
            detail["prefix"] = prefix
        for name, sentence in _AFFIX_TOO_LONG.items():
            if len(detail.get(name, "")) > AFFIX_MAX:
                problems.append((line, str(sentence) % {"id": key, "limit": AFFIX_MAX}))
        if detail:
            details[key] = detail
    return keys, details


def _attributes_parse(
    inner: str, *, line: int, problems: list
) -> tuple[str | None, bool, str | None]:
    # Long: one pass over the block's words, each kind of attribute with its own message.
    evidence = None
    uncited = False
    source = None
    words = inner.split()
    if not words:
        problems.append((line, gettext("the attribute block {} is empty")))
    for word in words:
        if word == f".{UNCITED_CLASS}":
            if uncited:
                problems.append((line, gettext("{.uncited} is given twice")))
            uncited = True
            continue
        name, sep, value = word.partition("=")
        if sep and name == "evidence":
            value = value.strip("\"'")
            if evidence is not None:
                problems.append((line, gettext("evidence is given twice in the attribute block")))
            elif value not in EVIDENCE_VALUES:
                problems.append(
                    (
                        line,
                        gettext(
                            "evidence=%(value)s is not a known evidence grade; "
                            "use one of: %(grades)s"
                        )
                        % {"value": value, "grades": ", ".join(EVIDENCE_VALUES)},
                    )
                )
            else:
                evidence = value
            continue
        if sep and name == "source":
            source = _source_parse(value.strip("\"'"), line=line, problems=problems)
            continue
        problems.append(
            (
                line,
                gettext(
                    "unknown attribute '%(attribute)s'; a claim accepts {.uncited}, "
                    "{evidence=...} (%(grades)s) and, in a translation, "
                    "{source=<the source claim's uuid>}"
                )
                % {"attribute": word, "grades": ", ".join(EVIDENCE_VALUES)},
            )
        )
    return evidence, uncited, source


def _source_parse(value: str, *, line: int, problems: list) -> str | None:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        problems.append(
            (line, gettext("source=%(value)s is not a claim's uuid") % {"value": value})
        )
        return None
