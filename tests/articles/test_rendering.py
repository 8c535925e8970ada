from articles.rendering import article_render


def _content():
    return {
        "question": "Q?",
        "title": "T",
        "sections": [
            {
                "kind": "lead",
                "heading": "",
                "claims": [
                    {
                        "uuid": "a",
                        "text": "Lead.",
                        "citations": ["20"],
                        "texts": {"patient": "Easy lead."},
                    },
                ],
            },
            {
                "kind": "body",
                "heading": "One",
                "claims": [
                    {"uuid": "b", "text": "B.", "citations": ["10", "20"], "texts": {}},
                    {
                        "uuid": "c",
                        "text": "C.",
                        "citations": ["30", "10"],
                        "texts": {"student": "C for students."},
                    },
                ],
            },
        ],
        "references": {
            "10": {"id": "x", "title": "Ten"},
            "20": {"id": "y", "title": "Twenty"},
            "30": {"id": "z", "title": "Thirty"},
            "40": {"id": "w", "title": "Never cited"},
        },
    }


def test_citations_are_numbered_by_first_appearance_across_lead_and_sections():
    rendered = article_render(content=_content(), audience="clinician")
    assert rendered.lead.claims[0].citation_numbers == (1,)
    assert [c.citation_numbers for c in rendered.sections[0].claims] == [(2, 1), (3, 2)]


def test_a_reference_cited_twice_keeps_its_first_number_and_is_listed_once():
    rendered = article_render(content=_content(), audience="clinician")
    assert [(r.number, r.title) for r in rendered.references] == [
        (1, "Twenty"),
        (2, "Ten"),
        (3, "Thirty"),
    ]


def test_uncited_references_are_not_numbered():
    rendered = article_render(content=_content(), audience="clinician")
    assert "Never cited" not in [r.title for r in rendered.references]


def test_audience_text_replaces_the_default_text_and_falls_back_when_missing():
    rendered = article_render(content=_content(), audience="patient")
    assert rendered.lead.claims[0].text == "Easy lead."
    assert rendered.lead.claims[0].in_audience is True
    assert rendered.sections[0].claims[1].text == "C."
    assert rendered.sections[0].claims[1].in_audience is False


def test_citation_numbers_are_the_same_in_every_audience():
    numbers = {
        audience: [
            c.citation_numbers
            for s in article_render(content=_content(), audience=audience).all_sections
            for c in s.claims
        ]
        for audience in ("clinician", "patient", "student")
    }
    assert numbers["clinician"] == numbers["patient"] == numbers["student"]


def test_an_unknown_audience_renders_the_default_text():
    rendered = article_render(content=_content(), audience="martian")
    assert rendered.audience == "clinician"
    assert rendered.lead.claims[0].text == "Lead."


def test_reference_links_only_keep_web_urls():
    content = _content()
    content["references"]["20"]["URL"] = "javascript:alert(1)"
    content["references"]["10"]["URL"] = "https://example.org/guideline"
    refs = {r.title: r for r in article_render(content=content).references}
    assert refs["Twenty"].url == ""
    assert refs["Ten"].url == "https://example.org/guideline"


def test_the_page_outline_kept_beside_the_text_reads_back_as_it_was_written():
    from articles.pagebody import PageOutline

    content = _content()
    content["sections"][1]["heading"] = "What *helps*: 2--4 weeks"
    outline = PageOutline.of(article_render(content=content, audience="patient"))

    assert PageOutline.loads(outline.dumps()) == outline
    assert outline.sections == (("section-1", "What helps: 2\u20134 weeks"),)
