"""Delivering one webhook: claim the attempt, POST the signed body, log the answer, and
either finish or schedule the next attempt with exponential backoff.

Runs in a task worker (webhooks.tasks), never in a reader's or reviewer's request. The
HTTP request is made outside any transaction; the claim (a short locked update) makes two
workers that pick up the same delivery send it once."""

import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from webhooks.models import DeliveryState, WebhookAttempt, WebhookDelivery
from webhooks.signing import signed_headers

logger = logging.getLogger("webhooks")

EXCERPT_LENGTH = 1000  # characters of the receiver's answer kept in the log


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    excerpt: str
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: the base after the first failure, doubling after each."""
    return timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempts - 1))


def delivery_attempt(*, delivery_id: int) -> WebhookAttempt | None:
    """One attempt at a pending delivery that is due; None when there is nothing to do (it
    finished, or another worker holds it, or its next attempt is not due yet)."""
    claimed = _claim(delivery_id)
    if claimed is None:
        return None
    delivery, number, started = claimed
    headers = signed_headers(
        secret=delivery.endpoint.secret,
        message_id=delivery.message_id,
        at=started,
        body=delivery.body,
    )
    answer = _post(delivery.endpoint.url, body=delivery.body, headers=headers)
    return _record(delivery_id, number=number, started=started, answer=answer)


@transaction.atomic
def _claim(delivery_id: int) -> tuple[WebhookDelivery, int, datetime] | None:
    delivery = (
        WebhookDelivery.objects.select_for_update()
        .select_related("endpoint")
        .filter(pk=delivery_id)
        .first()
    )
    now = timezone.now()
    if delivery is None or delivery.state != DeliveryState.PENDING:
        return None
    if delivery.next_attempt_at and delivery.next_attempt_at > now:
        return None
    delivery.attempts += 1
    # Held for the length of the request: another worker finds it not due meanwhile, and a
    # worker that dies mid-request leaves it to be retried after the lease.
    delivery.next_attempt_at = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + 30)
    delivery.save(update_fields=["attempts", "next_attempt_at"])
    return delivery, delivery.attempts, now


@transaction.atomic
def _record(delivery_id: int, *, number: int, started: datetime, answer: Answer) -> WebhookAttempt:
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    attempt = WebhookAttempt.objects.create(
        delivery=delivery,
        number=number,
        started_at=started,
        duration_ms=answer.duration_ms,
        status_code=answer.status_code,
        response_excerpt=answer.excerpt,
        error=answer.error,
        succeeded=answer.succeeded,
    )
    now = timezone.now()
    if answer.succeeded:
        delivery.state, delivery.finished_at, delivery.next_attempt_at = (
            DeliveryState.SUCCEEDED,
            now,
            None,
        )
    elif number >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.state, delivery.finished_at, delivery.next_attempt_at = (
            DeliveryState.FAILED,
            now,
            None,
        )
        logger.warning(
            "Webhook delivery %s to %s failed after %s attempts",
            delivery.message_id,
            delivery.endpoint_id,
            number,
        )
    else:
        delivery.next_attempt_at = now + retry_delay(number)
        run_after = delivery.next_attempt_at

        def enqueue():
            from webhooks.tasks import delivery_enqueue

            delivery_enqueue(delivery_id=delivery_id, run_after=run_after)

        transaction.on_commit(enqueue, robust=True)
    delivery.save(update_fields=["state", "finished_at", "next_attempt_at"])
    return attempt


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, logged as such: following it would send the signed body
    somewhere the admin did not register."""

    def redirect_request(self, *args, **kwargs):
        return None


def _post(url: str, *, body: str, headers: dict[str, str]) -> Answer:
    if urlsplit(url).scheme not in ("http", "https"):
        return Answer(None, "", f"Not an http(s) address: {url}", 0)
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=body.encode("utf-8"),
        method="POST",
        headers={
            **headers,
            "Content-Type": "application/json",
            "User-Agent": f"{settings.SITE_NAME} webhooks",
        },
    )
    opener = urllib.request.build_opener(_NoRedirects)
    started = time.monotonic()
    status, raw, error = None, b"", ""
    try:
        with opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            status, raw = response.status, response.read(EXCERPT_LENGTH * 4)
    except urllib.error.HTTPError as answer:
        status, raw = answer.code, answer.read(EXCERPT_LENGTH * 4)
        error = f"HTTP {answer.code} {answer.reason}"
    except urllib.error.URLError as failure:
        error = f"Could not connect: {failure.reason}"
    except (TimeoutError, OSError) as failure:
        error = f"{type(failure).__name__}: {failure}" if str(failure) else type(failure).__name__
    duration = int((time.monotonic() - started) * 1000)
    excerpt = raw.decode("utf-8", errors="replace")[:EXCERPT_LENGTH]
    return Answer(status, excerpt, error, duration)


def webhooks_deliver_due() -> int:
    """The DUE_JOBS job: one attempt at each delivery that is due, so deliveries (and their
    retries) go out from the clock's run even where no task worker picked them up. A
    delivery a worker holds, or one already sent, is skipped by the claim; returns the
    attempts made."""
    return sum(delivery_attempt(delivery_id=pk) is not None for pk in deliveries_due())


def deliveries_due(*, now: datetime | None = None) -> list[int]:
    """Pending deliveries whose next attempt is due: what `manage.py deliver_webhooks`
    sends when no worker picked them up (a queue lost, a worker that died mid-attempt)."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )
