"""/metrics: requests, page-cache results, workflow events, notification failures, the
review queue and overdue articles; readable only from METRICS_ALLOWED_NETWORKS."""

import datetime as dt
import ipaddress

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from articles.models import Article
from reviews.models import WorkflowEvent
from reviews.workflow import revision_start_review, revision_submit
from tests.conftest import PASSWORD, freeze_revision, make_article

pytestmark = pytest.mark.django_db


def scrape(client, **extra) -> dict:
    """{(sample name, sorted labels): value} from one scrape."""
    response = client.get("/metrics", **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def in_review(editor, reviewer):
    editor.email = "editor@example.com"
    editor.save()
    article = make_article(editor, slug="metrics")
    revision = revision_submit(article=article, actor=editor, comment="First version")
    return revision_start_review(revision=revision, actor=reviewer)


def test_a_page_view_an_approval_and_a_failed_notification_are_counted(
    client, in_review, reviewer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.monitoring.test_metrics.FailingBackend"
    before = scrape(client)
    assert value(before, "medcms_review_queue_size", state="under_review") == 1

    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        approved = client.post(
            f"/review/revisions/{in_review.pk}/approve/",
            {
                "password": PASSWORD,
                "meaning": "Approved for medical accuracy",
                "confirm_unchecked": "on",
            },
        )
    assert approved.status_code == 302
    client.logout()
    page = "/articles/metrics/"
    assert client.get(page)["X-Page-Cache"] == "miss"
    assert client.get(page)["X-Page-Cache"] == "hit"

    after = scrape(client)

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    view = "articles:detail"
    assert grew("medcms_http_requests_total", view=view, method="GET", status="200") == 2
    assert grew("medcms_http_request_duration_seconds_count", view=view) == 2
    assert grew("medcms_page_cache_total", view=view, result="miss") == 1
    assert grew("medcms_page_cache_total", view=view, result="hit") == 1
    assert (
        grew("medcms_http_requests_total", view="reviews:approve", method="POST", status="302") == 1
    )
    assert grew("medcms_workflow_events_total", action="approve", to_state="under_review") == 1
    assert grew("medcms_workflow_events_total", action="publish", to_state="approved") == 1
    # The approval's email to the editor could not be sent.
    assert grew("medcms_notification_failures_total", notification="notify_approved") == 1
    assert value(after, "medcms_review_queue_size", state="under_review") == 0


def test_a_workflow_event_rolled_back_is_not_counted(client, in_review, reviewer):
    before = scrape(client)
    client.force_login(reviewer)
    # The test's transaction never commits, so neither do the approval's events.
    approved = client.post(
        f"/review/revisions/{in_review.pk}/approve/",
        {"password": PASSWORD, "meaning": "Approved", "confirm_unchecked": "on"},
    )
    assert approved.status_code == 302
    assert WorkflowEvent.objects.filter(action="approve").exists()  # recorded, uncommitted
    client.logout()
    after = scrape(client)
    labels = {"action": "approve", "to_state": "under_review"}
    assert value(after, "medcms_workflow_events_total", **labels) == value(
        before, "medcms_workflow_events_total", **labels
    )


def test_articles_overdue_for_review_are_counted(client, editor):
    for slug, due in (("late", -1), ("due-today", 0), ("fine", 30)):
        article = make_article(editor, slug=slug)
        freeze_revision(article, editor)
        Article.objects.get(pk=article.pk)
        article.next_review_due = timezone.localdate() + dt.timedelta(days=due)
        article.save()

    assert value(scrape(client), "medcms_articles_overdue_for_review") == 1


def test_metrics_are_refused_outside_the_allowed_networks(client, settings):
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.0.0.0/8")]

    refused = client.get("/metrics", REMOTE_ADDR="192.0.2.7")
    allowed = client.get("/metrics", REMOTE_ADDR="10.1.2.3")

    assert refused.status_code == 404
    assert b"medcms_" not in refused.content
    assert allowed.status_code == 200


def test_a_forwarded_address_reads_metrics_only_through_a_trusted_proxy(client, settings):
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.0.0.0/8")]
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]

    # nginx (trusted) passes on an outside reader: refused, though nginx itself is local.
    outside = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")
    # An outsider claiming an inside address, not through a trusted proxy: refused.
    spoofed = client.get("/metrics", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="10.1.2.3")

    assert outside.status_code == 404
    assert spoofed.status_code == 404


def test_unresolved_paths_share_one_label(client):
    client.get("/no-such-page-1/")
    client.get("/no-such-page-2/")

    samples = scrape(client)

    views = {
        dict(labels).get("view") for name, labels in samples if name == "medcms_http_requests_total"
    }
    assert "unresolved" in views
    assert not any(v and "no-such" in v for v in views)


def test_webhook_deliveries_pending_and_failed_recently_are_counted(client, admin_user):
    from webhooks.endpoints import endpoint_create
    from webhooks.models import DeliveryState, WebhookDelivery

    endpoint = endpoint_create(
        url="https://pipeline.example.com/hooks", events=["revision.submitted"], actor=admin_user
    )
    now = timezone.now()
    for n, (state, finished) in enumerate(
        [
            (DeliveryState.PENDING, None),
            (DeliveryState.FAILED, now - dt.timedelta(hours=2)),
            (DeliveryState.FAILED, now - dt.timedelta(days=3)),
            (DeliveryState.SUCCEEDED, now),
        ]
    ):
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event_type="revision.submitted",
            message_id=f"msg_{n}",
            body="{}",
            state=state,
            created_at=now,
            finished_at=finished,
        )
    samples = scrape(client)
    assert value(samples, "medcms_webhook_deliveries_pending") == 1
    assert value(samples, "medcms_webhook_deliveries_failed_recently") == 1
