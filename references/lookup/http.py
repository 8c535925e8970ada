"""The one place lookups reach the network: a GET with the site's timeout, a user agent
that names the site, and every failure turned into a sentence for the editor."""

import httpx
from django.conf import settings
from django.utils.translation import gettext

from references.errors import ReferenceFormatError


def _user_agent() -> str:
    contact = settings.REFERENCE_LOOKUP_CONTACT
    return f"medical-editorial-cms/1 ({'mailto:' + contact if contact else 'reference lookup'})"


def lookup_get(
    url: str, *, service: str, params: dict | None = None, accept: str = ""
) -> httpx.Response | None:
    """The service's answer, or None when it says it has no such record (404). Raises
    ReferenceFormatError("unavailable") when it cannot be reached in time or fails."""
    headers = {"User-Agent": _user_agent()}
    if accept:
        headers["Accept"] = accept
    try:
        response = httpx.get(
            url,
            params=params,
            headers=headers,
            timeout=httpx.Timeout(settings.REFERENCE_LOOKUP_TIMEOUT),
            follow_redirects=True,
        )
    except httpx.TimeoutException:
        raise ReferenceFormatError(
            gettext("%(service)s did not answer within %(seconds)s seconds.")
            % {"service": service, "seconds": settings.REFERENCE_LOOKUP_TIMEOUT},
            code="unavailable",
        ) from None
    except httpx.HTTPError:
        raise ReferenceFormatError(
            gettext("%(service)s could not be reached (is this server offline?).")
            % {"service": service},
            code="unavailable",
        ) from None
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise ReferenceFormatError(
            gettext("%(service)s answered with an error (HTTP %(status)d).")
            % {"service": service, "status": response.status_code},
            code="unavailable",
        )
    return response


def unreadable(service: str) -> ReferenceFormatError:
    return ReferenceFormatError(
        gettext("%(service)s answered with something that is not a reference record.")
        % {"service": service},
        code="unavailable",
    )
