"""Which language the interface (the site's own labels, buttons and messages) speaks.

Public pages are kept by shared caches and by the page cache (articles/pagecache.py), so
their language never comes from who asks: not from Accept-Language, not from a cookie.

- An article's pages (the reader's page, its versions, its citation export) speak the
  article's language: the views wrap their rendering in
  `translation.override(interface_language_for(article))` (articles/interface_language.py).
- The other public pages (home, search, the board, the policy pages, the feeds) speak the
  language their URL names, `?lang=es`, and the default language without one. Links
  between public pages keep the choice (the `lang_query` of articles.context_processors),
  and each page's cache key includes it.
- Staff pages (the desk, the review pages, the audit pages, signing in, the admin) are
  private and never cached by others: they follow the person's choice, the language
  cookie that the staff bar's language form sets (Django's `set_language`), else the
  browser's Accept-Language, and say so in `Vary`.

The language is activated for the request and deactivated after it, so a thread never
carries one request's language into the next."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

LANGUAGE_PARAMETER = "lang"

# Public pages, by URL namespace or name: everything else is a staff page. A public page
# left off this list would still be cached correctly (Vary), only not shared.
PUBLIC_NAMESPACES = frozenset({"articles", "api"})
PUBLIC_VIEWS = frozenset({"reviews:board", "sitemap", "sitemap-section", "robots"})


def url_language(request) -> str:
    """The language a public page's URL asks for (`?lang=es`), else the default."""
    requested = request.GET.get(LANGUAGE_PARAMETER, "")
    return requested if requested in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def is_public_page(resolver_match) -> bool:
    return resolver_match.namespace in PUBLIC_NAMESPACES or resolver_match.view_name in PUBLIC_VIEWS


class InterfaceLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.interface_language_personal = False
        translation.activate(url_language(request))
        try:
            response = self.get_response(request)
            if request.interface_language_personal:
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response
        finally:
            translation.deactivate()

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_public_page(request.resolver_match):
            request.interface_language_personal = True
            translation.activate(translation.get_language_from_request(request))
