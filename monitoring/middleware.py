"""The two outermost middleware (config/settings/base.py puts them first).

OperationsEndpointsMiddleware answers /healthz, /readyz and /metrics before anything else
runs: no host validation (a load balancer probes by IP address), no HTTPS redirect (it
probes over plain HTTP on the private network), no session, no django-axes, no page cache,
no request log line (a probe every second would drown the log).

RequestObservationMiddleware gives every request an id (X-Request-ID when a proxy sent a
sensible one, else a new one), echoes it in the response, counts the request in the
metrics, and writes one log line for it (JSON in production: monitoring.logs)."""

import functools
import logging
import re
import secrets
import time

from monitoring.health import HEALTH_PATH, READY_PATH, healthz, readyz
from monitoring.logs import request_id_var
from monitoring.metrics import LATENCY, METRICS_PATH, PAGE_CACHE, REQUESTS, metrics_response

request_logger = logging.getLogger("monitoring.requests")

REQUEST_ID_HEADER = "X-Request-ID"
# Anything else a client sends is replaced: the id is written into logs and pages.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{8,128}")


class OperationsEndpointsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path == HEALTH_PATH:
            return healthz()
        if path == READY_PATH:
            return readyz()
        if path == METRICS_PATH:
            return metrics_response(request)
        return self.get_response(request)


def request_id_for(request) -> str:
    sent = request.META.get("HTTP_X_REQUEST_ID", "")
    # 32 random hex digits, as uuid4().hex gave, without building a UUID for each request.
    return sent if REQUEST_ID_PATTERN.fullmatch(sent) else secrets.token_hex(16)


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    # Unresolved paths (404s of any URL) share one label, so a scan cannot grow the
    # number of series without bound.
    return match.view_name if match is not None else "unresolved"


class RequestObservationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = request_id_var.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            response[REQUEST_ID_HEADER] = request.request_id
            self._observe(request, response, elapsed)
        finally:
            request_id_var.reset(token)
        return response

    def _observe(self, request, response, elapsed: float) -> None:
        view = _view_name(request)
        status = response.status_code
        requests, latency = _series(view, request.method, status)
        requests.inc()
        latency.observe(elapsed)
        cache_result = response.get("X-Page-Cache")
        if cache_result in ("hit", "miss"):
            PAGE_CACHE.labels(view=view, result=cache_result).inc()
        if not request_logger.isEnabledFor(logging.INFO):
            return  # nor build the line's fields
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "event": "request",
                "method": request.method,
                "path": request.path,
                "status": status,
                "view": view,
                "duration_ms": round(elapsed * 1000, 1),
                "client": _client(request),
                "page_cache": cache_result or "",
            },
        )


@functools.lru_cache(maxsize=1024)
def _series(view: str, method: str, status: int):
    """The request counter's and latency histogram's series for these labels. Looking a
    series up takes a lock and builds its key each time; views, methods and statuses are
    few (unresolved paths share one view label), so the bound is never reached in use."""
    return REQUESTS.labels(view=view, method=method, status=str(status)), LATENCY.labels(view=view)


def _client(request) -> str:
    from articles.ratelimit import client_ip

    return client_ip(request)
