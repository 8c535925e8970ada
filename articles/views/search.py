from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.search import articles_search, clean_query


@require_GET
def search(request):
    query = clean_query(request.GET.get("q"))
    hits = articles_search(query=query) if query else []
    return render(request, "articles/search.html", {"query": query, "hits": hits})
