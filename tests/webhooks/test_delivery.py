"""Deliveries: signed, logged with the receiver's answer, retried with backoff, then failed."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from reviews.workflow import revision_submit
from tests.conftest import make_article
from webhooks.delivery import deliveries_due, delivery_attempt, retry_delay
from webhooks.models import DeliveryState, WebhookDelivery

pytestmark = pytest.mark.django_db


def _submit(editor, django_capture_on_commit_callbacks, **extra):
    """Submit, commit, and run what the worker (or deliver_webhooks) would run."""
    article = make_article(editor)
    with django_capture_on_commit_callbacks(execute=True):
        revision = revision_submit(
            article=article, actor=editor, comment="For the board", public_summary="New.", **extra
        )
    deliver_due()
    return revision


def deliver_due():
    for delivery_id in deliveries_due():
        delivery_attempt(delivery_id=delivery_id)


def test_a_submission_reaches_a_receiver_that_verifies_its_signature(
    receiver, endpoint, editor, django_capture_on_commit_callbacks
):
    revision = _submit(
        editor,
        django_capture_on_commit_callbacks,
        ai_disclosure={"model": "gpt-4o", "human_editor": "Eda Editor"},
    )

    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    event = Webhook(endpoint.secret).verify(body, headers)
    assert event["type"] == "revision.submitted"
    assert event["data"]["revision"]["number"] == revision.number
    assert event["data"]["revision"]["public_summary"] == "New."
    assert event["data"]["revision"]["ai_disclosure"] == {
        "model": "gpt-4o",
        "human_editor": "Eda Editor",
    }
    assert "For the board" not in body.decode()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, headers["webhook-id"]) == (
        DeliveryState.SUCCEEDED,
        1,
        delivery.message_id,
    )
    attempt = delivery.attempt_log.get()
    assert (attempt.status_code, attempt.succeeded, attempt.error) == (200, True, "")
    assert attempt.response_excerpt == '{"ok": true}'


def test_a_signature_made_with_another_secret_does_not_verify(
    receiver, endpoint, editor, django_capture_on_commit_callbacks
):
    from standardwebhooks.webhooks import WebhookVerificationError

    from webhooks.signing import secret_new

    _submit(editor, django_capture_on_commit_callbacks)
    headers, body = receiver.requests[0]
    with pytest.raises(WebhookVerificationError):
        Webhook(secret_new()).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(body.replace(b"New.", b"Old."), headers)


def test_a_failing_receiver_is_retried_with_backoff_then_marked_failed(
    receiver, endpoint, editor, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver.status, receiver.answer = 503, b"down for maintenance"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _submit(editor, django_capture_on_commit_callbacks)
        delivery = WebhookDelivery.objects.get()
        assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 1)
        assert delivery.next_attempt_at == start + dt.timedelta(seconds=30)
        # Not due yet: nothing is sent.
        assert delivery_attempt(delivery_id=delivery.pk) is None

    with time_machine.travel(start + dt.timedelta(seconds=31), tick=False):
        call_command("deliver_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at == start + dt.timedelta(seconds=31 + 60)

    with time_machine.travel(start + dt.timedelta(seconds=92), tick=False):
        attempt = delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.next_attempt_at) == (
        DeliveryState.FAILED,
        3,
        None,
    )
    assert delivery.finished_at is not None
    assert (attempt.status_code, attempt.succeeded) == (503, False)
    assert attempt.response_excerpt == "down for maintenance"
    assert [a.status_code for a in delivery.attempt_log.all()] == [503, 503, 503]
    assert len(receiver.requests) == 3
    # Every attempt has the same id and its own timestamp, signed anew.
    ids = {headers["webhook-id"] for headers, _ in receiver.requests}
    stamps = [int(headers["webhook-timestamp"]) for headers, _ in receiver.requests]
    assert ids == {delivery.message_id}
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    # Once failed, it is never tried again.
    with time_machine.travel(start + dt.timedelta(days=1), tick=False):
        assert delivery_attempt(delivery_id=delivery.pk) is None


@pytest.fixture
def worker_backend(settings):
    """A backend with a worker (django-tasks' dummy one keeps what was enqueued)."""
    from django_tasks import task_backends

    # django-tasks forgets its backends when TASKS changes (its setting_changed receiver).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return task_backends["default"]


def test_with_a_worker_each_delivery_is_a_task_queued_after_commit(
    receiver, endpoint, editor, worker_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revision_submit(article=make_article(editor), actor=editor, comment="c")
        assert worker_backend.results == []
    delivery = WebhookDelivery.objects.get()
    # The submission's notification email is a task of its own (reviews.tasks).
    [queued] = [r for r in worker_backend.results if r.task.name == "webhook_deliver"]
    assert (queued.task.name, queued.args, queued.task.run_after) == (
        "webhook_deliver",
        [delivery.pk],
        None,
    )
    assert receiver.requests == []  # sent by the worker, not in the request

    receiver.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        queued.task.call(*queued.args)
    retry = [r for r in worker_backend.results if r.task.name == "webhook_deliver"][1]
    delivery.refresh_from_db()
    assert retry.task.run_after == delivery.next_attempt_at
    assert len(receiver.requests) == 1


def test_without_a_worker_nothing_runs_in_the_request(
    receiver, endpoint, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revision_submit(article=make_article(editor), actor=editor, comment="c")
    assert receiver.requests == []
    assert WebhookDelivery.objects.get().state == DeliveryState.PENDING
    call_command("deliver_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(receiver.requests) == 1


def test_the_backoff_doubles(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


def test_an_unreachable_receiver_is_logged_with_the_error(
    endpoint, editor, django_capture_on_commit_callbacks
):
    endpoint.url = "http://127.0.0.1:9/nothing-listens-here"
    endpoint.save()
    _submit(editor, django_capture_on_commit_callbacks)
    attempt = WebhookDelivery.objects.get().attempt_log.get()
    assert attempt.status_code is None and not attempt.succeeded
    assert attempt.error.startswith("Could not connect")


def test_a_redirect_is_not_followed(receiver, endpoint, editor, django_capture_on_commit_callbacks):
    receiver.status = 302
    _submit(editor, django_capture_on_commit_callbacks)
    attempt = WebhookDelivery.objects.get().attempt_log.get()
    assert (attempt.status_code, attempt.succeeded) == (302, False)


def test_an_endpoint_receives_only_the_events_it_chose(
    receiver, endpoint, editor, django_capture_on_commit_callbacks
):
    endpoint.events = ["revision.published"]
    endpoint.save()
    _submit(editor, django_capture_on_commit_callbacks)
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


def test_the_body_is_the_documented_envelope(
    receiver, endpoint, editor, django_capture_on_commit_callbacks
):
    _submit(editor, django_capture_on_commit_callbacks)
    event = json.loads(receiver.requests[0][1])
    assert set(event) == {"type", "timestamp", "data"}
    assert set(event["data"]) == {"article", "revision", "actor"}
    assert event["data"]["article"]["slug"] == "back-pain"
