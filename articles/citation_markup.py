"""A claim's citations and a reference's back-links, as the article page writes them.

They are most of an article body's markup: on the 41-claim page, some 1,300 template
variables and 200 translated labels, which took Django's template engine 8 ms, two thirds
of the page's first render (the first reader of a new revision in an audience, and every
editors' preview). Written here, with each language's labels translated once per process,
the same bytes take a fraction of that; tests/articles/test_page_bytes.py holds them to
the recorded page.

As a template's {% blocktranslate %} does, the values put into a label are escaped and the
translation itself is not: it comes from our own catalogue. Everything else from the
content (prefixes, locators, suffixes, reference texts, headings) is escaped here.
"""

from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

if TYPE_CHECKING:
    from articles.rendering import RenderedClaim, RenderedReference


@dataclass(frozen=True)
class _Labels:
    reference: str
    evidence: str
    back_one: str
    back_one_in: str
    back_each: str
    back_each_in: str


@lru_cache(maxsize=32)
def _labels(language: str | None) -> _Labels:
    # The key is the active language, in which gettext below answers: a catalogue does not
    # change while the process runs.
    return _Labels(
        reference=gettext("Reference %(number)s"),
        evidence=gettext("%(certainty)s of evidence. What this means."),
        back_one=gettext("Back to where reference %(number)s is cited"),
        back_one_in=gettext("Back to where reference %(number)s is cited, in “%(section)s”"),
        back_each=gettext("Back to citation %(label)s of reference %(number)s"),
        back_each_in=gettext(
            "Back to citation %(label)s of reference %(number)s, in “%(section)s”"
        ),
    )


def claim_citations_html(claim: "RenderedClaim") -> SafeString:
    """What follows a claim's text: the superscript of the references it cites (sorted,
    runs collapsed, each number a link to the list with its sources shown on hover and
    focus, by CSS alone), then its GRADE certainty, linked to what the levels mean."""
    labels = _labels(get_language())
    parts = []
    if claim.cite_items:
        sources = f"sources-{escape(claim.uuid)}"

        def link(number: int) -> str:
            label = labels.reference % {"number": number}
            return (
                f'<a href="#ref-{number}" aria-label="{label}" '
                f'aria-describedby="{sources}">{number}</a>'
            )

        parts.append('<sup class="cites">')
        for index, item in enumerate(claim.cite_items):
            if index:
                parts.append(",")
            if item.prefix:
                parts.append(f"{escape(item.prefix)} ")
            parts.append(link(item.number))
            if item.last:
                parts.append(f"–{link(item.last)}")  # noqa: RUF001 - AMA's en dash
            if item.locator:
                parts.append(f"({escape(item.locator)})")
            if item.suffix:
                parts.append(f", {escape(item.suffix)}")
        parts.append(f'<span class="cite-sources" id="{sources}" role="tooltip">')
        for number, text in claim.sources:
            parts.append(f'<span class="cite-source">{number}. {escape(text)}</span>')
        parts.append("</span></sup>")
    if claim.is_graded:
        phrase = escape(str(claim.evidence_phrase))
        label = labels.evidence % {"certainty": phrase}
        parts.append(
            f' <a class="evidence evidence-{escape(claim.evidence)}" href="#evidence-levels" '
            f'aria-label="{label}">{phrase}</a>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value from the content is escaped


def reference_backlinks_html(reference: "RenderedReference") -> SafeString:
    """The links from a reference-list entry back to each claim that cites it: one ↩ for a
    single place, else ↩ a b c, each named for screen readers with its section."""
    places = reference.cited_in
    if not places:
        return mark_safe("")
    labels = _labels(get_language())
    number = reference.number
    if len(places) == 1:
        place = places[0]
        label = (
            labels.back_one_in % {"number": number, "section": escape(place.section)}
            if place.section
            else labels.back_one % {"number": number}
        )
        links = f'<a href="#{escape(place.anchor)}" aria-label="{label}">↩</a>'
    else:
        links = '<span aria-hidden="true">↩</span>'
        for place in places:
            values = {"label": escape(place.label), "number": number}
            label = (
                labels.back_each_in % {**values, "section": escape(place.section)}
                if place.section
                else labels.back_each % values
            )
            links += (
                f' <a href="#{escape(place.anchor)}" aria-label="{label}">{escape(place.label)}</a>'
            )
    return mark_safe(f'<span class="backlinks">{links}</span>')  # noqa: S308 - escaped above
