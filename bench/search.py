"""Search at scale, one reader at a time (`make bench-search`).

Seeds BENCH_SEARCH_ARTICLES (default 100,000) approved articles into a database of the
bench's own, then times the search page in-process for the cases issue 18 names (a
question matched, a synonym, a typo answered with "Did you mean") and two for scale (a
drug named in 30 articles, a condition named in 2% of them), on PostgreSQL with pg_trgm.

This is a bench database, seeded for search only, not through the product's services:
- Each article row gets what search reads (the public question, title and specialty, the
  live text's search_document and its tsvector, the dates) and a live revision whose
  content holds the question and title only. The text is bench/seed.py's vocabulary,
  about 24 kB an article in three audiences as there; 1,030 distinct texts are written
  and their vectors computed once, each shared by the articles of the same condition and
  drug (the first 30, which name ibuprofen, have one each), and joined in the database.
- No history rows, working copies, references or workflow events: search reads none of
  them, and writing them was what made the 100,000-article seeding of `make bench-scale`
  take ten minutes. The article table's secondary indexes are dropped during the load
  and built again after it, as a restore would.
- The two articles the cases are about are the demo's (`manage.py load_demo`: the
  upper-back-pain article, approved, and the sore-throat one, in review, which the site
  shows with its caution), written through the real workflow with their history.

Each search is a new request for words already searched (the results page is rendered,
not taken from the results cache: every request names another host, which is part of the
cache key); ROUNDS of each, reporting the median and the fastest.

Usage: DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.search
[N] [--record]. `make bench-search` creates the database, migrates it, and records the run
in bench/results/search-N.json and docs/performance.md.
"""

import hashlib
import html
import json
import os
import re
import statistics
import sys
import time
from datetime import timedelta

# Every request is answered under another host name (see above).
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,.search.bench"

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article  # noqa: E402
from bench.seed import (  # noqa: E402
    AUDIENCE_TEXTS,
    CONDITIONS,
    DRUGS,
    SPECIALTIES,
    SPECIFIC_ARTICLES,
    SPECIFIC_DRUG,
    dates_for,
    sentence,
)

ROUNDS = 41
SLUG = "bench-search-"
# One text per (condition, drug) pair: 50 conditions and 20 drugs repeat every 100 articles,
# so 1,000 texts spread each pair's articles over ten.
TEXTS = 1000
CASES = (
    ("question match: sore throat (the article in review)", "sore throat"),
    ("synonym: backache (back pain)", "backache"),
    ("typo: sore thraot (Did you mean)", "sore thraot"),
    ("two-way synonym: paracetamol (acetaminophen, 5% of articles)", "paracetamol"),
    ("specific: ibuprofen guideline (30 articles)", "ibuprofen guideline"),
    ("broad: sciatica (2% of articles)", "sciatica"),
)
TARGET_MS = 20
FIRST_HIT = re.compile(r'<li>\s*<h3><a href="[^"]*">([^<]*)</a>')


def text_of(seed: int, condition: str, drug: str) -> str:
    """An article's text as search_document_for writes it (headings, then every claim in
    every audience), without the question and title: bench/seed.py's 41 claims."""
    parts = []
    claim_no = 0
    for s in range(11):
        if s:
            parts.append(f"Section {s}")
        for _ in range(1 if s == 0 else 4):
            claim_no += 1
            words = (condition, drug) if claim_no % 5 == 1 else (condition,)
            parts.append(sentence(seed + claim_no, 30, words))
            for n, _audience in enumerate(AUDIENCE_TEXTS, start=1):
                parts.append(sentence(seed + claim_no + n, 18 + 6 * n, words))
    return "\n".join(parts)


def text_index(i: int) -> int:
    return TEXTS + i if i < SPECIFIC_ARTICLES else i % TEXTS


def topic(i: int) -> tuple[str, str]:
    drug = SPECIFIC_DRUG if i < SPECIFIC_ARTICLES else DRUGS[i % len(DRUGS)]
    return CONDITIONS[i % len(CONDITIONS)], drug


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's indexes that back no constraint."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.tablename = %s AND NOT EXISTS (
            SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """,
        [table],
    )
    return cursor.fetchall()


def seed(n: int) -> float:
    """Seed n articles (unless already there); returns the seconds it took."""
    start = time.perf_counter()
    if Article.objects.filter(slug__startswith=SLUG).count() == n:
        return 0.0
    if Article.objects.filter(slug__startswith=SLUG).exists():
        sys.exit(f"bench.search: the database holds another number of {SLUG}* articles")
    owner = User.objects.get_or_create(username="bench-editor-0")[0]
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_text (k int PRIMARY KEY, doc text, vec tsvector)")
        texts = [(k, text_of(k, *topic(k + SPECIFIC_ARTICLES))) for k in range(TEXTS)]
        texts += [(TEXTS + i, text_of(i, *topic(i))) for i in range(SPECIFIC_ARTICLES)]
        _copy(cursor, "bench_text", ["k", "doc"], texts)
        cursor.execute("UPDATE bench_text SET vec = to_tsvector('english', doc)")
        indexes = _secondary_indexes(cursor, "articles_article")
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SELECT coalesce(max(id), 0) FROM articles_article")
        first_article = cursor.fetchone()[0] + 1
        cursor.execute("SELECT coalesce(max(id), 0) FROM articles_revision")
        first_revision = cursor.fetchone()[0] + 1
        rows = [_row(i, first_article + i, first_revision + i, now, owner.pk) for i in range(n)]
        _copy(cursor, "articles_revision", REVISION_COLUMNS, (r["revision"] for r in rows))
        cursor.execute(
            """CREATE TEMP TABLE bench_article (id bigint, slug text, question text,
            title text, specialty text, k int, updated timestamptz, reviewed timestamptz,
            due date, revision bigint)"""
        )
        _copy(cursor, "bench_article", ARTICLE_COLUMNS, (r["article"] for r in rows))
        cursor.execute(
            """
            INSERT INTO articles_article (id, slug, question, title, specialty, origin,
                language, published_at, last_updated_at, last_reviewed_at, next_review_due,
                created_at, updated_at, owner_id, live_revision_id, search_document,
                search_vector, public_origin, public_question, public_specialty,
                public_title, draft_change_summary)
            SELECT a.id, a.slug, a.question, a.title, a.specialty, 'human', %s, a.updated,
                a.updated, a.reviewed, a.due, a.updated, a.updated, %s, a.revision,
                a.question || E'\\n' || a.title || E'\\n' || t.doc,
                to_tsvector('english', a.question || E'\\n' || a.title) || t.vec,
                'human', a.question, a.specialty, a.title, ''
            FROM bench_article a JOIN bench_text t ON t.k = a.k
            """,
            [Article._meta.get_field("language").get_default(), owner.pk],
        )
        for table in ("articles_article", "articles_revision"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
        # The deferred foreign-key checks now: an index cannot be built under pending ones.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _name, definition in indexes:
            cursor.execute(definition)
    return time.perf_counter() - start


REVISION_COLUMNS = [
    "id",
    "number",
    "content",
    "content_hash",
    "state",
    "comment",
    "submitted_at",
    "author_ids",
    "decided_at",
    "reviewers",
    "article_id",
    "submitted_by_id",
    "change_type",
    "all_claims_checked",
    "public_summary",
]
ARTICLE_COLUMNS = [
    "id",
    "slug",
    "question",
    "title",
    "specialty",
    "k",
    "updated",
    "reviewed",
    "due",
    "revision",
]


def _row(i: int, article_id: int, revision_id: int, now, owner_id: int) -> dict:
    condition, drug = topic(i)
    slug = f"{SLUG}{i}"
    question = f"What helps {condition}? Benchmark question {i}"
    title = f"Benchmark article {i}: {condition} and {drug}"
    specialty = SPECIALTIES[i % len(SPECIALTIES)].replace("-", " ")
    content = {
        "schema": 1,
        "slug": slug,
        "question": question,
        "title": title,
        "specialty": specialty,
        "origin": "human",
        "sections": [],
        "references": {},
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    dates = dates_for(i, now)
    decided = dates["last_updated_at"]
    return {
        "revision": (
            revision_id,
            1,
            canonical,
            hashlib.sha256(canonical.encode()).hexdigest(),
            "approved",
            "Search bench seed",
            decided - timedelta(days=1),
            "[]",
            decided,
            "[]",
            article_id,
            owner_id,
            "",
            False,
            "",
        ),
        "article": (
            article_id,
            slug,
            question,
            title,
            specialty,
            text_index(i),
            decided,
            dates["last_reviewed_at"],
            dates["next_review_due"],
            revision_id,
        ),
    }


def measure(query: str) -> dict:
    """ROUNDS searches for `query`, each rendered (no cached page can answer it)."""
    client = Client()
    times, cpu = [], []
    for round_no in range(ROUNDS):
        host = f"r{time.time_ns()}-{round_no}.search.bench"
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get("/search/", {"q": query}, HTTP_HOST=host)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if response.status_code != 200 or response.get("X-Page-Cache") != "miss":
            raise RuntimeError(f"search for {query!r} was not rendered ({response.status_code})")
    body = response.content.decode()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "p90_ms": round(statistics.quantiles(times, n=10)[-1], 1),
        # This process's own CPU time: the app's share, which a loaded machine's waits for
        # a core (and for the database's process) do not inflate.
        "app_cpu_p50_ms": round(statistics.median(cpu), 1),
        "results": len(FIRST_HIT.findall(body)),
        "first": html.unescape(FIRST_HIT.findall(body)[0]) if FIRST_HIT.search(body) else "",
        "did_you_mean": "Did you mean" in body,
    }


def create_database() -> None:
    """Create the bench's database when it does not exist yet (it is kept between runs:
    seeding is done once)."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def record(result: dict) -> None:
    from pathlib import Path

    from bench import report

    report.save_search_result(result)
    path = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
    path.write_text(report.render_document(), encoding="utf-8")
    print(f"bench.search: wrote {path}", file=sys.stderr)


def main() -> None:
    if "--create-database" in sys.argv:
        create_database()
        return
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    n = int(numbers[0]) if numbers else int(os.environ.get("BENCH_SEARCH_ARTICLES", "100000"))
    if connection.vendor != "postgresql":
        sys.exit("bench.search needs PostgreSQL (DATABASE_URL)")
    load = os.getloadavg()[0]
    seconds = seed(n)
    call_command("load_demo", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE articles_article")
    total = Article.objects.count()
    print(f"{total:,} articles ({n:,} seeded in {seconds:.0f} s; 0 when already seeded)")
    print(f"load average: {load:.1f} before, {os.getloadavg()[0]:.1f} now")
    results = []
    for name, query in CASES:
        measure(query)  # once first: per-process caches (synonyms, catalogue) fill
        r = {"name": name, **measure(query)}
        results.append(r)
        print(
            f"  {name:64} p50 {r['p50_ms']:6.1f} ms  min {r['min_ms']:6.1f}  "
            f"p90 {r['p90_ms']:6.1f}  app CPU {r['app_cpu_p50_ms']:5.1f}  results {r['results']}"
            + ("  (Did you mean)" if r["did_you_mean"] else "")
            + (f"; first: {r['first']}" if r["first"] else "")
        )
    result = {
        "articles": total,
        "seeded": n,
        "seed_seconds": round(seconds),
        "when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"),
        "load_before": load,
        "load_after": os.getloadavg()[0],
        "rounds": ROUNDS,
        "cases": results,
    }
    print(json.dumps(result))
    if "--record" in sys.argv:
        record(result)


if __name__ == "__main__":
    main()
