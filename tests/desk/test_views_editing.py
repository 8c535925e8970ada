"""Every editing operation through the editor's plain forms: each one saves, comes back to
the anchor of what it changed, and refuses stale or bad input with a status and reason."""

import pytest
from django.urls import reverse

from articles import versions
from articles.models import Article, Claim, Evidence, Section, SectionKind
from articles.services import claim_update
from references.models import Reference
from tests.conftest import make_reference
from tests.desk.conftest import placed
from tests.editing import claims_of, headings_of, nothing_written


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def _url(name, article, *args):
    return reverse(f"editor:{name}", args=[article.slug, *args])


def _body(article, index=0) -> Section:
    return article.sections.filter(kind=SectionKind.BODY).order_by("order")[index]


def _claim_version(claim) -> str:
    return versions.claim_versions([claim.pk])[claim.pk]


def _section_version(section) -> str:
    return versions.section_versions([section.pk])[section.pk]


def _redirects_to(response, article, anchor: str) -> None:
    """Back to the editor page (no #fragment: it would stop the confirmation taking the
    focus), the confirmation shown at `anchor`, what was changed."""
    assert response.status_code == 302
    assert response["Location"] == _url("article", article)
    assert placed(response)[-1][0] == anchor


def test_the_articles_details_are_saved(signed_in, article):
    response = signed_in.post(
        _url("article-details", article),
        {
            "question": "What helps acute back pain?",
            "title": "Acute back pain",
            "specialty": "Musculoskeletal medicine",
            "origin": "ai-drafted",
            "version": versions.article_version(article),
        },
    )

    _redirects_to(response, article, "details")
    article.refresh_from_db()
    assert (article.question, article.origin) == ("What helps acute back pain?", "ai-drafted")


def test_a_question_over_the_limit_reads_the_same_from_the_form_and_the_service(
    signed_in, article, editor
):
    from articles.errors import ArticleError
    from articles.services import article_update_metadata

    question = "Q" * 301
    with nothing_written():
        response = signed_in.post(
            _url("article-details", article),
            {"question": question, "origin": "human", "version": versions.article_version(article)},
        )
    assert response.status_code == 400
    sentence = "That text is 301 characters long; the limit here is 300."
    assert sentence in response.content.decode()
    with pytest.raises(ArticleError) as refused:
        article_update_metadata(
            article=article, actor=editor, question=question, title="", specialty="", origin="human"
        )
    assert refused.value.message == sentence


def test_the_owner_sets_co_editors(signed_in, article, editor2):
    response = signed_in.post(_url("article-co-editors", article), {"co_editors": [editor2.pk]})

    _redirects_to(response, article, "co-editors")
    assert list(article.co_editors.all()) == [editor2]


def test_a_section_is_added_and_the_page_jumps_to_it(signed_in, article):
    response = signed_in.post(_url("section-add", article), {"heading": "Red flags"})

    section = article.sections.get(heading="Red flags")
    _redirects_to(response, article, f"section-{section.pk}")


def test_a_section_is_renamed(signed_in, article):
    section = _body(article)
    response = signed_in.post(
        _url("section-rename", article, section.pk),
        {"heading": "First-line treatment", "version": _section_version(section)},
    )

    _redirects_to(response, article, f"section-{section.pk}")
    assert headings_of(article) == ["", "First-line treatment", "Section 2"]


def test_a_section_heading_gets_its_patient_text_at_the_desk(signed_in, article):
    section = _body(article)
    page = signed_in.get(_url("article", article)).content.decode()
    assert 'name="heading_patient"' in page and 'name="heading_clinician"' not in page
    response = signed_in.post(
        _url("section-heading-texts", article, section.pk),
        {"heading_patient": "What you can do", "version": _section_version(section)},
    )

    _redirects_to(response, article, f"section-{section.pk}")
    section.refresh_from_db()
    assert section.heading_texts == {"patient": "What you can do"}


def test_a_heading_text_for_an_unknown_audience_is_refused_and_kept(signed_in, article):
    section = _body(article)
    with nothing_written():
        response = signed_in.post(
            _url("section-heading-texts", article, section.pk),
            {"heading_patient": "x" * 301, "version": _section_version(section)},
        )
    assert response.status_code == 400
    assert "x" * 301 in response.content.decode()


def test_a_section_is_moved_down_and_up(signed_in, article):
    first = _body(article)
    signed_in.post(
        _url("section-move", article, first.pk),
        {"direction": "down", "version": _section_version(first)},
    )
    assert headings_of(article) == ["", "Section 2", "Section 1"]

    signed_in.post(
        _url("section-move", article, first.pk),
        {"direction": "up", "version": _section_version(first)},
    )
    assert headings_of(article) == ["", "Section 1", "Section 2"]


def test_deleting_a_section_with_claims_needs_a_tick(signed_in, article):
    section = _body(article)
    with nothing_written():
        response = signed_in.post(
            _url("section-delete", article, section.pk), {"version": _section_version(section)}
        )
    assert response.status_code == 400
    assert "Tick “also delete its claims”" in response.content.decode()

    response = signed_in.post(
        _url("section-delete", article, section.pk),
        {"version": _section_version(section), "confirm": "1"},
    )
    _redirects_to(response, article, "sections")
    assert headings_of(article) == ["", "Section 2"]


def test_a_claim_is_added_with_its_audience_texts(signed_in, article):
    section = _body(article, 1)
    response = signed_in.post(
        _url("claim-add", article, section.pk),
        {
            "text": "Heat gives short-term relief.",
            "text_patient": "A heating pad can help for a while.",
            "evidence": "moderate",
        },
    )

    claim = section.claims.get(text="Heat gives short-term relief.")
    _redirects_to(response, article, f"claim-{claim.uuid}")
    assert claim.evidence == Evidence.MODERATE
    assert claim.texts.get().text == "A heating pad can help for a while."


def test_an_empty_claim_is_refused_with_400(signed_in, article):
    with nothing_written():
        response = signed_in.post(
            _url("claim-add", article, _body(article).pk), {"text": " ", "evidence": "low"}
        )
    assert response.status_code == 400


def test_a_claim_is_saved_with_its_certainty_flag_and_texts(signed_in, article):
    claim = _body(article).claims.first()
    response = signed_in.post(
        _url("claim-save", article, claim.pk),
        {
            "text": "NSAIDs are first-line.",
            "text_patient": "Try ibuprofen first.",
            "text_student": "NSAIDs: first-line for acute pain.",
            "evidence": "high",
            "no_citation_needed": "1",
            "version": _claim_version(claim),
        },
    )

    _redirects_to(response, article, f"claim-{claim.uuid}")
    claim.refresh_from_db()
    assert (claim.text, claim.evidence, claim.no_citation_needed) == (
        "NSAIDs are first-line.",
        "high",
        True,
    )
    assert dict(claim.texts.values_list("audience", "text")) == {
        "patient": "Try ibuprofen first.",
        "student": "NSAIDs: first-line for acute pain.",
    }


def test_a_stale_claim_form_is_refused_with_409_naming_who_changed_it(
    signed_in, article, editor, editor2
):
    article.co_editors.add(editor2)
    claim = _body(article).claims.first()
    loaded = _claim_version(claim)
    claim_update(
        claim=claim, actor=editor2, text="Their text.", evidence="low", no_citation_needed=False
    )

    with nothing_written():
        response = signed_in.post(
            _url("claim-save", article, claim.pk),
            {"text": "My text.", "evidence": "high", "version": loaded},
        )

    assert response.status_code == 409
    page = response.content.decode()
    assert "editor2 changed the text of this claim on " in page
    assert "My text." in page  # kept so it can be copied
    claim.refresh_from_db()
    assert claim.text == "Their text."


def test_a_claim_is_moved_down_within_its_section(signed_in, article):
    section = _body(article)
    claim = section.claims.order_by("order").first()
    response = signed_in.post(
        _url("claim-move", article, claim.pk),
        {"direction": "down", "version": _claim_version(claim)},
    )

    _redirects_to(response, article, f"claim-{claim.uuid}")
    assert claims_of(section) == ["Claim 1.2 about treatment.", "Claim 1.1 about treatment."]


def test_a_claim_is_moved_to_another_section(signed_in, article):
    claim = _body(article).claims.order_by("order").first()
    target = _body(article, 1)
    signed_in.post(
        _url("claim-move", article, claim.pk),
        {"section": target.pk, "version": _claim_version(claim)},
    )

    assert claims_of(target)[-1] == "Claim 1.1 about treatment."


def test_a_claim_is_deleted(signed_in, article):
    claim = _body(article).claims.first()
    response = signed_in.post(
        _url("claim-delete", article, claim.pk), {"version": _claim_version(claim)}
    )

    _redirects_to(response, article, f"section-{claim.section_id}")
    assert not Claim.objects.filter(pk=claim.pk).exists()


@pytest.mark.parametrize(
    "query", ["10.1000/HEAT.1", "https://doi.org/10.1000/heat.1", "PMID: 31234567", "heat wrap"]
)
def test_a_library_reference_is_cited_by_doi_pmid_or_title_words(signed_in, article, query):
    reference = make_reference(title="Heat wrap therapy", doi="10.1000/heat.1", pmid="31234567")
    claim = _body(article).claims.first()

    response = signed_in.post(_url("citation-add", article, claim.pk), {"query": query})

    _redirects_to(response, article, f"claim-{claim.uuid}")
    assert claim.citations.filter(reference=reference).exists()


def test_several_matches_are_listed_to_choose_from_and_the_choice_is_cited(signed_in, article):
    first = make_reference(title="Heat therapy for neck pain")
    make_reference(title="Heat therapy for knee pain")
    claim = _body(article).claims.first()

    with nothing_written():
        listing = signed_in.post(_url("citation-add", article, claim.pk), {"query": "heat therapy"})
    assert listing.status_code == 200
    assert "Which source did you mean?" in listing.content.decode()
    assert "Heat therapy for knee pain" in listing.content.decode()

    signed_in.post(_url("citation-add", article, claim.pk), {"reference": first.pk})
    assert claim.citations.filter(reference=first).exists()


def test_a_search_without_matches_offers_the_new_reference_form_with_the_words(signed_in, article):
    claim = _body(article).claims.first()
    with nothing_written():
        response = signed_in.post(
            _url("citation-add", article, claim.pk), {"query": "nothing like this"}
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "No reference in the library matches “nothing like this”" in page
    assert 'name="title" value="nothing like this"' in page


def test_a_new_reference_is_added_inline_and_cited(signed_in, article, editor):
    claim = _body(article).claims.first()
    response = signed_in.post(
        _url("reference-new", article, claim.pk),
        {
            "csl_type": "article-journal",
            "genre": "Randomized trial",
            "title": "Heat wrap therapy for acute low back pain",
            "authors": "Nadler, Scott F.\nWorld Health Organization",
            "container_title": "Spine",
            "issued": "2003-02",
            "doi": "10.1097/00007632-200302150-00003",
            "pmid": "",
            "url": "",
        },
    )

    _redirects_to(response, article, f"claim-{claim.uuid}")
    reference = Reference.objects.get(title="Heat wrap therapy for acute low back pain")
    assert reference.authors == [
        {"family": "Nadler", "given": "Scott F."},
        {"literal": "World Health Organization"},
    ]
    assert (reference.issued_year, reference.issued_month) == (2003, 2)
    assert claim.citations.filter(reference=reference).exists()
    assert reference.history.latest().history_user == editor


def test_a_new_reference_with_a_bad_pmid_shows_the_form_again_with_the_error(signed_in, article):
    claim = _body(article).claims.first()
    with nothing_written():
        response = signed_in.post(
            _url("reference-new", article, claim.pk),
            {"csl_type": "report", "title": "A report", "pmid": "abc"},
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a PubMed ID" in page
    assert 'value="A report"' in page


def test_citations_are_reordered_and_removed(signed_in, article):
    claim = _body(article).claims.first()
    signed_in.post(
        _url("citation-add", article, claim.pk),
        {"reference": make_reference(title="Second source").pk},
    )
    second = claim.citations.order_by("order").last()

    signed_in.post(
        _url("citation-move", article, second.pk),
        {"direction": "up", "version": _claim_version(claim)},
    )
    assert claim.citations.order_by("order").first() == second

    response = signed_in.post(
        _url("citation-remove", article, second.pk), {"version": _claim_version(claim)}
    )
    _redirects_to(response, article, f"claim-{claim.uuid}")
    assert list(claim.citations.values_list("reference__title", flat=True)) == [
        "Source back-pain 0"
    ]


def test_an_editor_starts_an_article_and_lands_in_its_editor(signed_in):
    response = signed_in.post(
        reverse("editor:article-new"),
        {"question": "Does ice help a sprained ankle?", "origin": "human"},
    )

    article = Article.objects.get(slug="does-ice-help-a-sprained-ankle")
    assert response["Location"] == _url("article", article)
    assert article.sections.get().kind == SectionKind.LEAD


def test_a_board_member_cannot_start_an_article(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("editor:article-new")).status_code == 403
