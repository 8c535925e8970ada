"""Server time of the editors' desk on a 200-claim article, through the whole Django stack
(middleware, the view, the template) in-process on the bench database: opening the desk,
opening one claim in place, saving one claim in place (htmx), and citing a source in
place. Median of ROUNDS requests each; every save is committed and checked against a fresh
version token, as the browser's would be.

Prints a table, then one JSON line for bench/run.py. With --record (`make bench-desk`),
also writes the result into the last 100-article run (bench/results/) and regenerates
docs/performance.md, without the slower server measurements.

Usage: DJANGO_SETTINGS_MODULE=bench.settings python -m bench.desk [--record]
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

import django

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.models import Claim  # noqa: E402
from articles.versions import claim_versions  # noqa: E402
from bench.inprocess import _user, bench_article  # noqa: E402
from references.models import Reference  # noqa: E402

ROUNDS = 20
# docs/performance.md and issue #17: what an editor must never wait longer than.
TARGETS_MS = {"open the desk": 300.0, "save a claim in place": 50.0}
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HOST": "127.0.0.1"}


def _timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    response = call()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{response.request['PATH_INFO']} answered {response.status_code}")
    return elapsed, response


def desk_timings(client: Client, article) -> dict[str, list[float]]:
    slug = article.slug
    claim_ids = list(
        Claim.objects.filter(section__article=article).order_by("pk").values_list("pk", flat=True)
    )
    spare = Reference.objects.filter(title__startswith="In-process source").order_by("pk")
    timings = {name: [] for name in ("open the desk", "open a claim", "save a claim in place")}
    timings["cite a source in place"] = []
    page = reverse("editor:article", args=[slug])
    client.get(page, HTTP_HOST="127.0.0.1")  # the session and the content types, once
    for n in range(ROUNDS):
        ms, _ = _timed(lambda: client.get(page, HTTP_HOST="127.0.0.1"))
        timings["open the desk"].append(ms)

        pk = claim_ids[(n * 37) % len(claim_ids)]
        url = reverse("editor:claim-save", args=[slug, pk])
        ms, _ = _timed(lambda url=url: client.get(url, {"edit": "1"}, **HTMX))
        timings["open a claim"].append(ms)

        claim = Claim.objects.get(pk=pk)
        data = {
            "text": f"{claim.text.split(' (desk')[0]} (desk {n})",
            "evidence": "moderate",
            "text_patient": f"Plain words, desk edit {n}.",
            "text_student": f"For students, desk edit {n}.",
            "version": claim_versions([pk])[pk],
        }
        ms, _ = _timed(lambda url=url, data=data: client.post(url, data, **HTMX))
        timings["save a claim in place"].append(ms)

        cite = reverse("editor:citation-add", args=[slug, pk])
        reference = spare.exclude(citations__claim=claim).first()
        ms, _ = _timed(
            lambda cite=cite, reference=reference: client.post(
                cite, {"reference": reference.pk}, **HTMX
            )
        )
        timings["cite a source in place"].append(ms)
    return timings


def main() -> None:
    editor = _user("bench-desk-editor", groups=["Editors"])
    slug = f"bench-desk-{int(time.time())}"
    article = bench_article(slug, owner=editor)
    claims = Claim.objects.filter(section__article=article).count()
    client = Client()
    client.force_login(editor)
    timings = desk_timings(client, article)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    print(f"The editors' desk, {claims}-claim article, median of {ROUNDS} (ms, server time):")
    for name, value in medians.items():
        print(f"  {name:40} {value:8.1f}")
    result = {
        "timings_ms": medians,
        "claims": claims,
        "targets_ms": TARGETS_MS,
        "rounds": ROUNDS,
        "load": os.getloadavg()[0],
    }
    print(json.dumps(result))
    if "--record" in sys.argv:
        record(result)


def record(desk: dict) -> None:
    from bench import report

    run = report.load_result(report.SMALL_SIZE)
    if run is None:
        sys.exit("bench.desk: no 100-article run to add to; run `make bench` first.")
    run["desk"] = desk
    report.save_result(run)
    path = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
    path.write_text(report.render_document(), encoding="utf-8")
    print(f"bench.desk: wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # the runner reads the exit code; say what broke
        print(f"bench.desk failed: {exc!r}", file=sys.stderr)
        raise
