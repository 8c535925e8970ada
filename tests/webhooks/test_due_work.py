"""Deliveries as due work: the clock (run_due_jobs) sends them, the events its own jobs make
included (a scheduled revision going live, an article withdrawn at its time), with no
separate command and no task worker."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from standardwebhooks.webhooks import Webhook

from reviews.workflow import (
    article_withdrawal_schedule,
    revision_approve,
    revision_start_review,
    revision_submit,
)
from tests.conftest import PASSWORD, make_article
from webhooks.delivery import webhooks_deliver_due
from webhooks.models import DeliveryState, WebhookDelivery

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 3, 3, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _events(receiver, endpoint, *, since: int = 0) -> list[dict]:
    """The receiver's requests from `since` on, verified now (a signature's timestamp is
    good for five minutes)."""
    return [
        Webhook(endpoint.secret).verify(body, headers)
        for headers, body in receiver.requests[since:]
    ]


def _run_due_jobs() -> None:
    call_command("run_due_jobs", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_clock_publishes_a_scheduled_revision_and_delivers_its_published_event(
    receiver, endpoint, editor, reviewer, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revision = revision_submit(article=make_article(editor), actor=editor, comment="New")
        revision_start_review(revision=revision, actor=reviewer)
        revision_approve(revision=revision, actor=reviewer, password=PASSWORD, publish_at=LATER)
    _run_due_jobs()
    assert [e["type"] for e in _events(receiver, endpoint)] == [
        "revision.submitted",
        "revision.approved",
    ]

    clock.move_to(LATER + dt.timedelta(seconds=5))
    with django_capture_on_commit_callbacks(execute=True):
        _run_due_jobs()

    [published] = _events(receiver, endpoint, since=2)
    assert published["type"] == "revision.published"
    assert published["data"]["revision"]["state"] == "approved"
    assert not WebhookDelivery.objects.exclude(state=DeliveryState.SUCCEEDED).exists()


def test_a_withdrawal_carried_out_by_the_clock_is_delivered_with_its_reason(
    receiver, endpoint, editor, reviewer, chief, clock, django_capture_on_commit_callbacks
):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="New")
    revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
    article_withdrawal_schedule(
        article=article, actor=chief, reason="Superseded by new guidance.", withdraw_at=LATER
    )
    WebhookDelivery.objects.all().delete()  # the events before the withdrawal

    clock.move_to(LATER + dt.timedelta(seconds=5))
    with django_capture_on_commit_callbacks(execute=True):
        _run_due_jobs()

    [withdrawn] = _events(receiver, endpoint)
    assert withdrawn["type"] == "article.withdrawn"
    assert withdrawn["data"]["reason"] == "Superseded by new guidance."
    assert withdrawn["data"]["withdrawn_at"] == (LATER + dt.timedelta(seconds=5)).isoformat()
    assert withdrawn["data"]["article"]["slug"] == article.slug
    assert withdrawn["data"]["actor"] == chief.username


def test_a_delivery_already_sent_is_not_sent_again_by_the_clock(
    receiver, endpoint, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revision_submit(article=make_article(editor), actor=editor, comment="New")

    assert webhooks_deliver_due() == 1
    assert webhooks_deliver_due() == 0
    assert len(receiver.requests) == 1


def test_the_due_jobs_include_publishing_withdrawing_and_delivering(settings):
    assert settings.DUE_JOBS[-1] == "webhooks.delivery.webhooks_deliver_due"
    assert {
        "reviews.workflow.revisions_publish_due",
        "reviews.workflow.articles_withdraw_due",
    } <= set(settings.DUE_JOBS)
