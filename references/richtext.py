"""CSL rich text: the few tags that CSL-JSON allows inside a title (`<i>`, `<b>`,
`<sup>`, `<sub>`, `<span class="nocase">`, `<span class="nodecor">`, `<span
style="font-variant:small-caps;">`), as Zotero, Better BibTeX and citeproc-js write them.

A title is kept as the file gave it. Everything in it is literal text except these
exact tags, so that "p<0.05" or "A & B" stay what they say. Readers see the markup as
markup (italics, superscripts) and never as "<i>": `rich_text_html` escapes the text,
keeps the four tags, and passes the result through nh3 with an allow-list of exactly
those four; spans (nocase, nodecor, small caps) only steer case and decoration, so they
become plain text. Formats without markup (RIS, search, history) take `rich_text_plain`.
"""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

SHOWN_TAGS = frozenset({"i", "b", "sup", "sub"})
# The tags of CSL rich text, and nothing that merely looks like one.
_TAG = re.compile(
    r"<(/?)(i|b|sup|sub)>|<span(?:\s+(?:class|style)=\"[^\"<>]*\")+\s*>|</span>",
    re.IGNORECASE,
)
# Private-use characters standing for tags while other code joins plain text around
# them (the formatter): they cannot come from a file, which we check.
_OPEN, _CLOSE, _SEP = "\ue000", "\ue001", "\ue002"
_MARKER = re.compile(f"{_OPEN}(/?)(i|b|sup|sub){_CLOSE}")


def _pieces(value: str):
    """(is_tag, text) pieces of a rich-text value; a tag's text is '' for a span and
    'i', '/i', ... for the tags shown."""
    position = 0
    for match in _TAG.finditer(value):
        if match.start() > position:
            yield False, value[position : match.start()]
        if match.group(2):
            yield True, f"{match.group(1)}{match.group(2).lower()}"
        else:
            yield True, ""
        position = match.end()
    if position < len(value):
        yield False, value[position:]


def rich_text_plain(value: str) -> str:
    """The text without its markup: what RIS, search and plain-text messages show."""
    return "".join(text for is_tag, text in _pieces(value or "") if not is_tag)


def has_markup(value: str) -> bool:
    return bool(_TAG.search(value or ""))


def rich_text_html(value: str) -> SafeString:
    """The value as HTML: its text escaped, its i/b/sup/sub tags kept (spans dropped),
    cleaned by nh3 so that unbalanced or stray tags cannot leak into the page."""
    written = "".join(
        (f"<{text}>" if text else "") if is_tag else html.escape(text, quote=False)
        for is_tag, text in _pieces(value or "")
    )
    cleaned = nh3.clean(written, tags=set(SHOWN_TAGS), attributes={}, link_rel=None)
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just cleaned it


def rich_text_marked(value: str) -> str:
    """The value with its shown tags replaced by private-use markers, so that code
    building plain text around it (the reference formatter) can later produce either
    plain text (`markers_plain`) or HTML (`markers_html`) from one string."""
    return "".join(
        (f"{_OPEN}{text}{_CLOSE}" if text else "") if is_tag else text.replace(_OPEN, "")
        for is_tag, text in _pieces(value or "")
    )


def markers_plain(value: str) -> str:
    return _MARKER.sub("", value)


def markers_html(value: str) -> SafeString:
    written = html.escape(value, quote=False)
    written = _MARKER.sub(lambda m: f"<{m.group(1)}{m.group(2)}>", written)
    cleaned = nh3.clean(written, tags=set(SHOWN_TAGS), attributes={}, link_rel=None)
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just cleaned it


def rich_text_latex(value: str, escape) -> str:
    """The value for BibTeX: i/b/sup/sub as \\textit, \\textbf, \\textsuperscript,
    \\textsubscript and a nocase span as braces (BibTeX's "keep this case"); `escape`
    escapes the text between them. Unbalanced tags are closed at the end."""
    out: list[str] = []
    stack: list[str] = []
    position = 0
    value = value or ""
    for match in _TAG.finditer(value):
        out.append(escape(value[position : match.start()]))
        position = match.end()
        closing, name, whole = match.group(1), (match.group(2) or "").lower(), match.group(0)
        if name and not closing:
            stack.append(name)
            out.append(_LATEX_COMMANDS[name] + "{")
        elif name and name in stack:
            stack.remove(name)
            out.append("}")
        elif whole.lower().startswith("<span"):
            braced = "nocase" in whole
            stack.append("span{" if braced else "span")
            out.append("{" if braced else "")
        elif whole.lower() == "</span>":
            spans = [i for i, open_ in enumerate(stack) if open_.startswith("span")]
            if spans:
                out.append("}" if stack.pop(spans[-1]) == "span{" else "")
    out.append(escape(value[position:]))
    out.extend("}" for open_ in stack if open_ != "span")
    return "".join(out)


_LATEX_COMMANDS = {
    "i": "\\textit",
    "b": "\\textbf",
    "sup": "\\textsuperscript",
    "sub": "\\textsubscript",
}
