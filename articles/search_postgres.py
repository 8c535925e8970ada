"""Search on PostgreSQL (articles.search says what is searched and why).

Finding the matches is an index scan whatever the library's size: the live text's stored
vector (GIN, migration 0005) OR the shown question and title's vector (a GIN expression
index, migration 0012), and, when the words find nothing, trigrams of the question and
title (GIN gin_trgm_ops, migration 0012). bench/explain.py checks the plans at 100,000
articles."""

import re

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import Coalesce, Greatest, Least, NullIf, StrIndex, Substr

from articles.languages import languages
from articles.search import (
    SNIPPET_WORDS,
    SearchHit,
    SearchResults,
    highlight,
    query_variants,
    search_synonyms,
    shown_articles,
    snippet_for,
    suggestion_for,
    vocabulary_of,
)

# Characters of the document around the first mention of the query that the snippet is
# built from. ts_headline parses all the text it is given, and a whole article (every
# audience) is tens of kilobytes: parsing 20 of them was most of a search's time.
SNIPPET_WINDOW = 1500
SNIPPET_LEAD_IN = 300
# A match in the question or title a reader sees counts this much more than one in the text.
LISTING_WEIGHT = 2.0


def listing_vector() -> SearchVector:
    """The expression migration 0012 indexes: keep the two identical."""
    return SearchVector("public_question", "public_title", config="english")


def search(variants: list[str], *, limit: int) -> SearchResults:
    hits = _ranked(variants, limit)
    if hits:
        return SearchResults(hits=hits)
    # Nothing: questions and titles that nearly match, and a correction of each word
    # from their words and the synonyms'.
    near = _near_matches(variants[0], limit)
    suggestion = suggestion_for(variants[0], vocabulary_of(near))
    if suggestion:
        hits = _ranked(query_variants(suggestion, synonyms=search_synonyms()), limit)
    if not hits:
        words = variants[0].split()
        hits = [SearchHit(article=a, snippet=snippet_for(_listing_text(a), words)) for a in near]
    if not hits and not suggestion:
        return SearchResults()
    return SearchResults(hits=hits, suggestion=suggestion, corrected=True)


def _tsquery(variants: list[str]) -> SearchQuery:
    """Each variant in each of the site's languages' configurations: an article's text is
    stored stemmed in its own language (articles.search.search_vector_refresh), and the
    reader's words may be in any of them ("dolor de espalda" finds the Spanish article)."""
    configs = list(dict.fromkeys(["english", *(x.search_config for x in languages())]))
    query = None
    for variant in variants:
        for config in configs:
            term = SearchQuery(variant, config=config, search_type="websearch")
            query = term if query is None else query | term
    return query


def _ranked(variants: list[str], limit: int) -> list[SearchHit]:
    query = _tsquery(variants)
    # Rank on the stored vector (an F() expression: given a field name, SearchRank would
    # rebuild a vector from its text on every row), plus the question and title's.
    text_rank = Coalesce(
        SearchRank(F("search_vector"), query), Value(0.0), output_field=FloatField()
    )
    articles = shown_articles().annotate(listing=listing_vector())
    top = list(
        articles.filter(Q(search_vector=query) | Q(listing=query))
        .annotate(rank=text_rank + SearchRank(F("listing"), query) * LISTING_WEIGHT)
        .order_by("-rank", "public_question")
        .values_list("pk", flat=True)[:limit]
    )
    if not top:
        return []
    window = Substr(
        "search_document",
        Greatest(_first_mention(_snippet_needle(variants[0])) - SNIPPET_LEAD_IN, Value(1)),
        SNIPPET_WINDOW,
    )
    rows = (
        shown_articles()
        .filter(pk__in=top)
        .annotate(
            headline=SearchHeadline(
                window,
                query,
                config="english",
                start_sel="\x02",
                stop_sel="\x03",
                max_words=SNIPPET_WORDS,
                min_words=15,
                max_fragments=2,
            )
        )
    )
    by_pk = {a.pk: a for a in rows}
    words = [w for v in variants for w in v.split()]
    return [_hit(by_pk[pk], words) for pk in top]


def _hit(article, words: list[str]) -> SearchHit:
    if article.headline:
        return SearchHit(article=article, snippet=highlight(article.headline))
    # In review, with no live text yet: the question and title readers are shown.
    return SearchHit(article=article, snippet=snippet_for(_listing_text(article), words))


def _listing_text(article) -> str:
    return f"{article.public_question} {article.public_title}"


def _near_matches(query: str, limit: int) -> list:
    """Articles whose shown question or title contains a stretch of text like the query
    (pg_trgm's word similarity, over its default threshold of 0.6), most similar first."""
    similarity = Greatest(
        TrigramWordSimilarity(query, "public_question"),
        TrigramWordSimilarity(query, "public_title"),
    )
    return list(
        shown_articles()
        .filter(
            Q(TrigramWordSimilar(F("public_question"), query))
            | Q(TrigramWordSimilar(F("public_title"), query))
        )
        .annotate(similarity=similarity)
        .order_by("-similarity", "public_question")[:limit]
    )


def _first_mention(needle: str):
    """Where the document first mentions `needle` (lower case) as written, or capitalised
    as at the start of a sentence; 0 when it does not. Not strpos(lower(document)):
    lower-casing a whole article in UTF-8 was most of a search's database time (12 of 18
    ms for 20 hits at 100,000 articles), while two plain searches cost a fraction of one."""
    if not needle:
        return Value(0)
    found = [
        NullIf(StrIndex("search_document", Value(form)), Value(0))
        for form in dict.fromkeys((needle, needle.capitalize()))
    ]
    return Coalesce(Least(*found) if len(found) > 1 else found[0], Value(0))


def _snippet_needle(query: str) -> str:
    """Where the snippet window starts: the first query word, cut to a prefix that its
    usual inflections share ("guidelines" finds "guideline"). Not found, the window is the
    document's beginning, and the headline still marks whatever matches there."""
    for raw in query.lower().split():
        word = re.sub(r"\W", "", raw)
        if len(word) >= 3 and word != "or" and not raw.startswith("-"):
            return word[: max(4, len(word) - 2)]
    return ""
