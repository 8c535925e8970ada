"""The admin's history page shows a pointer that became empty as empty, not as a deleted
object (audit/history_display.py)."""

from django.urls import reverse
from simple_history.models import DeletedObject, ModelChange

from articles.models import Article, Revision
from audit.history_display import HistoryChangeDisplay
from reviews.workflow import revision_submit, revision_withdraw
from tests.conftest import make_article


def test_a_cleared_pending_revision_is_shown_as_none_not_as_a_deleted_revision(
    admin_client, editor
):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="First version")
    revision_withdraw(revision=revision, actor=editor)
    assert Article.objects.get(pk=article.pk).pending_revision_id is None

    response = admin_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "pk=None" not in html
    assert "(none)" in html
    # The revision it pointed to before is still named.
    assert str(Revision.objects.get(pk=revision.pk)) in html


def test_a_pointer_to_a_revision_that_no_longer_exists_still_says_so(db):
    helper = HistoryChangeDisplay(Article, None)
    gone, empty = DeletedObject(Revision, 7), DeletedObject(Revision, None)
    formatted = helper.format_delta_change(ModelChange("pending_revision", gone, empty))
    assert (formatted.old, formatted.new) == ("Deleted revision (pk=7)", "(none)")
