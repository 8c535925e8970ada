"""Writes made through the API are recorded in history under the token's user: the
service functions say so explicitly where they can, and where they do not, simple-
history's middleware reads the user DRF authenticated (api/authentication.py)."""

from articles.models import Article, Claim, Revision
from references.models import Reference
from tests.api.conftest import EXAMPLE, client_for, markdown
from tests.conftest import make_article


def test_an_article_created_through_the_api_is_recorded_under_the_token_user(editor):
    markdown(client_for(editor), "post", "/api/v1/articles/", EXAMPLE)
    article = Article.objects.get()
    assert article.history.get().history_user == editor
    users = set(Claim.history.values_list("history_user", flat=True))
    assert users == {editor.pk}


def test_a_replacement_by_a_co_editor_is_recorded_under_the_co_editor(editor, editor2):
    article = make_article(editor)
    article.co_editors.add(editor2)
    markdown(client_for(editor2), "put", "/api/v1/articles/back-pain/document", EXAMPLE)
    latest = article.history.order_by("-history_id").first()
    assert latest.history_user == editor2
    deleted = Claim.history.filter(history_type="-")
    assert deleted.exists()
    assert set(deleted.values_list("history_user", flat=True)) == {editor2.pk}


def test_a_submission_through_the_api_names_the_token_user_as_author(editor, editor2):
    article = make_article(editor)
    article.co_editors.add(editor2)
    client_for(editor2).post(
        "/api/v1/articles/back-pain/submit", {"comment": "Via API"}, format="json"
    )
    revision = Revision.objects.get()
    assert revision.history.get().history_user == editor2
    assert editor2.pk in revision.author_ids


def test_a_write_without_an_explicit_history_user_gets_the_token_user(editor, reviewer):
    """reviewer1 holds no session here: only the bearer token says who they are. The
    question text is a row save that does not set _history_user itself, so the user can
    only have come from the authenticated request."""
    from django.contrib.auth.models import Group

    reviewer.groups.add(Group.objects.get_or_create(name="Editors")[0])
    client_for(reviewer).post(
        "/api/v1/references/", {"title": "From a pipeline", "type": "report"}, format="json"
    )
    assert Reference.objects.get().history.get().history_user == reviewer
