"""The 41-claim article page's uncached render, in-process (`make bench-render`; also part
of `make bench` through bench/inprocess.py).

Through the whole middleware chain with Django's test client, the production settings
(bench/settings.py) and PostgreSQL, ROUNDS renders of bench/seed.py's article 0 (a lead
claim and 10 sections of 4 claims, three audiences, 15 references) in two cases:

- cold: every cache tier emptied before each request, so the revision's text is rendered
  from its content too (what the first reader of a new revision, in one audience, costs);
- a page-cache miss of a revision already rendered: the page and its ETag columns are
  forgotten (and each request names another host, which is part of the page's key), while
  the revision's text is kept (articles/pagebody.py) as it is after its first reader.
  This is every later miss: the next day's page, a reaffirmation, another host, any
  signed-in editor or reviewer (never served from the page cache).

Prints a table, then one JSON line. With --record, writes it into the last 100-article run
(bench/results/) and regenerates docs/performance.md.

Usage: DJANGO_SETTINGS_MODULE=bench.settings python -m bench.render [--record]
"""

import json
import os
import statistics
import sys
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from articles.pagecache import article_page_forget, local_tier_clear  # noqa: E402

ROUNDS = 41
SLUG = "bench-article-0"
PATH = f"/articles/{SLUG}/?audience=clinician"
CASES = {
    "cold": "uncached render of the 41-claim page, cold (every cache empty)",
    "page_miss": "uncached render of the 41-claim page, its text already rendered",
}


def _get(client: Client, host: str) -> tuple[float, int]:
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start = time.perf_counter()
        response = client.get(PATH, HTTP_HOST=host)
        elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200 or response.get("X-Page-Cache") != "miss":
        raise RuntimeError(f"{PATH} was not rendered ({response.status_code})")
    return elapsed, len(queries)


def render_timings(rounds: int = ROUNDS) -> dict:
    # Each request of the second case is answered under another host name (see above).
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, ".render.bench"]):
        return _timings(rounds)


def _timings(rounds: int) -> dict:
    client = Client()
    # Once first: per-process caches (templates, the Site) fill. Under a host of its own,
    # as `make bench`'s server runs may have left this page in a shared cache (Redis).
    _get(client, f"w{time.time_ns()}.render.bench")
    cases = {}
    for case, label in CASES.items():
        times, queries = [], 0
        for round_no in range(rounds):
            if case == "cold":
                cache.clear()
                local_tier_clear()
                host = "127.0.0.1"
            else:
                article_page_forget(slug=SLUG)
                host = f"r{time.time_ns()}-{round_no}.render.bench"
            elapsed, queries = _get(client, host)
            times.append(elapsed)
        cases[case] = {
            "label": label,
            "median_ms": round(statistics.median(times), 2),
            "min_ms": round(min(times), 2),
            "queries": queries,
        }
    return {"rounds": rounds, "load": os.getloadavg()[0], "cases": cases}


def record(render: dict) -> None:
    from pathlib import Path

    from bench import report

    run = report.load_result(report.SMALL_SIZE)
    if run is None:
        sys.exit("bench.render: no 100-article run to add to; run `make bench` first.")
    run["render"] = render
    report.save_result(run)
    path = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
    path.write_text(report.render_document(), encoding="utf-8")
    print(f"bench.render: wrote {path}", file=sys.stderr)


def create_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    if "--create-database" in sys.argv:
        create_database()
        return
    render = render_timings()
    print(f"The 41-claim page, {render['rounds']} renders each (load {render['load']:.1f}):")
    for case in render["cases"].values():
        print(
            f"  {case['label']:70} median {case['median_ms']:6.2f} ms  "
            f"fastest {case['min_ms']:6.2f}  queries {case['queries']}"
        )
    print(json.dumps(render))
    if "--record" in sys.argv:
        record(render)


if __name__ == "__main__":
    main()
