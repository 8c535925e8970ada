"""The reader's article page as the best medical publishers lay it out: the answer first
under a calm review line, references a clinician can check and cite, contents for long
articles; and the parts every public page has (descriptions, icons, feeds, footer, error
pages)."""

import re

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Claim
from tests.conftest import freeze_revision, make_article, make_reference


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def journal_reference(db):
    return make_reference(
        csl_type="article-journal",
        genre="Systematic review",
        title="Nonsteroidal anti-inflammatory drugs for acute back pain",
        authors=[
            {"family": "van der Gaag", "given": "Wendelien H"},
            {"family": "Roelofs", "given": "Pepijn D"},
        ],
        container_title="Cochrane Database of Systematic Reviews",
        issued_year=2020,
        volume="4",
        issue="4",
        pages="CD013581",
        doi="10.1002/14651858.CD013581",
        pmid="32297973",
        publisher="",
    )


@pytest.fixture
def approved(editor, journal_reference):
    other = make_reference(title="Treatment of Acute Low Back Pain")
    article = make_article(editor, references=[journal_reference, other])
    article.origin = "ai-drafted"
    article.save()
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


def _page(client, article, **params) -> str:
    response = client.get(article.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def _details(html: str) -> str:
    return re.search(r'<details class="review-details">(.*?)</details>', html, re.S).group(1)


def test_the_review_line_comes_right_under_the_question_and_before_the_lead(client, approved):
    html = _page(client, approved)
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", _details(html), re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", " ", summary).split())
    updated = approved.last_updated_at.strftime("%B %-d, %Y")
    assert text == f"Medically reviewed by Rhea Viewer, MD, FACP · Updated {updated} Review details"
    positions = [
        html.index("</h1>"),
        html.index('<details class="review-details">'),
        html.index('<div class="lead"'),
        html.index('<section class="personalize"'),
        html.index('<div class="article-body"'),
    ]
    assert positions == sorted(positions)


def test_the_review_panel_keeps_every_element_of_the_review_record(client, approved):
    panel = _details(_page(client, approved))
    assert "All articles are reviewed for accuracy by our Medical Advisory Board" in panel
    assert re.search(r'aria-current="step">Approved<', panel)
    for label in ("Published", "Last updated", "Last reviewed"):
        assert f"<dt>{label}</dt>" in panel
    assert f'href="{reverse("articles:editorial-policy")}">View editorial policy' in panel
    assert "drafted with the help of AI" in panel
    assert '<a href="/board/#reviewer1">Rhea Viewer, MD, FACP</a>' in panel


def test_a_pending_page_keeps_its_caution_outside_the_closed_panel(client, editor):
    article = make_article(editor)
    freeze_revision(article, editor, state="submitted")
    html = _page(client, article)
    assert "Not yet medically reviewed" in re.search(r"<summary.*?</summary>", html, re.S).group(0)
    caution = html.index('<p class="caution" role="note">')
    assert caution > html.index("</details>")
    assert caution < html.index('<div class="lead"')


def test_the_grade_explanation_appears_only_when_a_claim_is_graded(client, approved, editor):
    assert 'id="evidence-levels"' not in _page(client, approved)
    claim = Claim.objects.filter(section__article=approved).last()
    claim.evidence = "moderate"
    claim.save()
    freeze_revision(approved, editor, number=2)
    assert 'id="evidence-levels"' in _page(client, approved)


def test_references_are_in_ama_style_with_doi_and_pubmed_links(client, approved):
    html = _page(client, approved)
    entry = re.search(r'<li id="ref-1"[^>]*>(.*?)</li>', html, re.S).group(1)
    assert '<span class="genre">Systematic review</span>' in entry
    text = re.search(r'<span class="ref-entry">(.*?)</span>', entry, re.S).group(1)
    assert text == (
        "van der Gaag WH, Roelofs PD. Nonsteroidal anti-inflammatory drugs for acute back "
        "pain. Cochrane Database of Systematic Reviews. 2020;4(4):CD013581. "
        '<a href="https://doi.org/10.1002/14651858.CD013581" rel="noopener">'
        "doi:10.1002/14651858.CD013581</a>"
    )
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/32297973/"' in entry


def test_each_reference_links_back_to_every_claim_that_cites_it(client, approved):
    html = _page(client, approved)
    citing = {
        claim_id
        for claim_id, body in re.findall(
            r'<(?:p|li) id="(claim-[0-9a-f-]+)">(.*?)</(?:p|li)>', html, re.S
        )
        if 'href="#ref-1"' in body
    }
    entry = re.search(r'<li id="ref-1"[^>]*>(.*?)</li>', html, re.S).group(1)
    backlinks = re.findall(r'<a href="#(claim-[0-9a-f-]+)" aria-label="([^"]+)">(\w+)</a>', entry)
    assert [label for _, _, label in backlinks] == ["a", "b", "c"]
    assert {anchor for anchor, _, _ in backlinks} == citing
    assert backlinks[1][1] == "Back to citation b of reference 1, in “Section 1”"


def test_a_citation_describes_its_source_for_hover_and_focus(client, approved):
    html = _page(client, approved)
    lead = re.search(r'<div class="lead"[^>]*>(.*?)</div>', html, re.S).group(1)
    link = re.search(r'<a href="#ref-1" aria-label="Reference 1" aria-describedby="([^"]+)">', lead)
    tip = re.search(
        rf'<span class="cite-sources" id="{link.group(1)}" role="tooltip">(.*?)</span></span>', lead
    )
    assert "1. van der Gaag WH, Roelofs PD. Nonsteroidal" in tip.group(1)


def test_a_long_article_has_an_on_this_page_list_and_a_short_one_none(client, approved, editor):
    assert "On this page" not in _page(client, approved)
    long = make_article(editor, slug="long", sections=5, claims_per_section=1)
    freeze_revision(long, editor)
    html = _page(client, long)
    nav = re.search(r'<nav aria-label="On this page">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav) == [
        *[(f"section-{n}", f"Section {n}") for n in range(1, 6)],
        ("references-heading", "References"),
        ("changes-heading", "What changed"),
        ("cite-heading", "Cite this article"),
        ("follow-up-heading", "Ask a follow-up question"),
    ]
    for anchor in ("section-5", "references-heading", "cite-heading", "follow-up-heading"):
        assert f'id="{anchor}"' in html


def test_the_audience_form_returns_to_itself_without_a_script(client, approved):
    html = _page(client, approved)
    assert '<form method="get" action="#personalize" class="audience-form">' in html
    assert '<section class="personalize" id="personalize"' in html
    assert '<script src="/static/js/reader.js" defer></script>' in html


@pytest.mark.parametrize(
    ("fmt", "content_type", "filename", "expected"),
    [
        (
            "txt",
            "text/plain; charset=utf-8",
            "back-pain-ama.txt",
            "What helps back pain? MedAnswers. Published ",
        ),
        (
            "ris",
            "application/x-research-info-systems; charset=utf-8",
            "back-pain.ris",
            "TY  - ELEC",
        ),
        ("bib", "application/x-bibtex; charset=utf-8", "back-pain.bib", "@online{back-pain,"),
    ],
)
def test_cite_this_article_exports_ama_ris_and_bibtex(
    client, approved, fmt, content_type, filename, expected
):
    response = client.get(reverse("articles:cite", args=[approved.slug, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    body = response.content.decode()
    assert body.startswith(expected)
    assert "http://testserver/articles/back-pain/" in body
    page = _page(client, approved)
    assert f'href="{reverse("articles:cite", args=[approved.slug, fmt])}" download' in page


def test_the_page_shows_the_same_ama_citation_it_exports(client, approved):
    exported = client.get(reverse("articles:cite", args=[approved.slug, "txt"])).content.decode()
    html = _page(client, approved)
    shown = re.search(r'<p class="citation-text">(.*?)</p>', html, re.S).group(1)
    assert shown == exported.strip()


def test_an_unknown_citation_format_is_not_found(client, approved):
    assert client.get(f"/articles/{approved.slug}/cite.docx").status_code == 404


# --- Every public page -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/board/", "/editorial-policy/", "/articles/back-pain/"])
def test_public_pages_have_a_description_icons_feeds_search_and_footer(client, approved, path):
    html = client.get(path).content.decode()
    description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
    assert len(description) > 20
    assert '<link rel="icon" href="/static/icons/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">' in html
    assert 'type="application/rss+xml"' in html and 'type="application/atom+xml"' in html
    header = re.search(r'<header class="site-header">(.*?)</header>', html, re.S).group(1)
    assert re.search(r'<form method="get" action="/search/" role="search"[^>]*>', header)
    assert 'name="q"' in header
    footer = re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S).group(1)
    for href in (
        "/editorial-policy/",
        "/board/",
        "/medical-disclaimer/",
        "/corrections/",
        "mailto:",
    ):
        assert f'href="{href}' in footer


def test_the_article_description_is_its_lead(client, approved):
    html = _page(client, approved)
    assert '<meta name="description" content="Keep moving and use heat.">' in html


def test_the_home_page_has_a_search_box(client, approved):
    html = client.get("/").content.decode()
    form = re.search(r'<form[^>]*class="home-search"[^>]*>(.*?)</form>', html, re.S)
    assert 'action="/search/"' in form.group(0) and 'name="q"' in form.group(1)


def test_the_icons_exist_as_static_files():
    from django.contrib.staticfiles import finders

    for name in ("favicon.svg", "favicon-32.png", "apple-touch-icon.png", "icon-192.png"):
        assert finders.find(f"icons/{name}"), name


def test_a_missing_page_is_the_sites_styled_404(client, db):
    response = client.get("/articles/no-such-article/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>We can't find that page</h1>" in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert 'name="robots" content="noindex"' in html


def test_a_refused_page_is_the_sites_styled_403(client, db):
    from django.views.defaults import permission_denied

    request = RequestFactory().get("/editor/")
    response = permission_denied(request, exception=None)
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>You don't have access to this page</h1>" in html
    assert 'href="/static/css/site.css"' in html


def test_the_500_page_needs_no_url_reversal_or_static_manifest(settings, db):
    """It is rendered while something is already broken: nothing in it may fail again."""
    from config.views import server_error

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.ROOT_URLCONF = "tests.articles.empty_urls"
    request = RequestFactory().get("/")
    request.request_id = "abc123"
    response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in html and "abc123" in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert "<title>Something went wrong · MedAnswers</title>" in html


def test_a_policy_pages_description_is_its_text_escaped(client, db):
    from django.contrib.flatpages.models import FlatPage

    page = FlatPage.objects.get(url="/editorial-policy/")
    page.content = '<p>We check every "claim" and <b>source</b>.</p>'
    page.save()
    html = client.get("/editorial-policy/").content.decode()
    description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert description == "We check every &quot;claim&quot; and source."
