"""Search over approved articles. PostgreSQL: full-text search with ranking, a GIN index
(migration 0004) and highlighted snippets. SQLite: every word must appear, newest first;
it exists so the demo and tests work without a server."""

import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.markup import markup_plain
from articles.models import Article

MAX_QUERY_LENGTH = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class SearchHit:
    article: Article
    snippet: SafeString


def search_document_for(*, content: dict) -> str:
    """The text a search should find an article by: question, title and every claim's text
    in every audience."""
    parts = [content.get("question", ""), content.get("title", "")]
    # Texts are Markdown: search (and its snippets) see the words, not the markup.
    for section in content.get("sections", []):
        parts.append(markup_plain(section.get("heading", "")))
        for claim in section.get("claims", []):
            parts.append(markup_plain(claim.get("text", "")))
            parts.extend(markup_plain(text) for text in claim.get("texts", {}).values())
    # Control characters are dropped: the snippet highlighter uses two of them as markers.
    return _CONTROL.sub(" ", "\n".join(p for p in parts if p))


def article_search_index(*, article: Article, content: dict) -> None:
    """Store what search finds the article by, from the content that just went live."""
    article.search_document = search_document_for(content=content)
    article._change_reason = "Search text refreshed from the live revision"
    article.save(update_fields=["search_document"])
    search_vector_refresh(article=article)


def search_vector_refresh(*, article: Article) -> None:
    """Recompute the stored tsvector from the saved search_document (PostgreSQL only)."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        # A derived column, excluded from history: an UPDATE computing it in the database
        # is the only way to fill a tsvector, and it changes no content.
        Article.objects.filter(pk=article.pk).update(
            search_vector=SearchVector("search_document", config="english")
        )


def clean_query(raw: str | None) -> str:
    text = re.sub(r"[\x00-\x1f\x7f]", " ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def articles_search(*, query: str, limit: int = 20) -> list[SearchHit]:
    query = clean_query(query)
    if not query:
        return []
    live = Article.objects.filter(live_revision__isnull=False).only(
        "slug", "public_question", "public_title", "public_specialty", "last_updated_at"
    )
    if connection.vendor == "postgresql":
        return _search_postgres(live, query, limit)
    return _search_simple(live, query, limit)


# Characters of the document around the first mention of the query that the snippet is
# built from. ts_headline parses all the text it is given, and a whole article (every
# audience) is tens of kilobytes: parsing 20 of them was most of a search's time.
SNIPPET_WINDOW = 1500
SNIPPET_LEAD_IN = 300


def _search_postgres(articles, query: str, limit: int) -> list[SearchHit]:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
    from django.db.models import F, Value
    from django.db.models.functions import Greatest, Lower, StrIndex, Substr

    search_query = SearchQuery(query, config="english", search_type="websearch")
    # Rank on the stored, GIN-indexed vector (an F() expression: given a field name,
    # SearchRank would rebuild a vector from its text on every row).
    top = list(
        articles.filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "public_question")
        .values_list("pk", flat=True)[:limit]
    )
    if not top:
        return []
    start = StrIndex(Lower("search_document"), Value(_snippet_needle(query)))
    window = Substr("search_document", Greatest(start - SNIPPET_LEAD_IN, Value(1)), SNIPPET_WINDOW)
    rows = articles.filter(pk__in=top).annotate(
        headline=SearchHeadline(
            window,
            search_query,
            config="english",
            start_sel="\x02",
            stop_sel="\x03",
            max_words=SNIPPET_WORDS,
            min_words=15,
            max_fragments=2,
        )
    )
    by_pk = {a.pk: a for a in rows}
    return [SearchHit(article=by_pk[pk], snippet=_highlight(by_pk[pk].headline)) for pk in top]


def _snippet_needle(query: str) -> str:
    """Where the snippet window starts: the first query word, cut to a prefix that its
    usual inflections share ("guidelines" finds "guideline"). Not found, the window is the
    document's beginning, and the headline still marks whatever matches there."""
    for raw in query.lower().split():
        word = re.sub(r"\W", "", raw)
        if len(word) >= 3 and word != "or" and not raw.startswith("-"):
            return word[: max(4, len(word) - 2)]
    return ""


def _highlight(marked: str) -> SafeString:
    """Escape the snippet, then turn the \\x02…\\x03 markers (which cannot occur in stored
    text: control characters are refused on input) into <mark> elements."""
    return mark_safe(  # noqa: S308 - every piece of text is escaped first
        escape(marked.replace("\n", " ")).replace("\x02", "<mark>").replace("\x03", "</mark>")
    )


def _search_simple(articles, query: str, limit: int) -> list[SearchHit]:
    words = query.split()[:8]
    for word in words:
        articles = articles.filter(search_document__icontains=word)
    hits = []
    articles = articles.only(
        "slug",
        "public_question",
        "public_title",
        "public_specialty",
        "last_updated_at",
        "search_document",
    )
    for article in articles.order_by("-last_updated_at", "public_question")[:limit]:
        hits.append(SearchHit(article=article, snippet=_snippet(article.search_document, words)))
    return hits


def _snippet(document: str, words: list[str]) -> SafeString:
    flat = " ".join(document.split())
    lowered = flat.lower()
    first = min((lowered.find(w.lower()) for w in words if w.lower() in lowered), default=0)
    start = max(0, flat.rfind(" ", 0, max(0, first - 80)) + 1)
    excerpt = flat[start : start + 240]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"\x02{m.group(0)}\x03", excerpt)
    prefix = "… " if start else ""
    suffix = " …" if start + 240 < len(flat) else ""
    return _highlight(prefix + marked + suffix)
