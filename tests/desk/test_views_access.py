"""Who may open and change what in the workspace: owner, co-editor, another editor, an
editor-in-chief, a board member (read only), an outsider, and someone not logged in."""

import pytest
from django.urls import reverse

from articles.models import Claim, SectionKind
from tests.conftest import freeze_revision
from tests.editing import nothing_written


def _claim(article) -> Claim:
    return article.sections.get(kind=SectionKind.LEAD).claims.get()


def _edit_url(article) -> str:
    return reverse("editor:claim-save", args=[article.slug, _claim(article).pk])


def _save_claim(client, article, text="Edited through the editor."):
    from articles.versions import claim_versions

    claim = _claim(article)
    return client.post(
        _edit_url(article),
        {
            "text": text,
            "evidence": "moderate",
            "text_patient": "Plain words.",
            "version": claim_versions([claim.pk])[claim.pk],
        },
    )


def test_someone_not_logged_in_is_sent_to_the_login_page(client, article):
    for url in (
        reverse("editor:dashboard"),
        reverse("editor:article", args=[article.slug]),
        reverse("editor:preview", args=[article.slug]),
        reverse("editor:questions"),
        reverse("editor:history", args=[article.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_a_change_sent_without_logging_in_is_sent_to_the_login_page(client, article):
    with nothing_written():
        response = _save_claim(client, article)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_someone_who_is_neither_editor_nor_board_member_gets_403(client, article, outsider):
    client.force_login(outsider)
    assert client.get(reverse("editor:dashboard")).status_code == 403
    assert client.get(reverse("editor:article", args=[article.slug])).status_code == 403
    with nothing_written():
        assert _save_claim(client, article).status_code == 403


def test_the_owner_opens_and_edits_the_article(client, article, editor):
    client.force_login(editor)
    page = client.get(reverse("editor:article", args=[article.slug]))
    assert page.status_code == 200
    assert b"Add claim" in page.content

    response = _save_claim(client, article)

    assert response.status_code == 302
    assert _claim(article).text == "Edited through the editor."


def test_a_co_editor_edits_the_article(client, article, editor2):
    article.co_editors.add(editor2)
    client.force_login(editor2)

    assert _save_claim(client, article).status_code == 302
    assert _claim(article).text == "Edited through the editor."


def test_another_editor_gets_403_and_changes_nothing(client, article, editor2):
    client.force_login(editor2)
    assert client.get(reverse("editor:article", args=[article.slug])).status_code == 403
    assert client.get(reverse("editor:preview", args=[article.slug])).status_code == 403
    with nothing_written():
        assert _save_claim(client, article).status_code == 403


def test_an_editor_in_chief_edits_any_article(client, article, chief):
    client.force_login(chief)
    assert client.get(reverse("editor:article", args=[article.slug])).status_code == 200
    assert _save_claim(client, article).status_code == 302


def test_a_board_member_reads_the_working_copy_without_any_form_to_change_it(
    client, article, reviewer
):
    client.force_login(reviewer)
    page = client.get(reverse("editor:article", args=[article.slug]))

    assert page.status_code == 200
    assert b"Keep moving and use heat." in page.content
    assert b"Add claim" not in page.content
    assert b"Submit for review" not in page.content
    assert client.get(reverse("editor:preview", args=[article.slug])).status_code == 200
    assert client.get(reverse("editor:history", args=[article.slug])).status_code == 200


@pytest.mark.parametrize(
    "name",
    ["claim-save", "claim-delete", "claim-move", "citation-add", "reference-new"],
)
def test_a_board_member_cannot_change_the_working_copy(client, article, reviewer, name):
    client.force_login(reviewer)
    url = reverse(f"editor:{name}", args=[article.slug, _claim(article).pk])
    with nothing_written():
        response = client.post(url, {"text": "x", "query": "x", "title": "x", "version": "1.1.1"})
    assert response.status_code == 403


def test_an_inactive_board_member_cannot_read_the_working_copy(client, article, reviewer):
    reviewer.board_member.is_active = False
    reviewer.board_member.save()
    client.force_login(reviewer)

    assert client.get(reverse("editor:article", args=[article.slug])).status_code == 403


def test_a_board_member_cannot_submit_or_withdraw(client, article, reviewer):
    client.force_login(reviewer)
    with nothing_written():
        submit = client.post(reverse("editor:submit", args=[article.slug]), {"comment": "x"})
        withdraw = client.post(reverse("editor:withdraw", args=[article.slug]))
    assert (submit.status_code, withdraw.status_code) == (403, 403)


def test_a_claim_of_another_article_is_not_reachable_through_this_ones_address(
    client, article, editor
):
    from tests.conftest import make_article

    other = make_article(editor, slug="other-article")
    client.force_login(editor)
    url = reverse("editor:claim-save", args=[article.slug, _claim(other).pk])
    with nothing_written():
        response = client.post(url, {"text": "x", "evidence": "low", "version": "1.1.1"})
    assert response.status_code == 404


def test_workspace_pages_are_never_kept_by_shared_caches(client, article, editor):
    client.force_login(editor)
    response = client.get(reverse("editor:article", args=[article.slug]))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_editing_while_a_revision_is_in_review_answers_409(client, article, editor):
    freeze_revision(article, editor, state="submitted")
    client.force_login(editor)
    page = client.get(reverse("editor:article", args=[article.slug]))
    assert b"Add claim" not in page.content
    assert b"Withdraw revision 1" in page.content

    with nothing_written():
        response = _save_claim(client, article)

    assert response.status_code == 409
    assert b"working copy is locked" in response.content
    assert b"Edited through the editor." in response.content  # what they typed is kept
