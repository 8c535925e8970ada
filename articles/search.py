"""Search over the articles readers may see (articles.selectors.articles_public: approved
ones, and those in review when the site shows them, with their caution).

What is searched is only what readers are shown: the live revision's text
(search_document, written when a revision goes live) and the question and title of the
shown revision (the public_* copies, articles.listing). A working copy is never searched.

- PostgreSQL: full-text search with ranking over the stored, GIN-indexed vector of the
  live text and an indexed vector of the question and title (migrations 0005 and 0012).
  When the words find nothing, trigram similarity (pg_trgm, indexed) finds questions and
  titles that nearly match, and a "Did you mean" is built from their words.
- SQLite (the demo and the tests without a server): every word must appear; when nothing
  does, each word is corrected with difflib against the words of the shown questions and
  titles.
- Both: the site's synonyms (articles.models.SearchSynonym) widen the query, so
  "backache" also looks for "back pain".
"""

import difflib
import json
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.languages import search_config
from articles.markup import markup_plain
from articles.models import Article, SearchSynonym
from articles.pagecache import catalogue_version, immutable_get, immutable_set
from articles.selectors import articles_public

MAX_QUERY_LENGTH = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SNIPPET_WORDS = 30
# A query and at most this many rewrites of it by synonyms: each is one more OR-ed tsquery.
MAX_VARIANTS = 4
MAX_WORDS = 8
# difflib's ratio a word must reach to be offered as what the reader meant.
SUGGEST_CUTOFF = 0.75
# SQLite only: how many shown articles' questions and titles make the vocabulary.
SIMPLE_VOCABULARY_ARTICLES = 5000
SYNONYMS_CACHE_SECONDS = 3600
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
# What a hit needs from an article row.
HIT_FIELDS = (
    "slug",
    "public_question",
    "public_title",
    "public_specialty",
    "last_updated_at",
    "live_revision_id",
    "language",
)


@dataclass(frozen=True)
class SearchHit:
    article: Article
    snippet: SafeString

    @property
    def pending(self) -> bool:
        """Shown while its first revision is in review: listed with the caution."""
        return self.article.live_revision_id is None


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit] = field(default_factory=list)
    # "Did you mean …": the query with misspelt words corrected ("" when none is offered).
    suggestion: str = ""
    # The hits are for the suggestion (or near matches): the words as typed found nothing.
    corrected: bool = False


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
        # Stemmed and with the stop words of the article's language ("spanish" for
        # Spanish): articles.languages.search_config.
        Article.objects.filter(pk=article.pk).update(
            search_vector=SearchVector("search_document", config=search_config(article.language))
        )


def clean_query(raw: str | None) -> str:
    text = re.sub(r"[\x00-\x1f\x7f]", " ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def articles_search(*, query: str, limit: int = 20) -> SearchResults:
    """What a reader's words find, best first, with a suggestion when they find nothing."""
    query = clean_query(query)
    if not query:
        return SearchResults()
    variants = query_variants(query, synonyms=search_synonyms())
    if connection.vendor == "postgresql":
        from articles import search_postgres

        return search_postgres.search(variants, limit=limit)
    return _search_simple(variants, limit)


def shown_articles():
    """The rows search may return: what lists show (articles.selectors.articles_public)."""
    return articles_public().only(*HIT_FIELDS)


def search_synonyms() -> list[tuple[str, str, bool]]:
    """The site's synonyms, cached under the catalogue version (a synonym's save starts a
    new one, articles.apps), so a search reads them from memory."""
    key = f"search-synonyms:{catalogue_version()}"
    cached = immutable_get(key)
    if cached is None:
        rows = SearchSynonym.objects.values_list("term", "means", "two_way")
        cached = json.dumps(
            [[term.lower(), means.lower(), two_way] for term, means, two_way in rows]
        )
        immutable_set(key, cached, timeout=SYNONYMS_CACHE_SECONDS)
    return [tuple(row) for row in json.loads(cached)]


def query_variants(query: str, *, synonyms: list[tuple[str, str, bool]]) -> list[str]:
    """The query, then the query with each synonym it contains (as whole words) replaced
    by what it means (and, for a two-way pair, the other way round)."""
    variants = [query]
    for term, means, two_way in synonyms:
        for said, meant in ((term, means), (means, term)) if two_way else ((term, means),):
            pattern = re.compile(rf"(?<!\w){re.escape(said)}(?!\w)", re.IGNORECASE)
            for variant in list(variants):
                rewritten = pattern.sub(lambda _match, meant=meant: meant, variant)
                if rewritten.lower() not in {v.lower() for v in variants}:
                    variants.append(rewritten)
                if len(variants) >= MAX_VARIANTS:
                    return variants
    return variants


def query_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())[:MAX_WORDS]


def suggestion_for(query: str, vocabulary: set[str]) -> str:
    """The query with each word that is not in `vocabulary` replaced by its closest
    vocabulary word, or "" when no word needs (or has) a correction."""
    changed = False
    out = []
    for raw in query.split()[:MAX_WORDS]:
        word = raw.lower()
        if len(word) < 3 or word in vocabulary or not word.isalpha():
            out.append(raw)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=SUGGEST_CUTOFF)
        if close:
            changed = True
            out.append(close[0])
        else:
            out.append(raw)
    return " ".join(out) if changed else ""


def vocabulary_of(articles) -> set[str]:
    """The words a suggestion may use: those of the articles' shown questions and titles,
    and of the site's synonyms (the terms readers look for most)."""
    words = {w for row in search_synonyms() for text in row[:2] for w in query_words(text)}
    for article in articles:
        words.update(query_words(f"{article.public_question} {article.public_title}"))
    return words


def _search_simple(variants: list[str], limit: int) -> SearchResults:
    hits = _simple_hits(variants, limit)
    if hits:
        return SearchResults(hits=hits)
    # Nothing: correct each word against the words of the shown questions and titles.
    vocabulary = vocabulary_of(shown_articles()[:SIMPLE_VOCABULARY_ARTICLES])
    suggestion = suggestion_for(variants[0], vocabulary)
    if not suggestion:
        return SearchResults()
    corrected = query_variants(suggestion, synonyms=search_synonyms())
    return SearchResults(hits=_simple_hits(corrected, limit), suggestion=suggestion, corrected=True)


def _simple_hits(variants: list[str], limit: int) -> list[SearchHit]:
    """Articles in which every word of one of the variants appears (in the live text, or
    the question or title readers see), newest first."""
    matches = Q(pk__in=[])
    for variant in variants:
        every_word = Q()
        for word in variant.split()[:MAX_WORDS]:
            every_word &= (
                Q(search_document__icontains=word)
                | Q(public_question__icontains=word)
                | Q(public_title__icontains=word)
            )
        matches |= every_word
    rows = (
        shown_articles()
        .filter(matches)
        .only(*HIT_FIELDS, "search_document")
        .order_by("-last_updated_at", "public_question")[:limit]
    )
    words = [w for v in variants for w in v.split()[:MAX_WORDS]]
    return [SearchHit(article=a, snippet=snippet_for(document_of(a), words)) for a in rows]


def document_of(article: Article) -> str:
    """The text a snippet is cut from: the live text, else the question and title shown."""
    return article.search_document or f"{article.public_question} {article.public_title}"


def highlight(marked: str) -> SafeString:
    """Escape the snippet, then turn the \\x02…\\x03 markers (which cannot occur in stored
    text: control characters are refused on input) into <mark> elements."""
    return mark_safe(  # noqa: S308 - every piece of text is escaped first
        escape(marked.replace("\n", " ")).replace("\x02", "<mark>").replace("\x03", "</mark>")
    )


def snippet_for(document: str, words: list[str]) -> SafeString:
    flat = " ".join(document.split())
    lowered = flat.lower()
    first = min((lowered.find(w.lower()) for w in words if w.lower() in lowered), default=0)
    start = max(0, flat.rfind(" ", 0, max(0, first - 80)) + 1)
    excerpt = flat[start : start + 240]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"\x02{m.group(0)}\x03", excerpt) if words else excerpt
    prefix = "… " if start else ""
    suffix = " …" if start + 240 < len(flat) else ""
    return highlight(prefix + marked + suffix)
