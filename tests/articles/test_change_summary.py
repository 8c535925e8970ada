"""Change notes for readers: the public summary is what readers see; the note to reviewers
never leaves the review."""

import pytest
from django.urls import reverse

from articles.models import Claim
from reviews.workflow import revision_approve, revision_start_review, revision_submit
from tests.conftest import PASSWORD, make_article

INTERNAL = "First version, imported from the AI-drafted article document."


def _publish(article, editor, reviewer, **submit):
    revision = revision_submit(article=article, actor=editor, **submit)
    revision_start_review(revision=revision, actor=reviewer)
    return revision_approve(revision=revision, actor=reviewer, password=PASSWORD)


def _public_pages(client, article) -> dict[str, str]:
    urls = {
        "page": article.get_absolute_url(),
        "archive": reverse("articles:versions", args=[article.slug]),
        "version": reverse("articles:version", args=[article.slug, 1]),
        "rss": reverse("articles:feed-rss"),
        "api versions": reverse("api:version-list", args=[article.slug]),
        "api version": reverse("api:version-detail", args=[article.slug, 1]),
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    return pages


def test_the_note_to_reviewers_never_appears_on_a_public_page(client, editor, reviewer):
    # Regression: "What changed", the archive, the feeds and the public API showed it.
    article = make_article(editor)
    _publish(article, editor, reviewer, comment=INTERNAL)
    for name, body in _public_pages(client, article).items():
        assert "imported from the AI-drafted" not in body, name


def test_what_changed_shows_the_public_summary_with_its_date_and_version(client, editor, reviewer):
    article = make_article(editor)
    _publish(article, editor, reviewer, comment=INTERNAL, public_summary="First published.")
    claim = Claim.objects.filter(section__article=article).first()
    claim.text = "Keep moving; heat helps for a few days."
    claim._history_user = editor
    claim.save()
    second = _publish(
        article,
        editor,
        reviewer,
        comment="Reworded after the reviewer's call",
        public_summary="Heat: how long it helps.",
        change_type="correction",
    )
    pages = _public_pages(client, article)
    page = pages["page"]
    changes = page[page.index('id="changes-heading"') :]
    assert "Heat: how long it helps." in changes
    assert "First published." in changes
    assert f'datetime="{second.decided_at:%Y-%m-%d}"' in changes
    assert "Version 2" in changes
    assert "reviewer's call" not in page
    assert "First published." in pages["archive"]
    assert "Heat: how long it helps." in pages["rss"]
    assert "First published." in pages["version"]


def test_the_public_api_names_the_summary_not_the_note(client, editor, reviewer):
    article = make_article(editor)
    _publish(article, editor, reviewer, comment=INTERNAL, public_summary="First published.")
    body = client.get(reverse("api:version-list", args=[article.slug])).json()
    assert body[0]["public_summary"] == "First published."
    assert "comment" not in body[0]


def test_the_desk_refuses_a_submission_without_a_summary_for_readers(client, editor):
    article = make_article(editor)
    client.force_login(editor)
    response = client.post(
        reverse("editor:submit", args=[article.slug]),
        {"comment": "For the board", "change_type": "update", "public_summary": "  "},
    )
    assert response.status_code == 400
    assert "Write what changed for readers" in response.content.decode()
    assert not article.revisions.exists()


def test_the_desk_records_both_notes_apart(client, editor):
    article = make_article(editor)
    client.force_login(editor)
    response = client.post(
        reverse("editor:submit", args=[article.slug]),
        {"comment": "For the board", "change_type": "update", "public_summary": "New."},
    )
    assert response.status_code == 302
    revision = article.revisions.get()
    assert (revision.comment, revision.public_summary) == ("For the board", "New.")


@pytest.mark.parametrize("summary", ["x" * 1001])
def test_a_summary_for_readers_over_the_limit_is_refused(editor, summary):
    from reviews.errors import WorkflowError

    article = make_article(editor)
    with pytest.raises(WorkflowError) as refusal:
        revision_submit(article=article, actor=editor, comment="c", public_summary=summary)
    assert refusal.value.code == "public_summary_too_long"
    assert not article.revisions.exists()
