"""Withdrawing a published article from public view, now or at a set time: who may, the
log, the clock carrying it out once, cancelling it, and what readers then get."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Revision
from reviews.audit import audit_log_verify
from reviews.errors import WorkflowError
from reviews.models import Action, WorkflowEvent
from reviews.workflow import (
    article_reaffirm,
    article_withdraw_scheduled,
    article_withdrawal_cancel,
    article_withdrawal_schedule,
    articles_withdraw_due,
    revision_actions,
    revision_approve,
    revision_submit,
)
from tests.conftest import PASSWORD, make_article

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
WITHDRAW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)
REASON = "The dosing advice no longer follows the 2026 guideline."


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def published(editor, reviewer, clock):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="First")
    revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def scheduled(published, chief):
    return article_withdrawal_schedule(
        article=published, actor=chief, reason=REASON, withdraw_at=WITHDRAW
    )


def _refused(call, *, code: str, status: int) -> None:
    before = (
        list(Article.objects.values()),
        WorkflowEvent.objects.count(),
        Article.history.count(),
    )
    with pytest.raises(WorkflowError) as refusal:
        call()
    assert (refusal.value.code, refusal.value.status) == (code, status)
    after = (
        list(Article.objects.values()),
        WorkflowEvent.objects.count(),
        Article.history.count(),
    )
    assert after == before


def test_an_editor_in_chief_schedules_a_withdrawal_with_a_reason_in_the_log(scheduled, chief):
    assert scheduled.withdraw_at == WITHDRAW
    assert scheduled.withdrawn_at is None
    event = WorkflowEvent.objects.get(action=Action.SCHEDULE_WITHDRAWAL)
    assert (event.actor, event.comment) == (chief, REASON)
    assert event.details["withdraw_at"] == WITHDRAW.isoformat()
    assert event.revision_id == scheduled.live_revision_id
    assert scheduled.history.first().history_change_reason == (
        "Withdrawal from public view scheduled"
    )
    assert audit_log_verify().ok


def test_only_an_editor_in_chief_or_a_board_member_may_withdraw_an_article(
    published, editor, outsider, reviewer2
):
    for person in (editor, outsider):
        _refused(
            lambda p=person: article_withdrawal_schedule(
                article=published, actor=p, reason=REASON, withdraw_at=WITHDRAW
            ),
            code="not_allowed_to_withdraw",
            status=403,
        )
    article_withdrawal_schedule(
        article=published, actor=reviewer2, reason=REASON, withdraw_at=WITHDRAW
    )


def test_a_withdrawal_needs_a_reason_and_a_future_time(published, chief):
    _refused(
        lambda: article_withdrawal_schedule(
            article=published, actor=chief, reason="  ", withdraw_at=WITHDRAW
        ),
        code="reason_required",
        status=400,
    )
    _refused(
        lambda: article_withdrawal_schedule(
            article=published, actor=chief, reason=REASON, withdraw_at=NOW
        ),
        code="withdrawal_past",
        status=400,
    )


def test_an_article_never_published_cannot_be_withdrawn(editor, chief, clock):
    article = make_article(editor)
    _refused(
        lambda: article_withdrawal_schedule(article=article, actor=chief, reason=REASON),
        code="not_published",
        status=409,
    )


def test_the_clock_withdraws_the_article_at_its_time_once_in_the_name_of_who_set_it(
    scheduled, chief, clock
):
    assert articles_withdraw_due() == 0
    clock.move_to(WITHDRAW + dt.timedelta(seconds=20))

    call_command("run_due_jobs", verbosity=0)
    assert articles_withdraw_due() == 0
    assert article_withdraw_scheduled(article_id=scheduled.pk) is False

    article = Article.objects.get(pk=scheduled.pk)
    assert article.withdrawn_at == WITHDRAW + dt.timedelta(seconds=20)
    assert article.withdraw_at is None
    assert article.withdrawal_reason == REASON
    [event] = WorkflowEvent.objects.filter(action=Action.WITHDRAW_ARTICLE)
    assert (event.actor, event.comment) == (chief, REASON)
    assert event.details["scheduled"] == WITHDRAW.isoformat()
    # The live revision stays approved: the archive keeps it as it was signed.
    assert Revision.objects.get(pk=article.live_revision_id).state == "approved"
    assert audit_log_verify().ok


def test_a_cancelled_withdrawal_never_happens(scheduled, reviewer, clock):
    article_withdrawal_cancel(article=scheduled, actor=reviewer, comment="Guideline unchanged")
    clock.move_to(WITHDRAW + dt.timedelta(minutes=1))

    assert articles_withdraw_due() == 0
    article = Article.objects.get(pk=scheduled.pk)
    assert (article.withdraw_at, article.withdrawn_at, article.withdrawal_reason) == (
        None,
        None,
        "",
    )
    event = WorkflowEvent.objects.get(action=Action.CANCEL_WITHDRAWAL)
    assert event.details["cancelled"] == WITHDRAW.isoformat()
    assert audit_log_verify().ok


def test_cancelling_when_nothing_is_scheduled_is_refused(published, chief):
    _refused(
        lambda: article_withdrawal_cancel(article=published, actor=chief),
        code="no_withdrawal_scheduled",
        status=409,
    )


def test_withdrawing_now_takes_the_article_off_the_site_at_once(published, chief, clock):
    article = article_withdrawal_schedule(article=published, actor=chief, reason=REASON)

    assert article.withdrawn_at == NOW
    assert WorkflowEvent.objects.filter(action=Action.WITHDRAW_ARTICLE).count() == 1
    _refused(
        lambda: article_withdrawal_schedule(article=article, actor=chief, reason=REASON),
        code="already_withdrawn",
        status=409,
    )


def test_a_withdrawn_article_is_not_reaffirmed_and_a_new_approval_brings_it_back(
    published, chief, editor, reviewer, reviewer2, clock
):
    article_withdrawal_schedule(article=published, actor=chief, reason=REASON)
    live = Revision.objects.get(pk=published.live_revision_id)
    assert not revision_actions(user=reviewer2, revision=live).reaffirm
    with pytest.raises(WorkflowError) as refusal:
        article_reaffirm(article=published, actor=reviewer2, password=PASSWORD)
    assert refusal.value.code == "withdrawn"

    revision = revision_submit(article=published, actor=editor, comment="Updated dosing")
    revision_approve(revision=revision, actor=reviewer2, password=PASSWORD)

    article = Article.objects.get(pk=published.pk)
    assert (article.withdrawn_at, article.withdrawal_reason) == (None, "")
    publication = WorkflowEvent.objects.filter(action=Action.PUBLISH).last()
    assert publication.details["reinstated"] is True
    assert audit_log_verify().ok


# --- what readers get ---------------------------------------------------------------------


def test_a_withdrawn_article_leaves_the_lists_search_feeds_and_sitemap(
    client, published, chief, clock
):
    url = published.get_absolute_url()
    assert url in client.get(reverse("articles:index")).content.decode()

    article_withdrawal_schedule(article=published, actor=chief, reason=REASON)

    assert url not in client.get(reverse("articles:index")).content.decode()
    search = client.get(reverse("articles:search"), {"q": "back pain"}).content.decode()
    assert url not in search
    assert url not in client.get("/sitemap-articles.xml").content.decode()
    assert url not in client.get(reverse("articles:feed-atom")).content.decode()
    assert client.get("/api/v1/articles/").json()["count"] == 0


def test_the_page_of_a_withdrawn_article_answers_gone_with_the_reason(
    client, published, chief, clock
):
    url = published.get_absolute_url()
    assert client.get(url).status_code == 200  # cached in the page cache

    article_withdrawal_schedule(article=published, actor=chief, reason=REASON)
    page = client.get(url)

    assert page.status_code == 410
    body = page.content.decode()
    assert "This article was withdrawn from public view on" in body
    assert REASON in body
    assert reverse("articles:versions", args=[published.slug]) in body
    api = client.get(f"/api/v1/articles/{published.slug}/")
    assert api.status_code == 410
    assert api.json()["error"] == "withdrawn"
    assert REASON in api.json()["detail"]


def test_the_version_archive_says_the_article_was_withdrawn_and_nothing_is_current(
    client, published, chief, clock
):
    article_withdrawal_schedule(article=published, actor=chief, reason=REASON)

    versions = client.get(reverse("articles:versions", args=[published.slug]))
    version = client.get(reverse("articles:version", args=[published.slug, 1]))

    assert versions.status_code == version.status_code == 200
    assert "(last published, withdrawn)" in versions.content.decode()
    body = version.content.decode()
    assert "This article was withdrawn from public view" in body
    assert "the version readers see now" not in body
    assert 'rel="canonical"' not in body
