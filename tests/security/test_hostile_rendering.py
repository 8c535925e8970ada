"""Hostile text in every field a page shows is escaped: the renderer (articles.rendering
and the article template, in memory, for many examples), then the real pages over HTTP
(public page, editors' page and preview, reviewers' page, history) with text saved in
the database. tests/security/hostile.py says what "escaped" is checked as."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Article, Claim, ClaimText, Revision, Section
from articles.reader import page_context
from articles.structured_data import article_jsonld, jsonld_script_body
from references.models import Reference
from tests.conftest import freeze_revision, make_article
from tests.security.hostile import (
    FAST,
    MEGABYTE,
    WITH_DATABASE,
    assert_no_markup_injected,
    hostile_text,
    storable_text,
)

FIELDS = (
    "question",
    "title",
    "specialty",
    "lead",
    "patient",
    "heading",
    "claim",
    "ref_title",
    "journal",
    "author",
    "genre",
    "doi",
    "pmid",
    "url",
    "reviewer",
    "credentials",
    "prefix",
    "locator",
    "suffix",
)
CALM = {name: f"Plain {name}" for name in FIELDS} | {
    "url": "https://example.org/guideline",
    "doi": "10.1000/xyz",
    "pmid": "12345",
}


def _content(t: dict) -> dict:
    return {
        "schema": 1,
        "slug": "back-pain",
        "question": t["question"],
        "title": t["title"],
        "specialty": t["specialty"],
        "origin": "ai-drafted",
        "sections": [
            {
                "kind": "lead",
                "heading": "",
                "claims": [
                    {
                        "uuid": "e2735731-002d-44c2-8e95-fc68997b57c5",
                        "text": t["lead"],
                        "evidence": "moderate",
                        "texts": {"patient": t["patient"]},
                        "citations": ["1"],
                    }
                ],
            },
            {
                "kind": "body",
                "heading": t["heading"],
                "claims": [
                    {
                        "uuid": "0d984ba4-dce1-4721-81c9-b1900ddfe177",
                        "text": t["claim"],
                        "evidence": "not-graded",
                        "texts": {},
                        "citations": ["1", "2"],
                        "citation_details": {
                            "1": {
                                "prefix": t["prefix"],
                                "label": "page",
                                "locator": t["locator"],
                                "suffix": t["suffix"],
                            }
                        },
                    }
                ],
            },
        ],
        "references": {
            "1": {
                "type": "article-journal",
                "title": t["ref_title"],
                "container-title": t["journal"],
                "author": [{"family": t["author"], "given": t["author"]}],
                "genre": t["genre"],
                "DOI": t["doi"],
                "PMID": t["pmid"],
                "issued": {"date-parts": [[2020]]},
                "id": "ref-1",
            },
            "2": {"type": "webpage", "title": t["ref_title"], "URL": t["url"], "id": "ref-2"},
        },
    }


def _render(t: dict, *, audience: str) -> str:
    request = RequestFactory().get("/articles/back-pain/")
    request.user = AnonymousUser()
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    article = Article(slug="back-pain", question=t["question"], title=t["title"])
    revision = Revision(
        article=article,
        number=1,
        content=_content(t),
        state="approved",
        reviewers=[
            {
                "name": t["reviewer"],
                "credentials": t["credentials"],
                "slug": "rhea",
                "signed_at": now.isoformat(),
                "kind": "approval",
            }
        ],
    )
    dates = {
        "published": now,
        "last_updated": now,
        "last_reviewed": now,
        "next_review_due": now.date(),
        "overdue": False,
    }
    context = page_context(article=article, revision=revision, audience=audience, dates=dates)
    data = article_jsonld(
        article=article, revision=revision, outline=context["outline"], dates=dates
    )
    context["jsonld"] = jsonld_script_body(data)
    return render_to_string("articles/detail.html", context, request=request)


@pytest.mark.parametrize("audience", ["clinician", "patient"])
@FAST
@given(texts=st.fixed_dictionaries(dict.fromkeys(FIELDS, hostile_text)))
def test_the_article_template_escapes_whatever_is_in_a_revision(texts, audience):
    html = _render(texts, audience=audience)
    assert_no_markup_injected(html, baseline=_render(CALM, audience=audience))


def test_a_megabyte_claim_renders_escaped():
    texts = dict(CALM, claim="<script>" + MEGABYTE, ref_title=MEGABYTE + "</cite><img src=x>")
    html = _render(texts, audience="clinician")
    assert_no_markup_injected(html, baseline=_render(CALM, audience="clinician"))
    assert "&lt;script&gt;xxxx" in html


def test_a_reference_link_is_only_ever_http():
    for url in ("javascript:alert(1)", " javascript:alert(1)", "data:text/html,x", "//evil"):
        html = _render(dict(CALM, url=url, doi=""), audience="clinician")
        assert_no_markup_injected(html, baseline=_render(CALM, audience="clinician"))
        assert url.strip() not in html or "href" not in html.split(url.strip())[0][-10:]


# --- The real pages, with hostile text saved through the database ------------------------


def _hostile_article(owner, t: dict) -> Article:
    t = {name: value[:100] for name, value in t.items()}  # within every column's max_length
    reference = Reference.objects.create(
        title=t["ref_title"] or "Untitled",
        container_title=t["journal"],
        authors=[{"family": t["author"], "given": t["author"]}],
        genre=t["genre"],
        publisher=t["journal"],
    )
    article = make_article(owner, references=[reference, reference])
    article.question, article.title, article.specialty = t["question"], t["title"], t["specialty"]
    article.save()
    lead = Claim.objects.get(section__article=article, section__kind="lead")
    lead.text = t["lead"]
    lead.save()
    ClaimText.objects.filter(claim=lead).update(text=t["patient"])
    section = Section.objects.filter(article=article, kind="body").first()
    section.heading = t["heading"]
    section.save()
    claim = section.claims.first()
    claim.text = t["claim"]
    claim.save()
    return article


def _pages(cast_owner, board, article, revision) -> dict[str, str]:
    owner, reviewer = Client(), Client()
    owner.force_login(cast_owner)
    reviewer.force_login(board)
    slug = article.slug
    answers = {
        "public": Client().get(article.get_absolute_url()),
        "public, patient": Client().get(article.get_absolute_url() + "?audience=patient"),
        "editor": owner.get(reverse("editor:article", kwargs={"slug": slug})),
        "preview": owner.get(reverse("editor:preview", kwargs={"slug": slug})),
        "history": owner.get(reverse("editor:history", kwargs={"slug": slug})),
        "review": reviewer.get(reverse("reviews:revision", kwargs={"pk": revision.pk})),
    }
    for name, response in answers.items():
        assert response.status_code == 200, (name, response.status_code)
    return {name: response.content.decode() for name, response in answers.items()}


@pytest.fixture
def board(reviewer):
    return reviewer


@WITH_DATABASE
# Columns that may not be empty (database constraints) get one harmless letter in front.
@given(texts=st.fixed_dictionaries({name: storable_text.map("x".__add__) for name in FIELDS}))
def test_every_page_showing_an_article_escapes_what_people_typed(editor, board, texts):
    with transaction.atomic():
        calm = _hostile_article(editor, dict(CALM, question="Calm?"))
        calm.slug = "calm"
        calm.save()
        baseline = _pages(editor, board, calm, freeze_revision(calm, editor))
        transaction.set_rollback(True)
    with transaction.atomic():
        article = _hostile_article(editor, texts)
        pages = _pages(editor, board, article, freeze_revision(article, editor))
        transaction.set_rollback(True)
    for name, html in pages.items():
        try:
            assert_no_markup_injected(html, baseline=baseline[name])
        except AssertionError as failure:
            raise AssertionError(f"on the {name} page: {failure}") from None


# --- Flat pages: the one place where stored HTML is rendered as markup ------------------


def test_a_flat_page_keeps_its_markup_but_loses_scripts_and_script_links(client, db):
    from django.contrib.flatpages.models import FlatPage

    page = FlatPage.objects.get(url="/editorial-policy/")
    page.content = (
        '<h2>How we review</h2><p>Every article is <a href="/board/">reviewed</a>.</p>'
        '<script>alert(1)</script><img src="x" onerror="alert(1)">'
        '<a href="javascript:alert(1)">click</a><p style="display:none" onclick="x()">Hi</p>'
    )
    page.save()

    html = client.get("/editorial-policy/").content.decode()

    assert "<h2>How we review</h2>" in html
    assert '<a href="/board/" rel="noopener noreferrer">reviewed</a>' in html
    assert "alert(1)" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert 'style="display:none"' not in html
