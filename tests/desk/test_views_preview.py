"""The preview renders the working copy with the public page's own template and context,
so what editors see is what readers will see."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.models import SectionKind
from articles.services import claim_update
from tests.conftest import freeze_revision, make_reference


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _body(html: str) -> str:
    """The article's text: from the lead to the "Cite this article" box that follows the
    body on the page (templates/articles/detail.html)."""
    start = html.index('<div class="article-lead"')
    return html[start : html.index('<section class="cite-article"', start)]


@pytest.fixture
def published(article, editor):
    # Two references with identifiers, so the reference list has links to compare too.
    claim = article.sections.get(kind=SectionKind.LEAD).claims.get()
    claim.citations.create(
        reference=make_reference(title="Heat therapy", doi="10.1000/heat", pmid="123"), order=1
    )
    freeze_revision(article, editor, state="approved")
    return article


@pytest.mark.parametrize("audience", ["clinician", "patient", "student"])
def test_the_preview_body_is_exactly_the_public_pages_body(client, published, editor, audience):
    public = client.get(published.get_absolute_url(), {"audience": audience})
    client.force_login(editor)
    preview = client.get(reverse("editor:preview", args=[published.slug]), {"audience": audience})

    assert public.status_code == preview.status_code == 200
    assert _body(preview.content.decode()) == _body(public.content.decode())
    assert "ref-2" in _body(public.content.decode())  # a real body, with its reference list


def test_the_preview_shows_the_working_copy_not_the_live_revision(client, published, editor):
    claim = published.sections.get(kind=SectionKind.LEAD).claims.get()
    claim_update(
        claim=claim,
        actor=editor,
        text="Rewritten since approval.",
        evidence="low",
        no_citation_needed=False,
        texts={"patient": "New plain words."},
    )
    client.force_login(editor)

    preview = client.get(reverse("editor:preview", args=[published.slug]), {"audience": "patient"})
    public = client.get(published.get_absolute_url(), {"audience": "patient"})

    assert "New plain words." in _body(preview.content.decode())
    assert "New plain words." not in public.content.decode()


def test_the_preview_is_marked_as_such_and_never_indexed_or_cached(client, article, editor):
    client.force_login(editor)
    response = client.get(reverse("editor:preview", args=[article.slug]), {"audience": "patient"})

    page = response.content.decode()
    assert "Preview of the working copy for “Patient or caregiver”" in page
    assert '<meta name="robots" content="noindex">' in page
    assert "Have a follow-up question?" not in page
    assert "no-store" in response["Cache-Control"]


def test_an_article_never_submitted_can_be_previewed(client, article, editor):
    client.force_login(editor)
    response = client.get(reverse("editor:preview", args=[article.slug]))

    assert response.status_code == 200
    assert "Keep moving and use heat." in _body(response.content.decode())


def _current_steps(html: str) -> list[str]:
    return re.findall(r'<li class="step[^"]*" aria-current="step">([^<]*)</li>', html)


def test_a_never_submitted_draft_stands_on_no_step_of_the_review(client, article, editor):
    client.force_login(editor)
    html = client.get(reverse("editor:preview", args=[article.slug])).content.decode()
    assert _current_steps(html) == []
    assert "step-done" not in html
    assert "Exercise caution as content is pending human review" in html


def test_the_preview_of_a_revision_in_review_shows_its_step(client, article, editor):
    revision = freeze_revision(article, editor, state="under_review")
    client.force_login(editor)
    html = client.get(reverse("editor:preview", args=[article.slug])).content.decode()
    assert article.pending_revision_id == revision.pk
    assert _current_steps(html) == ["Under Review"]
