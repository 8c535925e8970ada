"""The site's own middleware: request size limits (413), a friendly 503 while the database
is unreachable, idle expiry of signed-in sessions, and the content security policy on
every response but a 304. docs/security.md says why each
exists; tests/security and tests/faults show each working."""

import logging
import time

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.signals import setting_changed
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Errors the DB-API defines as the database's own trouble (down, restarting, connection
# lost, deadlock, serialisation failure): nothing the request did wrong, worth a retry.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
# Writing the last-activity time on every request would make every page a session write.
ACTIVITY_RESOLUTION_SECONDS = 60
LAST_ACTIVITY = "_last_activity"
SIGNED_IN_AT = "_signed_in_at"


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def request_too_large(request, limit: int) -> HttpResponse:
    detail = (
        f"The request is larger than this site accepts ({limit:,} bytes). "
        "Send a smaller file or less text."
    )
    if _is_api(request):
        from api.errors import error_body  # the API's one error shape

        return JsonResponse(error_body("too_large", detail), status=413)
    html = render_to_string("413.html", {"detail": detail, "limit": limit}, request=request)
    return HttpResponse(html, status=413)


class RequestSizeLimitMiddleware:
    """Refuse an oversized body with 413 before any view reads it.

    Django itself raises RequestDataTooBig for a form body over DATA_UPLOAD_MAX_MEMORY_SIZE
    and answers 400, which tells a person nothing useful; and it never limits a body a view
    reads as a stream (the API's JSON), nor uploaded files. So: any body over
    REQUEST_BODY_MAX_BYTES (the largest import plus room for the form around it), and a
    JSON body over DATA_UPLOAD_MAX_MEMORY_SIZE, is refused from its Content-Length; a form
    body is parsed here (CsrfViewMiddleware would parse it next anyway) so that Django's
    own limit answers 413 too (the API has no form endpoints). A body sent without a
    Content-Length is not read at all by Django, so it needs no limit here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = _content_length(request)
        ceiling = settings.REQUEST_BODY_MAX_BYTES
        if request.content_type == "application/json":
            ceiling = min(ceiling, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if length > ceiling:
            _discard_body(request, length)
            return request_too_large(request, ceiling)
        # Not under /api/: DRF decides there whether a form body is acceptable at all (it
        # answers 415), and a body parsed here would hide that from it.
        if request.method == "POST" and request.content_type in FORM_TYPES and not _is_api(request):
            try:
                request.POST  # noqa: B018 - parsing is the point: it raises when too large
            except RequestDataTooBig:
                _discard_body(request, length)
                return request_too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return self.get_response(request)


def _discard_body(request, length: int) -> None:
    """Read and drop the rest of a refused body of at most REQUEST_BODY_MAX_BYTES. Behind
    a proxy that keeps connections to gunicorn open (nginx in deploy/), a 413 answered
    with the body unread made gunicorn close the connection while nginx was still sending
    it, and nginx answered 502 instead of the 413. A larger body (only possible without
    such a proxy, whose own limit refuses it) is not worth reading: the connection is
    simply closed."""
    if length > settings.REQUEST_BODY_MAX_BYTES:
        return
    try:
        while request.read(64 * 1024):
            pass
    except (OSError, ValueError):
        pass  # the client went away: nothing left to read


def database_unavailable(request, exception) -> HttpResponse:
    """503 with Retry-After: the page readers see while PostgreSQL restarts. Rendered
    without touching the database (base.html reads neither the user nor the session)."""
    logger.error(
        "Database unavailable while answering %s %s: %s",
        request.method,
        request.path,
        exception,
        exc_info=exception,
    )
    detail = "The site is briefly unavailable. Please try again in a minute."
    if _is_api(request):
        from api.errors import error_body

        response = JsonResponse(error_body("unavailable", detail), status=503)
    else:
        html = render_to_string("503.html", {"detail": detail})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection in a view into a 503 page instead of a 500.
    config.views.server_error does the same for one raised outside a view. The connection
    recovers by itself: CONN_HEALTH_CHECKS makes Django test a kept connection before the
    next request uses it, and reconnect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            return database_unavailable(request, exception)
        return None


class SessionIdleTimeoutMiddleware:
    """Sign out a session left idle for longer than SESSION_IDLE_TIMEOUT seconds, or
    signed in for longer than SESSION_COOKIE_AGE however busy.

    Everyone who signs in here is staff of some kind (editors, board members, admins:
    readers need no account), and an unattended signed-in browser can change medical
    content. Django alone would not do it: its expiry date moves forward whenever the
    session is saved, so a busy session would never end. Requests without a session
    cookie (all public pages for readers) never touch the session, so those pages stay
    cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session = request.session
        if SESSION_KEY not in session:
            return
        now = int(time.time())
        last = session.get(LAST_ACTIVITY, now)
        started = session.setdefault(SIGNED_IN_AT, now)
        idle = settings.SESSION_IDLE_TIMEOUT
        if now - last > idle:
            reason = f"after {idle // 60} minutes without activity"
        elif now - started > settings.SESSION_COOKIE_AGE:
            reason = f"after {settings.SESSION_COOKIE_AGE // 3600} hours"
        else:
            if now - last >= ACTIVITY_RESOLUTION_SECONDS or LAST_ACTIVITY not in session:
                session[LAST_ACTIVITY] = now
            return
        logger.info("Signed out user %s %s.", session[SESSION_KEY], reason)
        logout(request)
        messages.info(request, f"You were signed out {reason}. Sign in again to continue.")


# The policies the settings alone make, by report_only: the same for every response that
# neither a view's decorator nor a nonce changes, which is nearly all of them.
_SETTINGS_POLICIES: dict[bool, str] = {}
# What a view's csp_* decorators leave on a response; any of them means the policy is built.
_RESPONSE_POLICY_ATTRIBUTES = tuple(
    f"_csp_{part}{suffix}" for part in ("config", "update", "replace") for suffix in ("", "_ro")
)


@receiver(setting_changed)
def _forget_settings_policies(*, setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _SETTINGS_POLICIES.clear()


def settings_policy(*, report_only: bool) -> str:
    if report_only not in _SETTINGS_POLICIES:
        _SETTINGS_POLICIES[report_only] = build_policy(report_only=report_only)
    return _SETTINGS_POLICIES[report_only]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, except on 304 Not Modified, and with the policy the
    settings make built once.

    A 304 has no body for a policy to protect, and RFC 9110 (15.4.5) asks it to carry only
    what a cache needs to update the response it stored, which keeps the policy it came
    with. Building the policy was a third of the work of a 304 of an article page, and a
    fifth of a page served from the page cache (docs/performance.md): it is the same
    string every time unless a view's decorator or a nonce changes it, so only those
    responses build their own."""

    def process_response(self, request, response):
        if response.status_code == 304:
            return response
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _RESPONSE_POLICY_ATTRIBUTES
        ):
            return super().process_response(request, response)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response  # as django-csp leaves Django's debug pages
        for header, report_only, setting in (
            (HEADER, False, "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, True, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            policy = settings_policy(report_only=report_only)
            exempt = getattr(response, "_csp_exempt_ro" if report_only else "_csp_exempt", False)
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                policy
                and header not in response
                and exempt is False
                and not request.path_info.startswith(tuple(excluded))
            ):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class DomainErrorMiddleware:
    """The web's one translation of a domain error (config.errors.DomainError) that a view
    let through, usually from an access check: 404 and 403 answer with the site's own error
    pages and the error's sentence, anything else with the sentence and its status. The
    API has its own translation (api.errors), from the same status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.views import defaults

        from config.errors import DomainError

        if not isinstance(exception, DomainError):
            return None
        if exception.status == 404:
            return defaults.page_not_found(request, Http404(exception.message))
        if exception.status == 403:
            return defaults.permission_denied(request, PermissionDenied(exception.message))
        context = {"message": exception.message, "status": exception.status}
        return HttpResponse(
            render_to_string("domain_error.html", context, request=request),
            status=exception.status,
        )
