"""The inline Markdown of claim texts and headings (docs/article-format.md): emphasis,
strong, links (http, https and mailto only), ^superscript^, ~subscript~ and narrative
citations (`@key`, `@{key}`), as Pandoc reads them.

Texts are stored as their Markdown source, so history and diffs stay textual; this module
is the one place that source becomes HTML (sanitised by nh3 with an allow-list) or plain
text (for readability scores, search, meta descriptions and feeds). The document reader
uses the same grammar to find narrative citations, so what it accepts is what renders.
"""

import re
from collections.abc import Callable

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# A Pandoc citation key: starts with a letter, digit or underscore; may contain internal
# punctuation, but ends with a letter, digit or underscore (so "@a." cites "a").
KEY_PATTERN = r"[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*[\w])?"
_KEY_AT_RE = re.compile(KEY_PATTERN)
# Pandoc's braced form takes any key, "@{doi:10.1/x}"; a brace or blank ends it.
_BRACED_AT_RE = re.compile(r"\{([^{}\s]+)\}")
LINK_SCHEMES = ("http://", "https://", "mailto:")

ALLOWED_TAGS = {"em", "strong", "a", "sup", "sub", "br"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "aria-label"}, "sup": {"class"}}
_SCHEMES = {"http", "https", "mailto"}


def _wrapped_rule(marker: str, name: str):
    """Pandoc's ^sup^ and ~sub~: no blank inside unless escaped, and `~~` is not one."""

    def rule(state: StateInline, silent: bool) -> bool:
        start, end = state.pos, state.posMax
        src = state.src
        if src[start] != marker or start + 2 > end or (start and src[start - 1] == marker):
            return False
        if src[start + 1] in (marker, "[") or src[start + 1].isspace():
            # `~~` is strikeout and `^[` an inline footnote in Pandoc: neither is this.
            return False
        pos = start + 1
        while pos < end:
            char = src[pos]
            if char == "\\" and pos + 1 < end:
                pos += 2
                continue
            if char == marker:
                break
            if char.isspace():
                return False
            pos += 1
        else:
            return False
        if silent:
            state.pos = pos + 1
            return True
        state.pos, state.posMax = start + 1, pos
        state.push(f"{name}_open", name, 1).markup = marker
        state.md.inline.tokenize(state)
        state.push(f"{name}_close", name, -1).markup = marker
        state.pos, state.posMax = pos + 1, end
        return True

    return rule


def _cite_rule(state: StateInline, silent: bool) -> bool:
    """A narrative citation, `@key says` or `@{key}`; an @ after a letter or digit is part
    of an e-mail address, never a citation."""
    start = state.pos
    src = state.src
    if src[start] != "@" or (start > 0 and (src[start - 1].isalnum() or src[start - 1] in "_@")):
        return False
    match = _BRACED_AT_RE.match(src, start + 1, state.posMax) or _KEY_AT_RE.match(
        src, start + 1, state.posMax
    )
    if not match:
        return False
    if not silent:
        token = state.push("cite", "", 0)
        token.meta = {"key": match.group(1) if match.re is _BRACED_AT_RE else match.group(0)}
        token.markup = "@" + match.group(0)
    state.pos = match.end()
    return True


_DASHES = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"))


def _smart_dashes(state) -> None:
    """Pandoc's `smart` extension, which its Markdown reader and writer use by default:
    '---' is an em dash, '--' an en dash, '...' an ellipsis (curly quotes come from
    markdown-it's smartquotes). Pandoc writes an em dash as '---', so without this a
    text that went through Pandoc would show three hyphens."""
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "text" and ("--" in token.content or "..." in token.content):
                for plain, typographic in _DASHES:
                    token.content = token.content.replace(plain, typographic)


def _markdown() -> MarkdownIt:
    # "zero" and then only what an article may say: no raw HTML, no code, no tables.
    # `breaks`: a line break kept in a stored text is a hard break (the document reader
    # joins a paragraph's soft breaks with a space).
    md = MarkdownIt("zero", {"breaks": True, "html": False, "typographer": True}).enable(
        ["emphasis", "link", "image", "escape", "newline", "entity", "autolink", "smartquotes"]
    )
    md.inline.ruler.before("emphasis", "sup", _wrapped_rule("^", "sup"))
    md.inline.ruler.before("emphasis", "sub", _wrapped_rule("~", "sub"))
    md.inline.ruler.before("emphasis", "cite", _cite_rule)
    md.core.ruler.push("smart_dashes", _smart_dashes)
    return md


_MD = _markdown()


def inline_tokens(source: str) -> list[Token]:
    """The inline tokens of one text (a claim, an audience text or a heading)."""
    # Inline mode: a text is one paragraph's content, so no block parsing is needed.
    blocks = _MD.parseInline(source or "")
    return [child for token in blocks if token.children for child in token.children]


def cite_keys(source: str) -> list[str]:
    """The narrative citation keys in the text, in order."""
    return [token.meta["key"] for token in inline_tokens(source) if token.type == "cite"]


def link_allowed(href: str) -> bool:
    return href.lower().startswith(LINK_SCHEMES)


# Resolves a narrative citation key to its reference number, or None when the key is not
# one of the claim's citations (the text then shows "@key" as written).
CiteResolver = Callable[[str], int | None]


# Without one of these a text has no markup at all, and Pandoc's typography is all it
# needs: dashes, an ellipsis and apostrophes inside words (a quote anywhere else takes the
# parser, which pairs quotes). Most claims are like that, and they skip the parser: the
# page renders dozens of claims on every uncached request.
_MARKUP_CHARS_RE = re.compile(r"[*_\[\]<>&^~@\\\n!`\"]|(?<![^\W_])'|'(?![^\W_])")


def _typography(text: str) -> str:
    if "--" in text or "..." in text:
        for plain, typographic in _DASHES:
            text = text.replace(plain, typographic)
    return text.replace("'", "\u2019")


def markup_html(source: str, *, cite: CiteResolver | None = None) -> SafeString:
    """The text as sanitised HTML: every piece of text escaped here, and the result passed
    through nh3's allow-list as well, so a mistake in one layer is caught by the other."""
    if not _MARKUP_CHARS_RE.search(source or ""):
        return escape(_typography((source or "").strip()))
    parts: list[str] = []
    links: list[bool] = []
    skip = 0
    for token in inline_tokens(source):
        if skip:
            skip += token.nesting
            continue
        kind = token.type
        if kind == "text":
            parts.append(escape(token.content))
        elif kind in ("softbreak", "hardbreak"):
            parts.append("<br>")
        elif kind in ("em_open", "strong_open", "sup_open", "sub_open"):
            parts.append(f"<{token.tag}>")
        elif kind in ("em_close", "strong_close", "sup_close", "sub_close"):
            parts.append(f"</{token.tag}>")
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
            allowed = link_allowed(href)
            links.append(allowed)
            if allowed:
                parts.append(f'<a href="{escape(href)}">')
        elif kind == "link_close":
            if links.pop():
                parts.append("</a>")
        elif kind == "image":
            # Never an <img>: a claim shows text; the alt text stands in.
            parts.append(escape(_plain(token.children or [])))
        elif kind == "cite":
            number = cite(token.meta["key"]) if cite else None
            if number is None:
                parts.append(escape(token.markup))
            else:
                parts.append(
                    f'<sup class="cites"><a href="#ref-{number}" '
                    f'aria-label="Reference {number}">{number}</a></sup>'
                )
        else:
            parts.append(escape(token.content))
    html = nh3.clean(
        "".join(parts),
        tags=ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener nofollow",
    )
    return mark_safe(html)  # noqa: S308 - escaped above and cleaned by nh3's allow-list


def _plain(tokens: list[Token]) -> str:
    parts = []
    for token in tokens:
        if token.type == "text":
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type == "image":
            parts.append(_plain(token.children or []))
    return "".join(parts)


_BLANKS_RE = re.compile(r"[ \t]{2,}")


def markup_plain(source: str) -> str:
    """The text a reader reads, without markup or narrative citation markers: for
    readability scores, search, meta descriptions, JSON-LD and feeds."""
    if not _MARKUP_CHARS_RE.search(source or ""):
        text = _typography(source or "")  # as markup_html: no markup, no parser
    else:
        text = _plain(inline_tokens(source))
    return _BLANKS_RE.sub(" ", text).strip()
