"""Claim texts and headings are inline Markdown: rendered to sanitised HTML in one place
(articles/markup.py), and to plain text for scores, search and meta tags."""

import pytest

from articles.markup import cite_keys, markup_html, markup_plain
from tests.security.hostile import page_parse


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("Heat *helps*", "Heat <em>helps</em>"),
        ("Heat _helps_", "Heat <em>helps</em>"),
        ("Heat **helps**", "Heat <strong>helps</strong>"),
        ("H~2~O", "H<sub>2</sub>O"),
        ("10^3^ cells", "10<sup>3</sup> cells"),
        ("a ~~struck~~ word", "a ~~struck~~ word"),
        ("x^not sup^", "x^not sup^"),
        (
            "See [the guideline](https://example.org/g?a=1&b=2)",
            'See <a href="https://example.org/g?a=1&amp;b=2" rel="noopener nofollow">'
            "the guideline</a>",
        ),
        (
            "[Write](mailto:board@example.org)",
            '<a href="mailto:board@example.org" rel="noopener nofollow">Write</a>',
        ),
        ("two\nlines", "two<br>lines"),
        ("\\*not em\\*", "*not em*"),
        ("5 < 6 & 7 > 2", "5 &lt; 6 &amp; 7 &gt; 2"),
        # Pandoc's `smart` typography, which its writer relies on (an em dash is '---').
        ("rest---not bed rest", "rest\u2014not bed rest"),
        ("2--4 days...", "2\u20134 days\u2026"),
        ('don\'t say "no"', "don\u2019t say \u201cno\u201d"),
    ],
)
def test_inline_markup_renders_as_html(source, html):
    assert markup_html(source) == html


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox(1))",
        "[click](ftp://example.org/x)",
        "[click](/relative/path)",
        "<javascript:alert(1)>",
    ],
)
def test_a_link_that_is_not_http_https_or_mailto_is_shown_as_text(source):
    html = markup_html(source)
    assert "<a" not in html
    assert "href" not in html


@pytest.mark.parametrize(
    "source",
    [
        '<script>alert("x")</script>',
        '<a href="javascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        "*<b onclick=x>bold</b>*",
        '[x](https://example.org "t" onclick="x")',
        '[x](https://example.org){onclick="alert(1)"}',
        "![x](https://example.org/x.png)",
    ],
)
def test_raw_html_attributes_and_images_never_become_markup(source):
    page = page_parse(str(markup_html(source)))
    for tag, attributes in page.tags:
        assert tag in {"em", "strong", "a", "sup", "sub", "br"}, (tag, source)
        assert set(attributes) <= {"href", "rel"}, (tag, attributes)
        assert (attributes.get("href") or "https:").startswith(("https:", "http:", "mailto:"))


def test_a_narrative_citation_renders_as_its_superscript_number():
    html = markup_html("@smith found it", cite=lambda key: 4 if key == "smith" else None)
    assert html == (
        '<sup class="cites"><a href="#ref-4" aria-label="Reference 4" rel="noopener nofollow">'
        "4</a></sup> found it"
    )


def test_a_narrative_citation_that_names_no_cited_reference_shows_as_written():
    assert markup_html("@nobody and @{odd key} found it", cite=lambda key: None) == (
        "@nobody and @{odd key} found it"
    )


def test_narrative_citation_keys_are_found_but_not_in_email_addresses_or_escaped():
    assert cite_keys("@a says, @{doi:10.1/x} too; ask b@c.org; \\@d is not") == [
        "a",
        "doi:10.1/x",
    ]


def test_plain_text_drops_markup_and_citation_markers():
    assert markup_plain("@smith says *heat* [helps](https://x.org) H~2~O  ok") == (
        "says heat helps H2O ok"
    )


@pytest.mark.parametrize(
    "source",
    [
        "it's 2--4 days...",
        "rest---not bed rest",
        "the patient's back",
        "plain text, no marks",
        "  spaced   out\ttabs\t\there  ",
        "",
    ],
)
def test_a_text_without_markup_renders_as_the_parser_would(source, monkeypatch):
    """Texts with no markup skip the parser; they must come out exactly as through it."""
    import re

    from articles import markup

    quick = (markup_html(source), markup_plain(source))
    monkeypatch.setattr(markup, "_MARKUP_CHARS_RE", re.compile(r"(?!)"))
    assert (markup_html(source), markup_plain(source)) == quick
