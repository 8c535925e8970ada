"""Prometheus metrics (prometheus-client), served at /metrics to the networks listed in
METRICS_ALLOWED_NETWORKS only.

Counters and histograms are counted where things happen: requests and page-cache results
by monitoring.middleware, workflow transitions and notification failures by
monitoring.receivers. The review queue and the overdue articles are counted from the
database when scraped (two COUNT queries), so they are right whichever process answers.

Under gunicorn every worker is a process of its own. With PROMETHEUS_MULTIPROC_DIR set
(deploy/gunicorn.conf.py sets it and empties it at start) each worker writes its counts
to files there and a scrape of any worker adds up all of them; without it (runserver,
tests) a scrape shows this process's counts."""

import ipaddress
import os
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

METRICS_PATH = "/metrics"

REQUESTS = Counter(
    "medcms_http_requests_total",
    "HTTP requests answered, by view (the URL pattern's name), method and status.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "medcms_http_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
PAGE_CACHE = Counter(
    "medcms_page_cache_total",
    "Public pages answered from the page cache (hit) or rendered and stored (miss).",
    ["view", "result"],
)
TRANSITIONS = Counter(
    "medcms_workflow_events_total",
    "Workflow events committed, by action and the state the revision went to.",
    ["action", "to_state"],
)
NOTIFICATION_FAILURES = Counter(
    "medcms_notification_failures_total",
    "Review emails that could not be built or sent, by notification.",
    ["notification"],
)


class DatabaseGauges:
    """The review queue and the articles overdue for re-review, counted at scrape time."""

    def collect(self):
        from articles.models import Article, Revision, RevisionState

        queue = GaugeMetricFamily(
            "medcms_review_queue_size",
            "Revisions waiting for the board, by state.",
            labels=["state"],
        )
        counts = dict.fromkeys((RevisionState.SUBMITTED, RevisionState.UNDER_REVIEW), 0)
        rows = (
            Revision.objects.filter(state__in=list(counts))
            .order_by()
            .values_list("state")
            .annotate(count=Count("pk"))
        )
        counts.update(dict(rows))
        for state, count in counts.items():
            queue.add_metric([str(state)], count)
        yield queue
        overdue = Article.objects.filter(
            live_revision__isnull=False,
            withdrawn_at__isnull=True,
            next_review_due__lt=timezone.localdate(),
        ).count()
        yield GaugeMetricFamily(
            "medcms_articles_overdue_for_review",
            "Published articles whose periodic re-review date has passed.",
            value=overdue,
        )
        yield from self._webhooks()

    def _webhooks(self):
        from webhooks.models import DeliveryState, WebhookDelivery

        yield GaugeMetricFamily(
            "medcms_webhook_deliveries_pending",
            "Webhook deliveries not yet delivered (waiting for an attempt or a retry).",
            value=WebhookDelivery.objects.filter(state=DeliveryState.PENDING).count(),
        )
        since = timezone.now() - timedelta(days=1)
        yield GaugeMetricFamily(
            "medcms_webhook_deliveries_failed_recently",
            "Webhook deliveries given up on (every attempt failed) in the last 24 hours.",
            value=WebhookDelivery.objects.filter(
                state=DeliveryState.FAILED, finished_at__gte=since
            ).count(),
        )


def client_allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.METRICS_ALLOWED_NETWORKS)


def metrics_response(request) -> HttpResponse:
    from articles.ratelimit import client_ip

    if not client_allowed(client_ip(request)):
        # As if there were nothing here: the path is no business of other networks.
        return HttpResponse("Not Found", status=404, content_type="text/plain; charset=utf-8")
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REGISTRY)
    registry.register(DatabaseGauges())
    response = HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
