import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.models import Claim, ReaderQuestion, Section
from tests.conftest import freeze_revision, make_article, make_board_member, make_reference


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def approved(editor, reviewer):
    ref = make_reference(
        title="Management of Low Back Pain",
        doi="10.1000/back.1",
        publisher="Praxis Medical Insights",
    )
    other = make_reference(title="Treatment of Acute Low Back Pain", pmid="12345678")
    article = make_article(editor, references=[ref, other])
    revision = freeze_revision(article, editor)
    revision.reviewers = [
        {
            "name": "Rhea Viewer",
            "credentials": "MD, FACP",
            "slug": "reviewer1",
            "signed_at": "2025-11-12T10:00:00+00:00",
        }
    ]
    revision.save(update_fields=["reviewers"])
    return article


def _page(client, article, **params):
    response = client.get(article.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_question_is_the_only_h1(client, approved):
    html = _page(client, approved)
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == ["What helps back pain?"]


def test_the_board_line_links_to_the_board_page(client, approved):
    html = _page(client, approved)
    assert f'href="{reverse("reviews:board")}"' in html
    assert "All articles are reviewed for accuracy by our Medical Advisory Board" in html


def test_an_approved_page_has_no_caution_and_is_indexable(client, approved):
    html = _page(client, approved)
    assert "pending human review" not in html
    assert 'name="robots"' not in html


def test_a_pending_page_shows_the_caution_and_noindex(client, editor):
    article = make_article(editor)
    freeze_revision(article, editor, state="submitted")
    html = _page(client, article)
    assert "Educational purpose only" in html
    assert "Exercise caution as content is pending human review" in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize(
    ("state", "current"),
    [
        ("submitted", "Submitted"),
        ("under_review", "Under Review"),
        ("changes_requested", "Under Review"),
    ],
)
def test_the_stepper_marks_the_current_step(client, editor, state, current):
    article = make_article(editor)
    freeze_revision(article, editor, state=state)
    # changes_requested is not "open", so show it through the live pointer's absence only
    if state == "changes_requested":
        article.pending_revision = article.revisions.get()
        article.save()
    html = _page(client, article)
    steps = re.findall(r'<li class="step[^"]*"( aria-current="step")?>([^<]+)</li>', html)
    assert [label for _, label in steps] == ["Submitted", "Under Review", "Approved"]
    assert [label for flag, label in steps if flag] == [current]


def test_the_stepper_marks_approved_on_an_approved_page(client, approved):
    html = _page(client, approved)
    assert re.search(r'aria-current="step">Approved<', html)


def test_last_updated_date_and_editorial_policy_link(client, approved):
    html = _page(client, approved)
    expected = approved.last_updated_at.strftime("%B %-d, %Y")
    assert "Last updated: <time" in html and expected in html
    assert f'href="{reverse("articles:editorial-policy")}">View editorial policy' in html


def test_reviewed_by_names_the_signing_board_member(client, approved):
    html = _page(client, approved)
    assert "Medically reviewed by" in html
    assert "Rhea Viewer, MD, FACP" in html


def test_the_audience_picker_works_without_javascript(client, approved):
    html = _page(client, approved)
    assert "Which best describes you?" in html
    form = re.search(r'<form method="get" action="#personalize"[^>]*>(.*?)</form>', html, re.S)
    form = form.group(1)
    assert re.findall(r'name="audience" value="(\w+)"', form) == ["clinician", "patient", "student"]
    assert '<button type="submit"' in form


def test_the_audience_parameter_switches_claim_texts_and_falls_back(client, approved):
    default = _page(client, approved)
    patient = _page(client, approved, audience="patient")
    assert "Keep moving and use heat." in default and "Stay active." not in default
    assert "Stay active." in patient and "Keep moving and use heat." not in patient
    # Claims without a patient text show the default wording.
    assert "Claim 1.1 about treatment." in patient


def test_choosing_an_audience_sets_a_cookie_that_later_visits_follow(client, approved):
    response = client.get(approved.get_absolute_url(), {"audience": "patient"})
    assert response.cookies["audience"].value == "patient"
    response = client.get(approved.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == approved.get_absolute_url() + "?audience=patient"


def test_each_audience_has_its_own_canonical_url(client, approved):
    html = _page(client, approved, audience="patient")
    assert re.search(
        r'<link rel="canonical" href="http://testserver/articles/back-pain/\?audience=patient">',
        html,
    )


def test_title_lead_sections_and_claims_are_shown(client, approved):
    html = _page(client, approved)
    assert '<h2 class="article-title">Back pain</h2>' in html
    assert "Keep moving and use heat." in html
    assert ">Section 1</h3>" in html and ">Section 2</h3>" in html
    assert "Claim 2.2 about treatment." in html


def test_citation_numbers_link_to_their_reference_entries(client, approved):
    html = _page(client, approved)
    links = re.findall(r'<a href="#ref-(\d+)" aria-label="Reference (\d+)"[^>]*>(\d+)</a>', html)
    assert links and all(a == b == c for a, b, c in links)
    assert {n for n, _, _ in links} == {"1", "2"}
    assert 'id="ref-1"' in html and 'id="ref-2"' in html


def test_reference_list_shows_genre_title_source_year_and_identifier_links(client, approved):
    html = _page(client, approved)
    ref = re.search(r'<li id="ref-1"[^>]*>(.*?)</li>', html, re.S).group(1)
    assert "Guideline" in ref
    assert "Management of Low Back Pain" in ref
    assert "Praxis Medical Insights; 2025." in ref
    assert 'href="https://doi.org/10.1000/back.1"' in ref
    second = re.search(r'<li id="ref-2"[^>]*>(.*?)</li>', html, re.S).group(1)
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/12345678/"' in second


def test_the_disclaimer_matches_the_audience(client, approved):
    assert "Professional Medical Disclaimer" in _page(client, approved)
    patient = _page(client, approved, audience="patient")
    assert "Professional Medical Disclaimer" not in patient
    assert "does not replace advice from your doctor" in patient


def test_the_follow_up_box_stores_the_question_with_article_and_audience(client, approved):
    html = _page(client, approved)
    assert "Have a follow-up question?" in html
    response = client.post(
        reverse("articles:question", kwargs={"slug": approved.slug}),
        {"text": "Can I take ibuprofen with blood thinners?", "audience": "patient"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?audience=patient#follow-up")
    question = ReaderQuestion.objects.get()
    assert (question.article, question.audience) == (approved, "patient")
    assert question.text == "Can I take ibuprofen with blood thinners?"


def test_an_empty_question_is_refused_and_nothing_is_stored(client, approved):
    response = client.post(
        reverse("articles:question", kwargs={"slug": approved.slug}), {"text": "  "}, follow=True
    )
    assert ReaderQuestion.objects.count() == 0
    assert "This field is required." in response.content.decode()


def test_a_filled_honeypot_is_thanked_but_not_stored(client, approved):
    response = client.post(
        reverse("articles:question", kwargs={"slug": approved.slug}),
        {"text": "Buy cheap pills", "website": "http://spam.example"},
    )
    assert response.status_code == 302
    assert ReaderQuestion.objects.count() == 0


def test_too_many_questions_from_one_client_answer_429(client, approved):
    url = reverse("articles:question", kwargs={"slug": approved.slug})
    statuses = [client.post(url, {"text": f"Question {i}"}).status_code for i in range(6)]
    assert statuses == [302] * 5 + [429]
    assert ReaderQuestion.objects.count() == 5


def test_user_text_is_escaped(client, editor):
    article = make_article(editor)
    claim = Claim.objects.filter(section__article=article).last()
    claim.text = '<script>alert("x")</script> & more'
    claim.save()
    freeze_revision(article, editor)
    html = _page(client, article)
    assert "<script>alert" not in html
    # Shown as the text it is (with Pandoc's curly quotes: claim texts are Markdown).
    assert "&lt;script&gt;alert(\u201cx\u201d)&lt;/script&gt; &amp; more" in html


def test_the_page_shows_the_revision_not_the_working_copy(client, approved):
    claim = Claim.objects.filter(section__article=approved).last()
    claim.text = "Unreviewed edit in the working copy."
    claim.save()
    assert "Unreviewed edit" not in _page(client, approved)


def test_an_article_without_a_revision_is_not_found(client, editor):
    article = make_article(editor)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_pending_articles_can_be_hidden_by_setting(client, editor, settings):
    settings.ARTICLES_SHOW_PENDING = False
    article = make_article(editor)
    freeze_revision(article, editor, state="submitted")
    assert client.get(article.get_absolute_url()).status_code == 404


def _grow(article, claims: int):
    section = Section.objects.create(article=article, heading="More", order=99)
    refs = [make_reference(title=f"Extra {i}") for i in range(3)]
    for i in range(claims):
        claim = Claim.objects.create(section=section, order=i, text=f"Extra claim {i}.")
        claim.citations.create(reference=refs[i % 3], order=0)


def test_the_page_needs_the_same_queries_for_5_and_200_claims(
    client, editor, django_assert_num_queries
):
    small = make_article(editor, slug="small", sections=1, claims_per_section=4)
    large = make_article(editor, slug="large", sections=1, claims_per_section=4)
    _grow(large, 195)
    freeze_revision(small, editor)
    freeze_revision(large, editor)
    # Rendering (cache cold): the article with its revision's metadata, the revision's
    # content, and the "What changed" list.
    cache.clear()
    with django_assert_num_queries(3) as small_queries:
        client.get(small.get_absolute_url())
    cache.clear()
    with django_assert_num_queries(3) as large_queries:
        response = client.get(large.get_absolute_url())
    assert "Extra claim 194." in response.content.decode()
    assert len(small_queries.captured_queries) == len(large_queries.captured_queries)


def test_the_index_lists_public_articles_only(client, editor, approved):
    hidden = make_article(editor, slug="draft-only", question="An unpublished draft?")
    html = client.get(reverse("articles:index")).content.decode()
    assert approved.question in html
    assert hidden.question not in html


def test_the_board_page_lists_active_members_with_credentials(client, reviewer, outsider):
    former = make_board_member(outsider, name="Former Member")
    former.is_active = False
    former.save()
    html = client.get(reverse("reviews:board")).content.decode()
    assert "Rhea Viewer, MD, FACP" in html
    assert "Doctor of Medicine" in html
    assert "Musculoskeletal medicine" in html
    assert "Former Member" not in html


@pytest.mark.parametrize("name", ["editorial-policy", "disclaimer", "corrections"])
def test_policy_pages_exist_from_the_first_migration(client, db, name):
    response = client.get(reverse(f"articles:{name}"))
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


def test_the_index_is_paginated_with_a_fixed_number_of_queries(
    client, editor, django_assert_max_num_queries
):
    ref = make_reference(title="Shared source")
    for i in range(55):
        article = make_article(
            editor, slug=f"a-{i:02d}", question=f"Question {i:02d}?", sections=0, references=[ref]
        )
        freeze_revision(article, editor)
    with django_assert_max_num_queries(2):
        first = client.get(reverse("articles:index")).content.decode()
    assert "Question 00?" in first and "Question 49?" in first and "Question 50?" not in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("articles:index"), {"page": 2}).content.decode()
    assert "Question 54?" in second


def test_a_pending_page_does_not_say_it_was_reviewed(client, editor):
    article = make_article(editor)
    freeze_revision(article, editor, state="submitted")
    html = _page(client, article)
    line = re.search(r'<p class="board-line">(.*?)</p>', html, re.S).group(1)
    assert "Exercise caution as content is pending human review" in html
    assert "All articles are reviewed" not in html
    assert "This article has not been reviewed yet" in line
