"""EXPLAIN every query the product runs for its pages, on the bench database (PostgreSQL),
and fail when a plan reads a large table sequentially.

Rather than a hand-kept list of queries that would drift from the code, it requests every
list and detail page readers, editors, reviewers, auditors and API clients use (with
empty caches, so the full path runs) plus the scheduled jobs' reads, records each SELECT
with its parameters, and asks PostgreSQL for the plan of each distinct one.

Usage: DJANGO_SETTINGS_MODULE=bench.settings python -m bench.explain
Prints each plan, then one JSON line for bench/run.py; exits 1 on a sequential scan of a
table with more than LARGE_ROWS rows.
"""

import json
import sys
from datetime import timedelta
from io import StringIO

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Claim, ReaderQuestion, Revision  # noqa: E402
from articles.services import claim_update  # noqa: E402
from bench.inprocess import PASSWORD, _user, bench_article  # noqa: E402
from references.models import Reference  # noqa: E402
from references.usage import reference_where_used  # noqa: E402
from reviews.workflow import revision_submit  # noqa: E402

LARGE_ROWS = 10_000
HOST = "127.0.0.1"


def fixtures() -> dict:
    """Whom and what the pages are requested as and about: the in-process article (a
    200-claim working copy with revisions; created here when bench.inprocess has not
    run), a revision in review, reader questions and a staff auditor."""

    editor = _user("bench-inproc-editor", groups=["Editors"])
    reviewer = _user("bench-inproc-reviewer-0", board=True)
    auditor, created = User.objects.get_or_create(
        username="bench-auditor", defaults={"is_staff": True}
    )
    if created:
        auditor.set_password(PASSWORD)
        auditor.save()
    article = Article.objects.filter(slug__startswith="bench-inprocess-").order_by("-pk").first()
    if article is None:
        article = bench_article("bench-inprocess-explain", owner=editor)
    revision = Revision.objects.filter(
        article=article, state__in=["submitted", "under_review"]
    ).first()
    if revision is None:
        claim = Claim.objects.filter(section__article=article).order_by("pk").first()
        claim_update(
            claim=claim,
            actor=editor,
            text=claim.text + " (checked)",
            evidence=claim.evidence,
            no_citation_needed=claim.no_citation_needed,
        )
        revision = revision_submit(
            article=article, actor=editor, comment="Open for the EXPLAIN checks"
        )
    if not ReaderQuestion.objects.exists():
        for i in range(3):
            question = ReaderQuestion(article=article, audience="patient", text=f"Question {i}?")
            question._history_user = editor
            question.save()
    return {
        "editor": editor,
        "reviewer": reviewer,
        "auditor": auditor,
        "article": article,
        "revision": revision,
    }


def pages(f: dict) -> list[tuple[User | None, str]]:
    slug, article = f["article"].slug, f["article"]
    week_ago = (timezone.now() - timedelta(days=7)).date().isoformat()
    live = Article.objects.filter(slug="bench-article-0").first() or article
    return [
        (None, "/"),
        (None, "/?page=2"),
        (None, f"/articles/{live.slug}/?audience=clinician"),
        (None, f"/articles/{live.slug}/"),
        (None, "/search/?q=ibuprofen+guideline"),
        (None, "/search/?q=sciatica"),
        # A synonym (backache -> back pain), and a typo: the trigram near-match path.
        (None, "/search/?q=backache"),
        (None, "/search/?q=sciatika+qwzx"),
        (None, "/sitemap.xml"),
        (None, "/sitemap-articles.xml"),
        (None, "/feeds/approved.rss"),
        (None, "/feeds/approved.atom"),
        (None, "/board/"),
        (None, "/api/v1/articles/"),
        (None, "/api/v1/articles/?specialty=neurology"),
        (None, f"/api/v1/articles/?updated_since={week_ago}"),
        (None, f"/api/v1/articles/{live.slug}/"),
        (f["editor"], "/editor/"),
        (f["editor"], "/editor/questions/"),
        (f["editor"], "/editor/references/?q=benchmark+source+7:"),
        (f["editor"], f"/editor/articles/{slug}/"),
        (f["editor"], f"/editor/articles/{slug}/preview/"),
        (f["editor"], f"/editor/articles/{slug}/history/"),
        (f["editor"], "/api/v1/references/"),
        (f["editor"], f"/api/v1/articles/{slug}/revisions/"),
        (f["editor"], f"/api/v1/articles/{slug}/revisions/1/"),
        (f["reviewer"], "/review/"),
        (f["reviewer"], f"/review/revisions/{f['revision'].pk}/"),
        (f["auditor"], "/audit/"),
        (f["auditor"], f"/audit/articles/{article.pk}/"),
        (f["auditor"], f"/audit/users/{f['editor'].username}/"),
        (f["auditor"], "/audit/reports/"),
    ]


def record(queries: list):
    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            queries.append((context["connection"].alias, sql, params))
        return execute(sql, params, many, context)

    return wrapper


def capture(f: dict) -> list[tuple[str, str, tuple]]:
    """(where from, sql, params) of every SELECT the pages and jobs ran."""
    seen: dict[str, tuple[str, str, tuple]] = {}
    for user, url in pages(f):
        client = Client()
        if user is not None:
            # force_login's request has no client address for django-axes to record.
            with override_settings(AXES_ENABLED=False):
                client.force_login(user)
        cache.clear()
        queries: list = []
        with connection.execute_wrapper(record(queries)):
            response = client.get(url, HTTP_HOST=HOST)
        if response.status_code >= 400:
            raise RuntimeError(f"{url} answered {response.status_code}")
        for _, sql, params in queries:
            seen.setdefault(sql, (url, sql, params))
    jobs = {
        "review_due": lambda: call_command("review_due", stdout=StringIO()),
        "reference_where_used": lambda: reference_where_used(
            reference=Reference.objects.order_by("pk").first()
        ),
    }
    for name, job in jobs.items():
        queries = []
        with connection.execute_wrapper(record(queries)):
            job()
        for _, sql, params in queries:
            seen.setdefault(sql, (name, sql, params))
    return list(seen.values())


def large_tables() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace AND reltuples > %s",
            [LARGE_ROWS],
        )
        return dict(cursor.fetchall())


def _seq_scans(plan: dict) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan":
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += _seq_scans(child)
    return found


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("bench.explain needs PostgreSQL (BENCH_DATABASE_URL / DATABASE_URL).")
    f = fixtures()
    queries = capture(f)
    large = large_tables()
    offending = []
    with connection.cursor() as cursor:
        for source, sql, params in queries:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
            plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
            scans = sorted({t for t in _seq_scans(plan) if t in large})
            cursor.execute("EXPLAIN " + sql, params)
            text = "\n".join(row[0] for row in cursor.fetchall())
            verdict = f"SEQUENTIAL SCAN of {', '.join(scans)}" if scans else "ok"
            print(f"--- {source}: {verdict}\n{sql[:400]}\n{text}\n")
            if scans:
                offending.append(f"{source}: {', '.join(scans)}")
    print(
        f"EXPLAIN: {len(queries)} distinct queries; large tables (> {LARGE_ROWS:,} rows): "
        f"{', '.join(sorted(large)) or 'none'}; sequential scans of them: {len(offending)}"
    )
    print(
        json.dumps(
            {
                "checked": len(queries),
                "large_rows": LARGE_ROWS,
                "large_tables": sorted(large),
                "sequential_scans": offending,
            }
        )
    )
    if offending:
        sys.exit(1)


if __name__ == "__main__":
    main()
