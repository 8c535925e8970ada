"""The AI-disclosure block: checked at submission, shown to reviewers, declared to machines
on the public page (W3C AI Content Disclosure draft: meta tag and JSON-LD)."""

import json
import re

import pytest
from django.urls import reverse

from articles.disclosure import ai_disclosure_clean
from articles.documents import article_import
from articles.errors import ArticleError
from articles.models import Origin, Revision
from reviews.errors import WorkflowError
from reviews.workflow import revision_approve, revision_start_review, revision_submit
from tests.conftest import PASSWORD, make_article

BLOCK = {
    "model": "gpt-4o-2024-08-06",
    "prompt_reference": "https://prompts.example.com/drafting/v3",
    "human_editor": "Eda Editor",
}
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("gpt-4o", "must be an object"),
        ({"model": "gpt-4o"}, "must name the human editor"),
        ({"human_editor": "Eda"}, "must name the model"),
        ({**BLOCK, "temperature": 0.2}, "unknown field temperature"),
        ({**BLOCK, "model": 4}, "the model must be text"),
        ({**BLOCK, "model": "m" * 201}, "the model is at most 200 characters"),
    ],
)
def test_a_malformed_block_is_refused_naming_the_field(value, message):
    with pytest.raises(ArticleError) as refusal:
        ai_disclosure_clean(value)
    assert refusal.value.code == "invalid_ai_disclosure"
    assert message in refusal.value.message


def test_a_block_is_stored_stripped_and_without_empty_fields():
    cleaned = ai_disclosure_clean(
        {"model": " gpt-4o ", "prompt_reference": "", "human_editor": "E"}
    )
    assert cleaned == {"model": "gpt-4o", "human_editor": "E"}


def test_a_refused_block_leaves_no_revision(editor):
    article = make_article(editor)
    with pytest.raises(WorkflowError) as refusal:
        revision_submit(article=article, actor=editor, comment="c", ai_disclosure={"model": "x"})
    assert refusal.value.code == "invalid_ai_disclosure"
    assert not Revision.objects.exists()


@pytest.fixture
def published(editor, reviewer):
    article = make_article(editor)
    article.origin = Origin.AI_DRAFTED
    article.save()
    revision = revision_submit(
        article=article, actor=editor, comment="c", public_summary="New.", ai_disclosure=BLOCK
    )
    revision_start_review(revision=revision, actor=reviewer)
    revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
    return article, revision


def test_reviewers_see_the_block_on_the_review_page(client, published, reviewer):
    _, revision = published
    client.force_login(reviewer)
    page = client.get(reverse("reviews:revision", args=[revision.pk])).content.decode()
    section = page[page.index('id="ai-disclosure-heading"') :]
    assert "gpt-4o-2024-08-06" in section and "Eda Editor" in section
    assert 'href="https://prompts.example.com/drafting/v3"' in section


def test_the_public_page_declares_it_in_a_meta_tag_json_ld_and_the_sentence(client, published):
    article, _ = published
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<meta name="ai-disclosure" content="ai-generated">' in page
    data = json.loads(JSONLD.search(page).group(1))
    assert data["aiDisclosure"]["level"] == "ai-generated"
    assert data["aiDisclosure"]["tool"] == "gpt-4o-2024-08-06"
    assert data["aiDisclosure"]["methodologyUrl"] == "https://prompts.example.com/drafting/v3"
    assert data["editor"] == {"@type": "Person", "name": "Eda Editor"}
    assert "drafted with the help of AI" in page
    assert "Drafted with gpt-4o-2024-08-06; edited by Eda Editor." in page


def test_a_human_article_declares_no_ai(client, editor, reviewer):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="c")
    revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<meta name="ai-disclosure" content="none">' in page
    assert json.loads(JSONLD.search(page).group(1))["aiDisclosure"] == {"level": "none"}


def _document(front: str) -> str:
    return (
        "---\nquestion: Does heat help back pain?\norigin: ai-drafted\n"
        f"{front}"
        "references:\n  - id: smith-2020\n    type: article-journal\n"
        "    title: Heat for back pain\n    DOI: 10.1000/heat.2020\n---\n\n"
        "Heat helps. [@smith-2020]\n\n## Heat\n\n- Heat eases pain for days. [@smith-2020]\n"
    )


def test_an_imported_document_carries_the_block_and_the_summary_to_the_submission(editor):
    text = _document(
        "change-summary: First published.\n"
        "ai-disclosure:\n  model: gpt-4o\n  prompt: drafting/v3\n  editor: Eda Editor\n"
    )
    article = article_import(text=text, owner=editor)
    revision = revision_submit(article=article, actor=editor, comment="Imported")
    assert revision.public_summary == "First published."
    assert revision.ai_disclosure == {
        "model": "gpt-4o",
        "prompt_reference": "drafting/v3",
        "human_editor": "Eda Editor",
    }
    article.refresh_from_db()
    assert (article.draft_change_summary, article.draft_ai_disclosure) == ("", None)


def test_a_document_with_a_bad_block_is_refused_by_line(editor):
    from articles.errors import ArticleImportError

    text = _document("ai-disclosure:\n  model: gpt-4o\n  seed: 4\n")
    with pytest.raises(ArticleImportError) as refusal:
        article_import(text=text, owner=editor)
    messages = [str(e) for e in refusal.value.errors]
    assert "line 6: unknown ai-disclosure key 'seed'; known keys: model, prompt, editor" in messages
    assert any("must name the human editor" in m for m in messages)


def test_exporting_the_working_copy_keeps_the_block_and_the_summary(editor):
    from articles.documents import document_from_article

    text = _document(
        "change-summary: First published.\n"
        "ai-disclosure:\n  model: gpt-4o\n  prompt: drafting/v3\n  editor: Eda Editor\n"
    )
    article = article_import(text=text, owner=editor)
    exported = document_from_article(article=article)
    assert "change-summary: First published.\n" in exported
    again = article_import(text=exported, owner=editor, slug="again")
    assert again.draft_change_summary == "First published."
    assert again.draft_ai_disclosure == article.draft_ai_disclosure
