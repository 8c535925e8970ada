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
    return request_id_from(request.META)


def request_id_from(environ: dict) -> str:
    """The id of the request with these WSGI variables (request.META)."""
    sent = environ.get("HTTP_X_REQUEST_ID", "")
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
        request_observe(
            environ=request.META,
            path=request.path,
            view=_view_name(request),
            status=response.status_code,
            page_cache=response.get("X-Page-Cache"),
            elapsed=elapsed,
        )


def request_observe(
    *, environ: dict, path: str, view: str, status: int, page_cache: str | None, elapsed: float
) -> None:
    """Count a request in the metrics and write its log line. Also called for the answers
    config.page_replay gives without Django's handler, so they are counted alike."""
    method = environ["REQUEST_METHOD"].upper()  # as Django's request.method
    requests, latency = _series(view, method, status)
    requests.inc()
    latency.observe(elapsed)
    if page_cache in ("hit", "miss"):
        PAGE_CACHE.labels(view=view, result=page_cache).inc()
    if not request_logger.isEnabledFor(logging.INFO):
        return  # nor build the line's fields
    request_logger.info(
        "%s %s %s",
        method,
        path,
        status,
        extra={
            "event": "request",
            "method": method,
            "path": path,
            "status": status,
            "view": view,
            "duration_ms": round(elapsed * 1000, 1),
            "client": _client(environ),
            "page_cache": page_cache or "",
        },
    )


@functools.lru_cache(maxsize=1024)
def _series(view: str, method: str, status: int):
    """The request counter's and latency histogram's series for these labels. Looking a
    series up takes a lock and builds its key each time; views, methods and statuses are
    few (unresolved paths share one view label), so the bound is never reached in use."""
    return REQUESTS.labels(view=view, method=method, status=str(status)), LATENCY.labels(view=view)


def _client(environ: dict) -> str:
    from articles.ratelimit import client_ip_from

    return client_ip_from(environ)
