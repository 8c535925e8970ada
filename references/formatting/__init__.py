"""Reference-list entries in the house style: AMA 11th edition (default) or Vancouver,
chosen by the REFERENCE_STYLE setting.

A small formatter of our own rather than citeproc-py with the CSL styles: citeproc-py
0.11 with the AMA and NLM styles printed drug labels with the title twice and no
manufacturer, ran NLM date parts together ("2020Mar5", "[cited 2025Jan15]"), dropped
the PMID in AMA, and needed the CSL files shipped with lxml to read them. The rules we
need are few and are pinned by tests against hand-checked strings
(tests/references/test_formatting.py).

`reference_format` gives plain text, which templates escape like any other text;
`reference_format_html` gives the same entry as HTML with the title's CSL rich text
(italics, superscripts) as markup, sanitised by nh3 (references.richtext).
"""

from django.conf import settings
from django.utils.safestring import SafeString

from references.errors import ReferenceFormatError
from references.formatting.ama import ama_format
from references.formatting.vancouver import vancouver_format
from references.richtext import markers_html, markers_plain

STYLES = {"ama": ama_format, "vancouver": vancouver_format}

__all__ = ["STYLES", "reference_format", "reference_format_html", "reference_formats"]


def reference_format(*, item: dict, style: str | None = None) -> str:
    """One reference-list entry for a CSL-JSON item (a frozen revision item or
    `Reference.to_csl()`), without its number, as plain text."""
    return markers_plain(_formatted(item, style))


def reference_format_html(*, item: dict, style: str | None = None) -> SafeString:
    """The same entry as HTML: text escaped, the title's i/b/sup/sub kept."""
    return markers_html(_formatted(item, style))


def reference_formats(*, item: dict, style: str | None = None) -> tuple[str, SafeString]:
    """Both at once, from one formatting pass: (plain text, HTML). A page shows each
    reference in both forms (the list, and the text a citation shows on hover)."""
    formatted = _formatted(item, style)
    return markers_plain(formatted), markers_html(formatted)


def _formatted(item: dict, style: str | None) -> str:
    style = style or settings.REFERENCE_STYLE
    try:
        formatter = STYLES[style]
    except KeyError:
        raise ReferenceFormatError(
            f"There is no reference style {style!r}; use one of {', '.join(STYLES)}.",
            code="unknown_style",
        ) from None
    return formatter(item)
