"""Answer a cached article page, or a 304, before the middleware that a reader who has
neither a session nor a flash message does not need.

A reader's repeat visit, and every reader after the first, gets a page that is already
rendered (articles.pagecache) or a 304; the view decides that from a few cached columns.
Run at the view, the answer still went through the session, CSRF, authentication,
messages, text guard, idle-timeout, history and lockout (axes) middleware, which for such
a request find nothing to do but cost more than the answer itself. This middleware sits
after the request id and metrics and the three that write security headers (security,
X-Frame-Options, the content security policy), so a cached answer is counted and logged
and carries every header the full chain would give it (tests/config/test_page_cache_
middleware.py compares them), and before everything else: the size limit and static
files do not apply to a GET of an article page, and a cached page was rendered in its
article's language, so the interface-language middleware has nothing to do for it.

Only the plainest requests take this path: GET of an article page with no query or just
`?audience=<word>`, and no session or messages cookie (articles.views.public
.article_page_cached declines anything personal). Everything else, and every miss, goes
down the chain to the view as before."""

import functools
import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import Resolver404, ResolverMatch, get_urlconf, resolve, reverse

# The only query this path answers; anything else (which the text guard may refuse, or
# the view read) goes down the chain.
# Matched here, the audience needs no QueryDict (a tenth of a 304's work): it is plain
# letters, so nothing in it is percent-encoded.
_PLAIN_QUERY = re.compile(r"(?:audience=(?P<audience>[a-z][a-z_-]{0,39}))?")
_SLUG = "[-a-zA-Z0-9_]+"  # Django's slug converter


@functools.lru_cache(maxsize=4096)
def _article_match(path: str, urlconf: str | None):
    """The resolution of a path shaped like an article page's, if the URLconf sends it to
    the article page. Remembered per path: resolving walks the whole URLconf and was a
    fifth of the work of a 304 (docs/performance.md); the URLconf does not change while
    the process runs, and the cache is bounded, so unknown slugs cannot grow it."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return match if match.view_name == "articles:detail" else None


@receiver(setting_changed)
def _forget_matches(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _article_match.cache_clear()
        _article_path.cache_clear()


# Set in the WSGI environ (request.META) of a request this middleware answered: Django's
# answer is then one config.page_replay may give again to the same request.
ANSWERED_FROM_PAGE_CACHE = "medcms.answered_from_page_cache"


@functools.lru_cache(maxsize=1)
def _article_path() -> re.Pattern:
    """The article page's path, from the URLconf (so a moved URL moves this too)."""
    marker = "slug-marker"
    prefix, suffix = reverse("articles:detail", kwargs={"slug": marker}).split(marker)
    return re.compile(re.escape(prefix) + _SLUG + re.escape(suffix))


def article_request(path_info: str, query: str) -> tuple[ResolverMatch, str | None] | None:
    """For a request this path may answer, the resolution of its path to the article page
    and the query's audience (None without one); else None."""
    found = _PLAIN_QUERY.fullmatch(query)
    if found is None or not _article_path().fullmatch(path_info):
        return None
    match = _article_match(path_info, get_urlconf())
    return None if match is None else (match, found.group("audience"))


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._cached(request) if request.method == "GET" else None
        return response if response is not None else self.get_response(request)

    def _cached(self, request):
        found = article_request(request.path_info, request.META.get("QUERY_STRING", ""))
        if found is None:
            return None
        match, requested = found
        from articles.views.public import article_page_cached

        # As URL resolution would: the request log and metrics name the view.
        request.resolver_match = match
        response = article_page_cached(request, match.kwargs["slug"], requested=requested)
        if response is None:
            # The view need not ask again (another local lookup and, with Redis, another
            # round trip for the same key).
            request.page_cache_declined = match.kwargs["slug"]
            return None
        if not response.has_header("Content-Length"):
            # What CommonMiddleware, below, gives every other response.
            response["Content-Length"] = str(len(response.content))
        request.META[ANSWERED_FROM_PAGE_CACHE] = True
        return response
