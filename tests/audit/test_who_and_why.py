"""Every write says who (and, from the services, why): the main ways content changes, each
checked for the history records it leaves. The autouse guard in tests/conftest.py fails
any test that writes history without a user inside a request or command; these tests
also read the records back, which catches bulk writes that send no signal."""

from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models import Max
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from simple_history.middleware import HistoryRequestMiddleware

from articles.models import Article, ReaderQuestion
from audit.guard import history_user_guard
from audit.sources import history_sources
from reviews.management.commands.load_demo import DEMO_DIR
from reviews.workflow import revision_start_review, revision_submit
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


def _history_models() -> list:
    return [source.history for source in history_sources()]


def _marks() -> dict:
    return {
        model: model.objects.aggregate(n=Max("history_id"))["n"] or 0 for model in _history_models()
    }


def _new_records(marks: dict) -> list:
    rows = []
    for model, mark in marks.items():
        rows += list(model.objects.filter(history_id__gt=mark).select_related("history_user"))
    return rows


def _describe(row) -> str:
    return f"{row._meta.label} #{row.history_id} ({row.history_change_reason!r})"


def assert_who_and_why(marks: dict, *, who=None) -> list:
    records = _new_records(marks)
    assert records, "the flow wrote no history at all"
    nobody = [_describe(r) for r in records if r.history_user_id is None]
    assert not nobody, f"no user: {nobody[:5]}"
    no_reason = [_describe(r) for r in records if not r.history_change_reason]
    assert not no_reason, f"no reason: {no_reason[:5]}"
    if who is not None:
        assert {r.history_user.username for r in records} == set(who)
    return records


# --- The guard itself -----------------------------------------------------------------


class _CarelessCommand(BaseCommand):
    def handle(self, *args, **options):
        Article.objects.create(slug="careless", question="Careless?", owner=User.objects.get())


def test_the_guard_catches_a_command_that_names_nobody(editor):
    with history_user_guard() as offences:
        call_command(_CarelessCommand())
    assert [(o.model, o.where) for o in offences] == [
        ("articles.article", "command test_who_and_why")
    ]


def test_the_guard_catches_a_request_whose_write_names_nobody(editor):
    def view(request):
        Article.objects.create(slug="anon", question="Anonymous?", owner=editor)
        return HttpResponse()

    request = RequestFactory().post("/somewhere/")
    request.user = AnonymousUser()
    with history_user_guard() as offences:
        HistoryRequestMiddleware(view)(request)
    assert [str(o) for o in offences] == [
        f"articles.article #{Article.objects.get(slug='anon').pk} saved without a history "
        "user in request POST /somewhere/"
    ]


def test_the_guard_ignores_test_setup_outside_requests_and_commands(editor):
    with history_user_guard() as offences:
        make_article(editor)
    assert offences == []


def test_a_readers_anonymous_question_is_the_one_write_without_a_user(client, editor, reviewer):
    article = make_article(editor)
    from tests.conftest import freeze_revision

    freeze_revision(article, editor)
    marks = _marks()
    response = client.post(
        reverse("articles:question", args=[article.slug]), {"text": "Does heat help at night?"}
    )
    assert response.status_code == 302
    (record,) = _new_records(marks)
    assert record._meta.label == "articles.HistoricalReaderQuestion"
    assert record.history_user is None
    assert record.history_change_reason == "Question sent from the article page"
    assert ReaderQuestion.objects.count() == 1


# --- Web requests ---------------------------------------------------------------------


def test_the_review_views_record_each_reviewer_and_the_reason(client, editor, reviewer, password):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="First version")
    client.force_login(reviewer)
    marks = _marks()
    assert client.post(reverse("reviews:start", args=[revision.pk])).status_code == 302
    response = client.post(
        reverse("reviews:approve", args=[revision.pk]),
        {
            "password": password,
            "meaning": "Approved for medical accuracy",
            "confirm_unchecked": "on",
        },
    )
    assert response.status_code == 302
    records = assert_who_and_why(marks, who={"reviewer1"})
    assert {r.history_change_reason for r in records} >= {
        "Review started",
        "Approved by the Medical Advisory Board",
    }


def test_a_changes_request_and_a_withdrawal_through_the_views_name_their_authors(
    client, editor, reviewer
):
    article = make_article(editor)
    revision = revision_start_review(
        revision=revision_submit(article=article, actor=editor, comment="v1"), actor=reviewer
    )
    client.force_login(reviewer)
    marks = _marks()
    response = client.post(
        reverse("reviews:request_changes", args=[revision.pk]), {"comment": "Cite the trial."}
    )
    assert response.status_code == 302
    assert_who_and_why(marks, who={"reviewer1"})

    second = revision_submit(article=article, actor=editor, comment="v2, with the trial")
    client.force_login(editor)
    marks = _marks()
    assert client.post(reverse("reviews:withdraw", args=[second.pk])).status_code == 302
    assert_who_and_why(marks, who={"editor"})


def test_an_admin_edit_is_recorded_under_the_admin(client, admin_user, editor):
    question = ReaderQuestion.objects.create(text="Is it serious?")
    client.force_login(admin_user)
    marks = _marks()
    response = client.post(
        reverse("admin:articles_readerquestion_change", args=[question.pk]),
        {
            "article": "",
            "audience": "",
            "text": "Is it serious?",
            "status": "answered",
            "change_reason": "Answered by email",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    (record,) = _new_records(marks)
    assert (record.history_user, record.history_change_reason) == (admin_user, "Answered by email")
    assert record.status == "answered"


def test_api_writes_are_recorded_under_the_tokens_user(client, editor):
    if not apps.is_installed("api"):
        pytest.skip("The JSON API is not installed.")
    from api.tokens import api_token_create

    _, raw = api_token_create(user=editor, name="Drafting pipeline", actor=editor)
    marks = _marks()
    response = client.post(
        "/api/v1/articles/",
        data=(DEMO_DIR / "sore-throat.md").read_bytes(),
        content_type="text/markdown",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content[:500]
    assert_who_and_why(marks, who={"editor"})


# --- Management commands --------------------------------------------------------------


def test_import_article_names_the_person_given_with_as(editor):
    marks = _marks()
    call_command("import_article", str(DEMO_DIR / "sore-throat.md"), "--as", "editor")
    assert_who_and_why(marks, who={"editor"})


def test_import_article_without_as_names_the_inactive_system_account(db):
    marks = _marks()
    call_command("import_article", str(DEMO_DIR / "sore-throat.md"))
    assert_who_and_why(marks, who={"system"})
    system = User.objects.get(username="system")
    assert not system.is_active and not system.has_usable_password()


def test_import_references_without_as_names_the_system_account(tmp_path: Path):
    source = tmp_path / "refs.json"
    source.write_text(
        '[{"type": "book", "title": "Clinical Pharmacology", "issued": {"date-parts": [[2024]]}}]'
    )
    marks = _marks()
    call_command("import_references", str(source))
    assert_who_and_why(marks, who={"system"})


def test_load_demo_names_a_person_for_every_record(db):
    marks = _marks()
    call_command("load_demo", stdout=None)
    records = assert_who_and_why(marks)
    # The demo people do the demo's work; nothing falls back to the system account.
    assert "system" not in {r.history_user.username for r in records}


def test_create_api_token_names_the_system_account_or_the_person_given(editor, admin_user):
    if not apps.is_installed("api"):
        pytest.skip("The JSON API is not installed.")
    marks = _marks()
    call_command("create_api_token", "editor", stdout=None, stderr=None)
    assert_who_and_why(marks, who={"system"})
    marks = _marks()
    call_command("create_api_token", "editor", "--as", "admin", stdout=None, stderr=None)
    assert_who_and_why(marks, who={"admin"})


def test_submitting_and_withdrawing_from_the_editors_workspace_name_the_editor(client, editor):
    article = make_article(editor)
    client.force_login(editor)
    marks = _marks()
    response = client.post(
        reverse("editor:submit", args=[article.slug]),
        {"comment": "Ready for review", "change_type": "update", "public_summary": "New."},
    )
    assert response.status_code == 302, response.content.decode()[:300]
    records = assert_who_and_why(marks, who={"editor"})
    assert "Submitted for review" in {r.history_change_reason for r in records}
    marks = _marks()
    response = client.post(reverse("editor:withdraw", args=[article.slug]))
    assert response.status_code == 302, response.content.decode()[:300]
    assert_who_and_why(marks, who={"editor"})
