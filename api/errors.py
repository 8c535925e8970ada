"""Every error the API answers has one shape:

    {"error": "<code>", "detail": "<a sentence>", "fields": {"<field>": ["<message>", ...]}}

with the status that fits: 400 bad input, 401 no or bad credentials, 403 not allowed for
this person, 404, 405, 409 not possible in the current state, 413 too large, 415 wrong
Content-Type, 429 too many requests. The domain errors of the apps (every
config.errors.DomainError, which carries its status, and Django's ValidationError) are
translated here, once, so views simply call the services and let them raise.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response

from articles.errors import ArticleImportError
from config.errors import DomainError
from references.errors import ReferenceFormatError
from reviews.errors import WorkflowError


class ApiError(exceptions.APIException):
    """An error raised by the API layer itself (a body too large, a bad query parameter)."""

    def __init__(self, message: str, *, code: str, status_code: int, fields=None):
        super().__init__(message, code=code)
        self.status_code = status_code
        self.error_code = code
        self.fields = fields or {}


def error_body(code: str, detail: str, fields: dict | None = None) -> dict:
    return {"error": code, "detail": detail, "fields": fields or {}}


def _messages(value) -> list[str]:
    """A DRF error detail (nested lists and dicts of ErrorDetail) as flat sentences."""
    if isinstance(value, dict):
        return [f"{key}: {m}" for key, item in value.items() for m in _messages(item)]
    if isinstance(value, list | tuple):
        return [m for item in value for m in _messages(item)]
    return [str(value)]


def _validation_fields(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(name): _messages(item) for name, item in detail.items()}
    return {"non_field_errors": _messages(detail)}


def _invalid_sentence(fields: dict[str, list[str]]) -> str:
    names = [name for name in fields if name != "non_field_errors"]
    if not names:
        messages = fields.get("non_field_errors") or [gettext("The request is not valid.")]
        return messages[0]
    return gettext("Some fields are not valid: %(fields)s.") % {"fields": ", ".join(names)}


# The input field a workflow refusal for missing or bad input is about.
_WORKFLOW_FIELDS = {
    "comment_required": "comment",
    "meaning_required": "meaning",
    "meaning_too_long": "meaning",
}


def _domain_error(exc) -> tuple[int, dict] | None:
    if isinstance(exc, WorkflowError):
        fields = {}
        problems = [p.message for p in exc.problems if p.is_error]
        if problems:
            fields["content"] = problems
        if exc.status == status.HTTP_400_BAD_REQUEST and not fields:
            fields[_WORKFLOW_FIELDS.get(exc.code, "non_field_errors")] = [exc.message]
        return exc.status, error_body(exc.code, exc.message, fields)
    if isinstance(exc, ArticleImportError):
        lines = [str(problem) for problem in exc.errors]
        return exc.status, error_body(exc.code, exc.message, {"document": lines})
    if isinstance(exc, ReferenceFormatError):
        fields = {"file": exc.errors} if exc.errors else {}
        return exc.status, error_body(exc.code, exc.message, fields)
    if isinstance(exc, DomainError):
        return exc.status, error_body(exc.code, exc.message)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            fields = {
                ("non_field_errors" if name == NON_FIELD_ERRORS else name): list(messages)
                for name, messages in exc.message_dict.items()
            }
        else:
            fields = {"non_field_errors": list(exc.messages)}
        return status.HTTP_400_BAD_REQUEST, error_body("invalid", _invalid_sentence(fields), fields)
    return None


_SENTENCES = {
    "not_authenticated": gettext_lazy(
        "Authentication is required: send 'Authorization: Bearer <token>'."
    ),
    "not_found": gettext_lazy("There is nothing at this address."),
    "unsupported_media_type": gettext_lazy("This endpoint does not accept that Content-Type."),
}


def _api_exception(exc: exceptions.APIException, method: str) -> tuple[int, dict, dict]:
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        headers["Retry-After"] = str(wait)
        sentence = ngettext(
            "Too many requests; try again in %(wait)d second.",
            "Too many requests; try again in %(wait)d seconds.",
            wait,
        ) % {"wait": wait}
        body = error_body("throttled", sentence)
        return exc.status_code, body, headers
    if isinstance(exc, exceptions.ValidationError):
        fields = _validation_fields(exc.detail)
        return exc.status_code, error_body("invalid", _invalid_sentence(fields), fields), headers
    if isinstance(exc, ApiError):
        return exc.status_code, error_body(exc.error_code, str(exc.detail), exc.fields), headers
    code = exc.default_code
    detail_code = getattr(exc.detail, "code", None)
    if isinstance(detail_code, str) and detail_code != code:
        code = detail_code  # e.g. token_revoked instead of authentication_failed
    sentence = (
        str(_SENTENCES[code])
        if code in _SENTENCES and str(exc.detail) == str(exc.default_detail)
        else None
    )
    if isinstance(exc, exceptions.MethodNotAllowed):
        sentence = gettext("This endpoint does not accept %(method)s requests.") % {
            "method": method
        }
    return exc.status_code, error_body(code, sentence or str(exc.detail)), headers


def api_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER (settings.REST_FRAMEWORK)."""
    # Imported here, not at the top: rest_framework.views loads DEFAULT_PARSER_CLASSES
    # (api.parsers, which imports this module) when it is first imported, and the 413 of
    # config.middleware imports this module before any API view has been loaded.
    from rest_framework.views import set_rollback

    domain = _domain_error(exc)
    if domain is not None:
        set_rollback()
        code, body = domain
        return Response(body, status=code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's 500 handling and logging take over
    set_rollback()
    request = context.get("request")
    code, body, headers = _api_exception(exc, getattr(request, "method", ""))
    return Response(body, status=code, headers=headers)


@csrf_exempt  # it changes nothing; a CSRF refusal would be an HTML page instead of the 404
def not_found(request, *args, **kwargs):
    """Any address under /api/v1/ that no endpoint answers: JSON, not the site's HTML 404."""
    return JsonResponse(error_body("not_found", str(_SENTENCES["not_found"])), status=404)
