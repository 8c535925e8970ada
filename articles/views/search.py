import hashlib
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from articles.pagecache import catalogue_version, immutable_get, immutable_set
from articles.search import SearchResults, articles_search, clean_query

# A bound only: publishing any article starts a new catalogue version at once.
SEARCH_CACHE_SECONDS = 300


@require_GET
def search(request):
    """Search results. The same words give every reader the same page until an article
    changes, so a rendered page is cached under the catalogue version: a topic in the news
    brings many readers searching for the same words at once."""
    query = clean_query(request.GET.get("q"))
    key = None
    if query and "messages" not in request.COOKIES:  # a flash message is personal
        digest = hashlib.sha256(query.encode()).hexdigest()[:32]
        # The interface language comes from the URL (?lang=), so it is part of the key.
        key = (
            f"search:{catalogue_version()}:{settings.ARTICLES_SHOW_PENDING:d}:"
            f"{translation.get_language()}:{digest}:{request.scheme}:{request.get_host()}"
        )
        html = immutable_get(key)
        if html is not None:
            response = HttpResponse(html)
            response["X-Page-Cache"] = "hit"
            return response
    results = articles_search(query=query) if query else SearchResults()
    context = {"query": query, "results": results, "hits": results.hits}
    if results.suggestion:
        # The same search for the suggested words, in the page's language.
        url = f"{reverse('articles:search')}?q={quote(results.suggestion, safe='/')}"
        if translation.get_language() != settings.LANGUAGE_CODE:
            url += f"&lang={translation.get_language()}"
        context["suggestion_url"] = url
    response = render(request, "articles/search.html", context)
    if key is not None:
        immutable_set(key, response.content, timeout=SEARCH_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
    return response
