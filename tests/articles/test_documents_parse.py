"""Reading article documents without the database: structure, line-numbered errors."""

from pathlib import Path

import pytest

from articles.documents import document_decode, document_parse
from articles.errors import ArticleImportError, DocumentError
from articles.markup import markup_plain

EXAMPLE = Path(__file__).resolve().parents[2] / "articles" / "demo" / "upper-back-pain.md"

# Lines 1-9; a body passed to `document` starts on line 11.
META = """\
question: Does heat help back pain?
references:
  - id: smith-2020
    type: article-journal
    title: Heat for back pain
    DOI: 10.1000/heat.2020
    issued: {date-parts: [[2020]]}
"""


# The same lines for a body that cites nothing: a listed reference that no claim cites is
# an error of its own (tested below), which the other tests should not see.
META_UNCITED = """\
question: Does heat help back pain?
slug: does-heat-help-back-pain
title: Heat for back pain
specialty: Musculoskeletal medicine
origin: human
# The body cites nothing, so no reference is listed.
references: []
"""


def document(body: str, *, meta: str | None = None) -> str:
    if meta is None:
        meta = META if "@smith-2020" in body else META_UNCITED
    return f"---\n{meta}---\n\n{body}"


def errors_of(text: str) -> list[DocumentError]:
    with pytest.raises(ArticleImportError) as caught:
        document_parse(text=text)
    return caught.value.errors


def only_error(text: str) -> DocumentError:
    errors = errors_of(text)
    assert len(errors) == 1, errors
    return errors[0]


# The shipped example


def test_the_example_has_its_metadata():
    parsed = document_parse(text=EXAMPLE.read_text(encoding="utf-8"))
    assert parsed.question == "What are the treatment options for upper back pain?"
    assert parsed.title == "Treatment Options for Upper Back Pain"
    assert parsed.slug == "upper-back-pain-treatment"
    assert parsed.specialty == "Musculoskeletal medicine"
    assert parsed.origin == "ai-drafted"


def test_the_example_has_a_lead_and_ten_sections_with_their_claims():
    parsed = document_parse(text=EXAMPLE.read_text(encoding="utf-8"))
    assert [section.kind for section in parsed.sections] == ["lead"] + ["body"] * 10
    assert [len(section.claims) for section in parsed.sections] == [1, 3, 3, 3, 5, 2, 3, 2, 3, 3, 2]
    assert parsed.sections[1].heading == "First-Line Pharmacologic Treatment"
    assert parsed.sections[-1].heading == "Special Populations"


def test_the_example_lead_claim_has_its_patient_text_and_citation():
    lead = document_parse(text=EXAMPLE.read_text(encoding="utf-8")).lead
    (claim,) = lead.claims
    assert claim.text.startswith("For acute upper back pain, start with NSAIDs")
    assert claim.text.endswith("within 2-4 days.")
    assert claim.citations == ["praxis-upper-back"]
    assert claim.texts["patient"].startswith("For new upper back pain")
    assert claim.line == 39


def test_the_example_keeps_citation_order_as_written():
    parsed = document_parse(text=EXAMPLE.read_text(encoding="utf-8"))
    essential = parsed.sections[3].claims[0]
    assert essential.citations == [
        "praxis-upper-back",
        "praxis-low-back-management",
        "praxis-acute-low-back",
    ]
    treatments_not = parsed.sections[6].claims[0]
    assert treatments_not.citations == [
        "oracle-topic-overview",
        "praxis-upper-back",
        "praxis-acute-low-back",
    ]


def test_the_example_has_five_references_as_csl_fields():
    parsed = document_parse(text=EXAMPLE.read_text(encoding="utf-8"))
    assert [reference.id for reference in parsed.references] == [
        "praxis-upper-back",
        "praxis-acute-low-back",
        "oracle-topic-overview",
        "praxis-low-back-management",
        "cyclobenzaprine-label",
    ]
    first = parsed.references[0].fields
    assert first == {
        "csl_type": "report",
        "genre": "Guideline",
        "title": "Initial Treatment for Acute Upper Back Pain",
        "publisher": "Praxis Medical Insights: Practical Summaries of Clinical Guidelines",
        "issued_year": 2025,
    }
    assert parsed.references[4].fields["csl_type"] == "document"
    assert "issued_year" not in parsed.references[4].fields


# Structure


def test_the_slug_is_derived_from_the_question_when_absent():
    parsed = document_parse(text=document("Heat helps. [@smith-2020]\n"))
    assert parsed.slug == "does-heat-help-back-pain"
    assert parsed.title == ""
    assert parsed.origin == "human"


def test_a_claim_spread_over_lines_is_one_claim_joined_with_spaces():
    parsed = document_parse(text=document("## Care\n\n- Heat \n  helps a lot.\n  [@smith-2020]\n"))
    (claim,) = parsed.sections[0].claims
    assert claim.text == "Heat helps a lot."
    assert claim.citations == ["smith-2020"]


def test_a_hard_line_break_stays_a_line_break():
    parsed = document_parse(
        text=document("## Care\n\n- Heat\\\n  helps.\n- Cold  \n  helps too.\n")
    )
    assert [claim.text for claim in parsed.sections[0].claims] == [
        "Heat\nhelps.",
        "Cold\nhelps too.",
    ]


def test_an_audience_text_is_read_from_a_nested_list_item():
    parsed = document_parse(
        text=document(
            "## Care\n\n- Heat helps. [@smith-2020]\n    - patient: Warmth eases pain.\n"
            "    - student: Heat reduces muscle spasm.\n"
        )
    )
    assert parsed.sections[0].claims[0].texts == {
        "patient": "Warmth eases pain.",
        "student": "Heat reduces muscle spasm.",
    }


def test_evidence_and_uncited_attributes_are_read_after_the_citations():
    parsed = document_parse(
        text=document(
            "## Care\n\n"
            "- Heat helps. [@smith-2020] {evidence=moderate}\n"
            "- Back pain is pain in the back. {.uncited}\n"
            "- Stay active. {.uncited evidence=high}\n"
        )
    )
    first, second, third = parsed.sections[0].claims
    assert (first.evidence, first.no_citation_needed, first.citations) == (
        "moderate",
        False,
        ["smith-2020"],
    )
    assert (second.evidence, second.no_citation_needed) == ("not-graded", True)
    assert (third.evidence, third.no_citation_needed) == ("high", True)
    assert third.text == "Stay active."


def test_backslash_escapes_give_the_plain_character():
    parsed = document_parse(text=document("note\\: this is a lead claim \\[1\\]\n"))
    # The escapes that only kept the text from reading as syntax in the document come
    # off; the rest is the Markdown source, which reads the same.
    assert parsed.lead.claims[0].text == "note: this is a lead claim \\[1]"
    assert markup_plain(parsed.lead.claims[0].text) == "note: this is a lead claim [1]"


def test_a_document_may_end_the_metadata_block_with_dots_and_use_windows_line_ends():
    text = (
        document("Heat helps. [@smith-2020]\n").replace("---\n\n", "...\n\n").replace("\n", "\r\n")
    )
    assert document_parse(text=text).lead.claims[0].text == "Heat helps."


# Errors: the metadata block


def test_a_document_without_a_metadata_block_is_refused_on_line_1():
    error = only_error("# Heat\n\nHeat helps.\n")
    assert error.line == 1
    assert "must start with a metadata block" in error.message


def test_an_unclosed_metadata_block_is_refused():
    error = only_error("---\nquestion: Why?\n\nHeat helps.\n")
    assert error.line == 1
    assert "not closed" in error.message


def test_malformed_yaml_names_the_line_of_the_problem():
    error = only_error(document("Heat helps.\n", meta="question: Why?\ntitle: [unclosed\n"))
    assert error.line == 3
    assert error.message.startswith("the metadata block is not valid YAML")


def test_an_unknown_metadata_key_is_an_error_on_its_line():
    error = only_error(document("Heat helps. [@smith-2020]\n", meta=META + "autor: Me\n"))
    assert error == DocumentError(
        "unknown metadata key 'autor'; known keys: question, title, slug, specialty, origin, "
        "change-summary, ai-disclosure, lang, translation-of, references",
        9,
    )


def test_a_missing_question_is_an_error():
    error = only_error(document("Heat helps.\n", meta="title: Heat\n"))
    assert (error.line, error.message) == (1, "the metadata block has no 'question'")


def test_an_unknown_origin_is_an_error():
    error = only_error(document("Heat helps.\n", meta="question: Why?\norigin: robot\n"))
    assert error.line == 3
    assert error.message == "origin 'robot' is not known; use one of: human, ai-drafted"


@pytest.mark.parametrize("slug", ["Heat Pain!", "Upper-Back", "heat/pain"])
def test_a_slug_that_is_not_a_slug_is_an_error(slug):
    error = only_error(document("Heat helps.\n", meta=f"question: Why?\nslug: {slug}\n"))
    assert error.line == 3
    assert "is not a valid slug" in error.message


def test_yaml_aliases_are_refused():
    meta = "question: &q Why?\ntitle: *q\n"
    error = only_error(document("Heat helps.\n", meta=meta))
    assert error.line == 2
    assert "anchors and aliases" in error.message


def test_deeply_nested_yaml_is_refused():
    meta = "question: Why?\ntitle: " + "[" * 50 + "]" * 50 + "\n"
    error = errors_of(document("Heat helps.\n", meta=meta))[0]
    assert error.line == 3
    assert "nested more than" in error.message


def test_yaml_python_tags_are_refused():
    meta = "question: !!python/object/apply:os.system ['true']\n"
    errors = errors_of(document("Heat helps.\n", meta=meta))
    assert errors[0].line == 2
    assert "python/object/apply:os.system is not allowed" in errors[0].message


# Errors: references


def test_a_reference_without_an_id_or_title_is_an_error():
    meta = (
        "question: Why?\nreferences:\n"
        "  - title: No id here\n"  # line 4
        "  - id: no-title\n"  # line 5
        "    type: report\n"
    )
    errors = errors_of(document("Heat helps.\n", meta=meta))
    assert [(e.line, e.message) for e in errors] == [
        (4, "a reference has no 'id'"),
        (5, "reference 'no-title' has no 'title'"),
    ]


def test_a_duplicate_reference_id_is_an_error_on_the_second():
    meta = META + "  - id: smith-2020\n    title: Another\n"
    error = only_error(document("Heat helps. [@smith-2020]\n", meta=meta))
    assert error == DocumentError("duplicate reference id 'smith-2020' (first on line 4)", 9)


def test_an_unknown_csl_key_is_an_error_on_its_line():
    meta = META + "    journal: Spine\n"
    error = only_error(document("Heat helps. [@smith-2020]\n", meta=meta))
    assert error.line == 9
    assert error.message.startswith("unknown key 'journal' in reference 'smith-2020'")


def test_a_csl_value_of_the_wrong_type_is_an_error():
    meta = META.replace("title: Heat for back pain", "title: [Heat, pain]")
    error = only_error(document("Heat helps. [@smith-2020]\n", meta=meta))
    assert error.line == 6
    assert "must be text" in error.message


def test_an_unknown_csl_type_is_an_error():
    meta = META.replace("type: article-journal", "type: blog")
    error = only_error(document("Heat helps. [@smith-2020]\n", meta=meta))
    assert error.line == 5
    assert error.message == (
        "type of reference 'smith-2020': 'blog' is not a CSL type (e.g. article-journal, book)"
    )


def test_a_malformed_issued_date_is_an_error():
    # (Months 13-16 and 21-24 are seasons in CSL-JSON, so 30 is the bad month here.)
    meta = META.replace("{date-parts: [[2020]]}", "{date-parts: [[2020, 30]]}")
    error = only_error(document("Heat helps. [@smith-2020]\n", meta=meta))
    assert error.line == 8
    assert error.message == (
        "issued of reference 'smith-2020': '2020-30' is not a date: 30 is not a month."
    )


def test_an_invalid_doi_is_an_error_on_its_line():
    meta = META.replace("10.1000/heat.2020", "not-a-doi")
    error = only_error(document("Heat helps. [@smith-2020]\n", meta=meta))
    assert error.line == 7
    assert "is not a DOI" in error.message


def test_an_author_must_be_a_csl_name():
    meta = META + "    author:\n      - {family: Smith, given: Jane}\n      - {given: Bob}\n"
    error = only_error(document("Heat helps. [@smith-2020]\n", meta=meta))
    assert error.line == 9
    assert error.message == (
        "author of reference 'smith-2020': Name 2 needs a family name or, for an "
        "organisation, a name."
    )


def test_the_doi_is_normalised():
    meta = META.replace("10.1000/heat.2020", "https://doi.org/10.1000/HEAT.2020")
    parsed = document_parse(text=document("Heat helps. [@smith-2020]\n", meta=meta))
    assert parsed.references[0].fields["doi"] == "10.1000/heat.2020"


# Errors: the body


def test_a_citation_to_an_unknown_id_names_the_line_and_the_id():
    body = (
        "Heat helps. [@smith-2020]\n\n## Care\n\n- Rest is not needed. [@smith-2020; @jones-2019]\n"
    )
    error = only_error(document(body))
    assert str(error) == (
        "line 15: citation [@jones-2019] does not match any reference in the metadata block"
    )


def test_a_citation_on_a_continuation_line_is_reported_on_that_line():
    error = only_error(document("## Care\n\n- Rest is not\n  needed. [@nobody]\n"))
    assert error.line == 14


def test_a_citation_in_the_middle_of_a_claim_is_an_error():
    error = only_error(document("## Care\n\n- Heat [@smith-2020] helps a lot.\n"))
    assert error.line == 13
    assert "must come at the end" in error.message


def test_a_citation_group_that_is_not_pandoc_syntax_is_an_error():
    error = only_error(document("## Care\n\n- Heat helps. [see @smith-2020; p. 3]\n"))
    assert error.message == (
        "citation [see @smith-2020; p. 3] is not understood; write [@id], [@id1; @id2] or, "
        "with a prefix and a locator, [see @id, p. 3]"
    )


def test_an_unknown_audience_key_is_an_error():
    body = "## Care\n\n- Heat helps. [@smith-2020]\n    - parent: Warmth helps.\n"
    error = only_error(document(body))
    assert error.line == 14
    assert error.message == (
        "unknown audience 'parent'; the configured audiences are: patient, student"
    )


def test_an_unknown_audience_key_in_the_lead_is_an_error():
    error = only_error(document("Heat helps. [@smith-2020]\n\nparent: Warmth helps.\n"))
    assert error.line == 13
    assert "unknown audience 'parent'" in error.message


def test_the_default_audience_cannot_be_given_as_an_audience_text():
    body = "## Care\n\n- Heat helps. [@smith-2020]\n    - clinician: Heat helps.\n"
    error = only_error(document(body))
    assert "'clinician' is the default audience" in error.message


def test_an_audience_text_with_its_own_citations_is_an_error():
    body = "## Care\n\n- Heat helps. [@smith-2020]\n    - patient: Warmth helps. [@smith-2020]\n"
    error = only_error(document(body))
    assert error.line == 14
    assert "the patient text has its own citations" in error.message


def test_an_audience_text_before_any_lead_claim_is_an_error():
    error = only_error(document("patient: Warmth helps.\n\nHeat helps. [@smith-2020]\n"))
    assert error.line == 11
    assert "has no claim before it" in error.message


def test_an_empty_claim_is_an_error():
    errors = errors_of(document("## Care\n\n- [@smith-2020]\n-\n- Heat helps.\n"))
    assert [e.line for e in errors] == [13, 14]
    assert all(e.message.startswith("an empty claim") for e in errors)


def test_a_section_without_heading_text_is_an_error():
    error = only_error(document("## \n\n- Heat helps. [@smith-2020]\n"))
    assert (error.line, error.message) == (11, "a section has no heading text after '## '")


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ("```\ncode\n```\n", "a code block is not supported"),
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", "a table is not supported"),
        ("> quoted\n", "a block quote is not supported"),
        ("1. first\n", "a numbered list is not supported"),
        ("***\n", "a horizontal rule"),
    ],
)
def test_content_that_is_not_a_heading_paragraph_or_list_is_an_error(body, what):
    error = only_error(document("## Care\n\n" + body))
    assert error.line == 13
    assert what in error.message


def test_a_heading_of_another_level_is_an_error():
    error = only_error(document("### Care\n\n"))
    assert error.line == 11
    assert "level-3 heading" in error.message


def test_a_paragraph_inside_a_section_is_an_error():
    error = only_error(document("## Care\n\nHeat helps. [@smith-2020]\n"))
    assert error.line == 13
    assert "a paragraph inside a section is not a claim" in error.message


def test_an_unknown_attribute_is_an_error():
    error = only_error(document("## Care\n\n- Heat helps. [@smith-2020] {.urgent}\n"))
    assert error.line == 13
    assert error.message.startswith("unknown attribute '.urgent'")


def test_an_unknown_evidence_grade_is_an_error():
    error = only_error(document("## Care\n\n- Heat helps. [@smith-2020] {evidence=strong}\n"))
    assert "evidence=strong is not a known evidence grade" in error.message


def test_attributes_before_the_citations_are_an_error():
    error = only_error(document("## Care\n\n- Heat helps. {evidence=high} [@smith-2020]\n"))
    assert "must come after the citations" in error.message


def test_every_problem_is_reported_in_line_order():
    meta = META + "colour: blue\n"  # line 9
    body = "## \n\n- Heat helps. [@nobody]\n    - parent: Warm.\n"  # lines 12, 14, 15
    errors = errors_of(document(body, meta=meta))
    assert [e.line for e in errors] == [9, 12, 14, 15]


# Errors: the text itself


def test_a_document_over_the_size_limit_says_its_size_and_the_limit(settings):
    settings.ARTICLE_IMPORT_MAX_BYTES = 2048
    error = only_error(document("Heat helps. " * 200 + "[@smith-2020]\n"))
    assert error.line == 1
    assert "the limit is 2,048 bytes" in error.message
    assert "the document is 2," in error.message


def test_a_nul_byte_is_an_error_on_its_line():
    error = only_error(document("## Care\n\n- Heat\x00 helps. [@smith-2020]\n"))
    assert error.line == 13
    assert "NUL byte" in error.message


def test_bytes_that_are_not_utf8_are_refused_with_their_line():
    data = document("Heat helps. [@smith-2020]\n").encode() + b"\nCaf\xe9\n"
    with pytest.raises(ArticleImportError) as caught:
        document_decode(data=data)
    (error,) = caught.value.errors
    assert error.line == 13
    assert "not UTF-8" in error.message


def test_decoding_drops_a_byte_order_mark():
    data = b"\xef\xbb\xbf" + document("Heat helps. [@smith-2020]\n").encode()
    assert document_parse(text=document_decode(data=data)).lead.claims[0].text == "Heat helps."


def test_references_as_pandoc_writes_them_are_read_by_the_librarys_csl_reader():
    meta = """\
question: Does heat help back pain?
references:
  - id: watson-1953
    type: article-journal
    title: 'Molecular structure of nucleic acids: a structure for
      deoxyribose nucleic acid'
    title-short: Molecular structure of nucleic acids
    language: en-GB
    author:
      - family: Watson
        given: J. D.
        ORCID: https://orcid.org/0000-0000-0000-0001
    doi: 10.1038/171737a0
    issued: 1953-04
    volume: 171
  - id: doe-2009
    type: book
    title: Effect of *E. coli* on CO~2~
    issued: 2009
  - id: poe-2011
    type: report
    title: Dated the pandoc-citeproc way
    issued:
      - year: 2011
        month: 3
  - id: moe-2012
    type: report
    title: String date parts
    issued: {date-parts: [['2012', '06']]}
"""
    body = "Heat helps. [@watson-1953; @doe-2009; @poe-2011; @moe-2012]\n"
    parsed = document_parse(text=document(body, meta=meta))
    watson, doe, poe, moe = (reference.fields for reference in parsed.references)
    assert watson["doi"] == "10.1038/171737a0"
    assert (watson["issued_year"], watson["issued_month"]) == (1953, 4)
    assert watson["csl_extra"] == {
        "title-short": "Molecular structure of nucleic acids",
        "language": "en-GB",
    }
    assert watson["authors"][0]["ORCID"] == "https://orcid.org/0000-0000-0000-0001"
    assert doe["title"] == "Effect of <i>E. coli</i> on CO<sub>2</sub>"
    assert doe["issued_year"] == 2009
    assert (poe["issued_year"], poe["issued_month"]) == (2011, 3)
    assert (moe["issued_year"], moe["issued_month"]) == (2012, 6)
