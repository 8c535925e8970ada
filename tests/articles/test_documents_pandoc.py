"""Pandoc Markdown in article documents (docs/article-format.md): what is accepted and
kept, what is accepted with a warning, and what is refused with its line."""

import pytest

from articles.documents import document_parse
from articles.errors import ArticleImportError, DocumentError

# Lines 1-15; a body passed to `document` starts on line 17.
META = """\
question: Does heat help back pain?
references:
  - id: smith-2020
    type: article-journal
    title: Heat for back pain
    issued: {date-parts: [[2020]]}
  - id: jones
    type: book
    title: Back care
  - id: doi:10.1/x
    type: report
    title: A report with a DOI for an id
    issued: {date-parts: [[2021]]}
"""


# Every reference listed must be cited: a last section cites them all, after the body.
SOURCES = "\n## Sources\n\n- Cited. [@smith-2020; @jones; @{doi:10.1/x}]\n"


def document(body: str, *, meta: str = META) -> str:
    return f"---\n{meta}---\n\n{body}{SOURCES}"


def only_error(text: str) -> DocumentError:
    with pytest.raises(ArticleImportError) as caught:
        document_parse(text=text)
    errors = caught.value.errors
    assert len(errors) == 1, errors
    return errors[0]


def claim_of(body: str):
    parsed = document_parse(text=document(body))
    return parsed.sections[0].claims[0]


# Accepted and kept: inline markup, stored as its source


@pytest.mark.parametrize(
    "source",
    [
        "Heat *helps* and **really** helps",
        "Water is H~2~O and 10^3^ is a thousand",
        "See [the guideline](https://example.org/g?a=1&b=2)",
        "Write to [the board](mailto:board@example.org)",
        "A line\nand a hard break",
    ],
)
def test_inline_markup_is_kept_as_its_source(source):
    written = source.replace("\n", "\\\n  ")
    claim = claim_of(f"## Care\n\n- {written} [@smith-2020]\n")
    assert claim.text == source
    assert claim.citations == ["smith-2020"]


def test_a_heading_keeps_its_markup_and_drops_its_pandoc_attributes():
    parsed = document_parse(
        text=document("## *Heat* for H~2~O {#heat .unnumbered}\n\n- Heat helps. [@jones]\n")
    )
    assert parsed.sections[0].heading == "*Heat* for H~2~O"


def test_a_heading_with_braces_that_are_not_attributes_keeps_them():
    parsed = document_parse(text=document("## Sets {1, 2}\n\n- Heat helps. [@jones]\n"))
    assert parsed.sections[0].heading == "Sets {1, 2}"


# Citations: narrative, braced keys, prefixes, locators and suffixes


def test_a_narrative_citation_is_a_citation_of_the_claim_before_its_group():
    claim = claim_of("## Care\n\n- @smith-2020 found that heat helps. [@jones]\n")
    assert claim.text == "@smith-2020 found that heat helps."
    assert claim.citations == ["smith-2020", "jones"]


def test_a_braced_key_is_read_in_a_group_and_in_the_text():
    claim = claim_of("## Care\n\n- As @{doi:10.1/x} says, heat helps. [@{smith-2020}]\n")
    assert claim.citations == ["doi:10.1/x", "smith-2020"]


def test_an_email_address_is_not_a_narrative_citation():
    claim = claim_of("## Care\n\n- Ask jones@example.org about heat. [@smith-2020]\n")
    assert claim.citations == ["smith-2020"]


def test_prefixes_locators_and_suffixes_are_kept():
    claim = claim_of(
        "## Care\n\n- Heat helps. [see @smith-2020, pp. 3-5, table 2; @jones, chap. 4; "
        "@{doi:10.1/x}, 12]\n"
    )
    assert claim.citations == ["smith-2020", "jones", "doi:10.1/x"]
    assert claim.citation_details == {
        "smith-2020": {"prefix": "see", "label": "page", "locator": "3-5", "suffix": "table 2"},
        "jones": {"label": "chapter", "locator": "4"},
        "doi:10.1/x": {"label": "page", "locator": "12"},
    }


def test_a_suffix_without_a_locator_is_kept():
    claim = claim_of("## Care\n\n- Heat helps. [@smith-2020, emphasis added]\n")
    assert claim.citation_details == {"smith-2020": {"suffix": "emphasis added"}}


def test_a_key_cited_in_the_text_and_in_the_group_is_an_error():
    error = only_error(document("## Care\n\n- @jones says heat helps. [@jones, p. 3]\n"))
    assert (error.line, error.message) == (19, "@jones is cited twice in the same claim")


def test_a_narrative_citation_of_an_unknown_key_is_an_error():
    error = only_error(document("## Care\n\n- @nobody says heat helps.\n"))
    assert (error.line, error.message) == (
        19,
        "citation [@nobody] does not match any reference in the metadata block",
    )


def test_an_audience_text_may_not_cite_in_its_text():
    error = only_error(
        document("## Care\n\n- Heat helps. [@jones]\n    - patient: @jones says warmth helps.\n")
    )
    assert error.line == 20
    assert error.message.startswith("the patient text has its own citations")


def test_the_lead_audience_texts_may_be_a_list_under_their_paragraph():
    parsed = document_parse(
        text=document("Heat helps. [@jones]\n\n- patient: Warmth helps.\n- student: Heat works.\n")
    )
    assert parsed.lead.claims[0].texts == {"patient": "Warmth helps.", "student": "Heat works."}


# Pandoc metadata keys: accepted, with a warning where they mean nothing here


def test_pandoc_metadata_keys_that_mean_something_here_give_no_warning():
    meta = META + (
        "lang: en-GB\nlink-citations: true\ncsl: styles/american-medical-association.csl\n"
    )
    assert document_parse(text=document("Heat helps. [@jones]\n", meta=meta)).warnings == []


def test_pandocs_lang_is_the_articles_language_and_one_the_site_lacks_is_refused():
    meta = META + "lang: fr\n"
    with pytest.raises(ArticleImportError) as caught:
        document_parse(text=document("Heat helps. [@jones]\n", meta=meta))
    assert str(caught.value.errors[0]) == (
        "line 15: lang 'fr' is not a language of this site; use one of: en"
    )


def test_pandoc_metadata_keys_that_mean_nothing_here_are_named_in_warnings():
    meta = META + (
        "author: Jane Smith\ndate: 2024-05-01\nlang: en-US\nnocite: '[@*]'\n"
        "bibliography: refs.bib\ncsl: apa.csl\nlink-citations: false\n"
    )
    parsed = document_parse(text=document("Heat helps. [@jones]\n", meta=meta))
    assert parsed.warnings == [
        (15, "author is ignored: an article's editors are its owner and co-editors"),
        (16, "date is ignored: the page's dates come from the review workflow"),
        (18, "nocite is ignored: the page lists only the references its claims cite"),
        (
            19,
            "bibliography 'refs.bib' is not read: put the references in the 'references' "
            "list of the metadata block",
        ),
        (
            20,
            "csl 'apa.csl' is ignored: the page cites in AMA style (american-medical-association)",
        ),
        (21, "link-citations is ignored: citation numbers always link to the list"),
    ]


def test_other_unknown_metadata_keys_are_still_errors():
    error = only_error(document("Heat helps. [@jones]\n", meta=META + "abstract: x\n"))
    assert error.line == 15
    assert error.message.startswith("unknown metadata key 'abstract'")


# Refused, naming the construct and its line


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "Heat helps.[^1] [@jones]\n\n[^1]: A note.\n",
            17,
            "a footnote is not supported; a claim cites its sources with [@id] instead",
        ),
        (
            "## Care\n\n- Heat helps.^[An inline note.] [@jones]\n",
            19,
            "a footnote is not supported; a claim cites its sources with [@id] instead",
        ),
        (
            "## Care\n\n- Heat helps. [@jones]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            21,
            "a table is not supported; an article is written as paragraphs, '## ' headings "
            "and '- ' list items",
        ),
        (
            "## Care\n\n> Heat helps. [@jones]\n",
            19,
            "a block quote is not supported; an article is written as paragraphs, '## ' "
            "headings and '- ' list items",
        ),
        (
            "Heat helps. [@jones]\n\nCare\n----\n\n- Warmth helps. [@jones]\n",
            19,
            "a setext heading (a line underlined with '===' or '---') is not supported; "
            "start a section with '## Heading'",
        ),
        (
            "Heat helps. [@jones]\n\nCare\n====\n",
            19,
            "a setext heading (a line underlined with '===' or '---') is not supported; "
            "start a section with '## Heading'",
        ),
        (
            "## Care\n\n::: warning\nHeat burns.\n:::\n",
            19,
            "a fenced div (':::') is not supported; an article is written as paragraphs, "
            "'## ' headings and '- ' list items",
        ),
        (
            "## Care\n\n- Heat helps ![a chart](https://example.org/c.png) [@jones]\n",
            19,
            "an image is not supported; a claim is text",
        ),
    ],
)
def test_a_pandoc_construct_the_format_does_not_take_is_refused_by_name(body, line, message):
    # The footnote definition is reported once, as the footnote reference already is.
    with pytest.raises(ArticleImportError) as caught:
        document_parse(text=document(body))
    assert (caught.value.errors[0].line, caught.value.errors[0].message) == (line, message)
    assert all(error.message == message for error in caught.value.errors)
