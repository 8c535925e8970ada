"""Withdrawing an article from public view through the API (api/views/withdrawal.py):
now or at a set time, cancelling a scheduled one, and the refusals with the workflow's
codes, leaving the article as it was."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from reviews.models import WorkflowEvent
from reviews.workflow import revision_approve, revision_submit
from tests.api.conftest import client_for
from tests.conftest import PASSWORD, make_article

URL = "/api/v1/articles/back-pain/withdrawal"
REASON = "The dosing advice no longer follows the 2026 guideline."


@pytest.fixture
def published(editor, reviewer):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="First")
    revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
    return Article.objects.get(pk=article.pk)


def _state() -> tuple:
    article = Article.objects.get()
    return (
        article.withdraw_at,
        article.withdrawn_at,
        article.withdrawal_reason,
        WorkflowEvent.objects.count(),
    )


def test_a_board_member_withdraws_an_article_now_and_readers_get_410(client, published, reviewer):
    response = client_for(reviewer).post(URL, {"reason": REASON}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["slug"], body["reason"], body["set_by"]) == (
        "back-pain",
        REASON,
        reviewer.username,
    )
    assert body["withdrawn_at"] is not None and body["withdraw_at"] is None
    assert client.get(published.get_absolute_url()).status_code == 410


def test_a_withdrawal_is_scheduled_then_cancelled_and_the_article_stays(client, published, chief):
    when = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)

    scheduled = client_for(chief).post(
        URL, {"reason": REASON, "withdraw_at": when.isoformat()}, format="json"
    )
    cancelled = client_for(chief).post(
        f"{URL}/cancel", {"comment": "Fixed instead."}, format="json"
    )

    assert scheduled.status_code == 200
    assert dt.datetime.fromisoformat(scheduled.json()["withdraw_at"]) == when
    assert scheduled.json()["withdrawn_at"] is None
    assert cancelled.status_code == 200
    assert cancelled.json()["withdraw_at"] is None
    assert client.get(published.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("who", "body", "expected"),
    [
        ("editor", {"reason": REASON}, (403, "not_allowed_to_withdraw")),
        ("chief", {"reason": " "}, (400, "reason_required")),
        (
            "chief",
            {"reason": REASON, "withdraw_at": "2020-01-01T00:00:00Z"},
            (400, "withdrawal_past"),
        ),
        ("chief", {"reason": REASON, "withdraw_at": "soon"}, (400, "invalid")),
    ],
)
def test_a_withdrawal_refused_says_why_and_leaves_the_article(
    published, editor, chief, who, body, expected
):
    before = _state()

    response = client_for({"editor": editor, "chief": chief}[who]).post(URL, body, format="json")

    assert (response.status_code, response.json()["error"]) == expected
    assert _state() == before


def test_cancelling_when_nothing_is_scheduled_is_a_409(published, chief):
    response = client_for(chief).post(f"{URL}/cancel", {}, format="json")
    assert (response.status_code, response.json()["error"]) == (409, "no_withdrawal_scheduled")
