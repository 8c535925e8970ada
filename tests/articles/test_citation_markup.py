"""A claim's citations and a reference's back-links, written in Python for speed: labels in
the reader's interface language, and everything that comes from the content escaped."""

import re
from html import escape

from django.utils import translation

from articles.rendering import article_render


def _claim(uuid: str, citations: list[str], **extra) -> dict:
    return {"uuid": uuid, "text": "Heat helps.", "citations": citations, **extra}


def _content(*, heading: str = "Drugs & “pills”", details: dict | None = None) -> dict:
    return {
        "sections": [
            {
                "kind": "lead",
                "heading": "",
                "claims": [
                    _claim(
                        "lead-1",
                        ["r1", "r2", "r3", "r4"],
                        evidence="high",
                        citation_details=details or {},
                    )
                ],
            },
            {"kind": "body", "heading": heading, "claims": [_claim("body-1", ["r1"])]},
        ],
        "references": {
            key: {"id": key, "type": "article-journal", "title": f"Study {key} <b>&</b> more"}
            for key in ("r1", "r2", "r3", "r4")
        },
    }


def _lead_claim(rendered):
    return rendered.lead.claims[0]


def test_a_run_of_three_or_more_references_is_collapsed_with_each_end_a_link():
    html = _lead_claim(article_render(content=_content())).citations_html

    assert re.findall(r'<a href="#ref-(\d)" aria-label="Reference \1"', html) == ["1", "4"]
    assert ">1</a>\N{EN DASH}<a " in html


def test_labels_are_in_the_readers_language():
    with translation.override("es"):
        rendered = article_render(content=_content())
        citations = str(_lead_claim(rendered).citations_html)
        backlinks = str(rendered.references[0].backlinks_html)

    assert 'aria-label="Referencia 1"' in citations
    assert "de la evidencia. Qué significa." in citations
    assert "Volver a la cita a de la referencia 1" in backlinks
    # And back in English for the next reader: the labels are kept per language.
    english = _lead_claim(article_render(content=_content())).citations_html
    assert 'aria-label="Reference 1"' in english


def test_what_the_content_says_is_escaped_in_the_citations():
    details = {"r4": {"prefix": "see <script>", "locator": "3", "label": "page", "suffix": '"x"'}}
    claim = _lead_claim(article_render(content=_content(details=details)))
    html = claim.citations_html

    assert "<script>" not in html
    assert "see &lt;script&gt; <a" in html
    assert ", &quot;x&quot;" in html
    # The hover text of each source is the reference's plain text, escaped.
    _, text = claim.sources[0]
    assert "&" in text
    assert f'<span class="cite-source">1. {escape(text)}</span>' in html


def test_a_section_heading_is_escaped_inside_a_back_links_label():
    rendered = article_render(content=_content(heading="Dose <high> & timing"))
    backlinks = str(rendered.references[0].backlinks_html)

    assert "in “Dose &lt;high&gt; &amp; timing”" in backlinks
    assert '<a href="#claim-body-1"' in backlinks


def test_a_reference_cited_once_gets_a_single_back_arrow_and_one_never_cited_gets_none():
    rendered = article_render(content=_content())
    second = rendered.references[1]

    assert str(second.backlinks_html) == (
        '<span class="backlinks"><a href="#claim-lead-1" '
        'aria-label="Back to where reference 2 is cited">↩</a></span>'
    )
    content = _content()
    content["sections"][0]["claims"][0]["citations"] = []
    content["sections"][1]["claims"][0]["citations"] = []
    assert article_render(content=content).references == ()


def test_an_ungraded_claim_without_citations_adds_nothing_after_its_text():
    content = _content()
    content["sections"][0]["claims"][0].update(citations=[], evidence="not-graded")

    assert str(_lead_claim(article_render(content=content)).citations_html) == ""
