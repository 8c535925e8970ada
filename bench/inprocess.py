"""In-process timings of the editorial writes on a 200-claim article, through the real
service functions (articles.services, reviews.workflow) on the bench database: an editor
saving a claim form, a submission (which snapshots the working copy), and an approval.
Median of ROUNDS full cycles (edit, submit, start review, approve), each committed.

Also counts the SQL queries of a cold (uncached) public article page for a 41-claim and a
200-claim article: the count must not grow with the article; and times the 41-claim
page's uncached render (bench/render.py).

Prints a table, then one JSON line for bench/run.py.

Usage: DJANGO_SETTINGS_MODULE=bench.settings python -m bench.inprocess
"""

import json
import statistics
import sys
import time

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from articles.documents import article_import  # noqa: E402
from articles.models import Claim  # noqa: E402
from articles.services import claim_update  # noqa: E402
from articles.versions import claim_versions  # noqa: E402
from bench.render import render_timings  # noqa: E402
from reviews.models import BoardMember  # noqa: E402
from reviews.workflow import (  # noqa: E402
    revision_approve,
    revision_start_review,
    revision_submit,
)

ROUNDS = 20
SECTIONS, CLAIMS_PER_SECTION = 10, 20  # 200 claims
PASSWORD = "bench-only-password-7c1e"
# Ten signatures per person per ten minutes (reviews.workflow.SIGNING_RATE): three
# reviewers take turns.
REVIEWERS = 3


def _user(username: str, *, groups=(), board=False) -> User:
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(PASSWORD)
        user.save()
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        if board:
            member = BoardMember(
                user=user,
                display_name=f"Bench {username}",
                credentials="MD",
                slug=username,
                specialties=["Benchmarks"],
                disclosures="None declared",
            )
            member._history_user = user
            member._change_reason = "Benchmark set-up"
            member.save()
    return user


def bench_article(slug: str, *, owner):
    """The 200-claim document imported; its specialty is added to the site's managed list
    first, as an admin would (the import refuses a specialty the list lacks)."""
    from articles.models import Specialty

    Specialty.objects.get_or_create(name="Benchmarks")
    return article_import(text=document(slug), owner=owner)


def document(slug: str) -> str:
    refs = "\n".join(
        f"  - id: inproc-{i}\n    type: article-journal\n    title: In-process source {i}\n"
        f"    container-title: Journal of Benchmarks\n"
        f"    issued: {{date-parts: [[{2020 + i % 5}]]}}\n"
        f"    DOI: 10.5555/inproc.{i}"
        for i in range(15)
    )
    lines = [
        "---",
        f"question: How fast is a 200-claim article? ({slug})",
        f"slug: {slug}",
        "specialty: Benchmarks",
        "references:",
        refs,
        "---",
        "",
        "A lead claim that summarises the evidence. [@inproc-0]",
        "",
        "patient: A plain summary.",
        "",
    ]
    for s in range(SECTIONS):
        lines += [f"## Section {s + 1}", ""]
        for c in range(CLAIMS_PER_SECTION):
            cited = "; ".join(f"@inproc-{(s * 7 + c + k) % 15}" for k in range(2))
            lines.append(
                f"- Claim {s + 1}.{c + 1}: treatment helps most adults within weeks. [{cited}]"
                " {evidence=moderate}"
            )
            lines.append(f"  - patient: Claim {s + 1}.{c + 1} in plain words.")
            lines.append(f"  - student: Claim {s + 1}.{c + 1} for students.")
        lines.append("")
    return "\n".join(lines)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def cycle_timings(article, editor, reviewers) -> dict[str, list[float]]:
    timings = {
        "editor save": [],
        "submission": [],
        "start review": [],
        "approval": [],
        "password hash (check_password)": [],
        "approval without the password hash": [],
    }
    claim_ids = list(
        Claim.objects.filter(section__article=article).order_by("pk").values_list("pk", flat=True)
    )
    for n in range(ROUNDS):
        claim = Claim.objects.get(pk=claim_ids[(n * 37) % len(claim_ids)])
        version = claim_versions([claim.pk])[claim.pk]
        start = time.perf_counter()
        claim_update(
            claim=claim,
            actor=editor,
            text=f"{claim.text.split(' (edit')[0]} (edit {n})",
            evidence="moderate",
            no_citation_needed=False,
            texts={"patient": f"Plain words, edit {n}.", "student": f"For students, edit {n}."},
            version=version,
        )
        timings["editor save"].append(_ms(start))

        start = time.perf_counter()
        revision = revision_submit(article=article, actor=editor, comment=f"Edit {n}")
        timings["submission"].append(_ms(start))

        reviewer = reviewers[n % len(reviewers)]
        start = time.perf_counter()
        revision_start_review(revision=revision, actor=reviewer)
        timings["start review"].append(_ms(start))

        start = time.perf_counter()
        revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
        approval = _ms(start)
        timings["approval"].append(approval)
        # The approval re-checks the signer's password with the production hasher, slow
        # on purpose; timed alone right after, so the rest of the approval shows too.
        start = time.perf_counter()
        reviewer.check_password(PASSWORD)
        hashing = _ms(start)
        timings["password hash (check_password)"].append(hashing)
        timings["approval without the password hash"].append(approval - hashing)
    return timings


def page_queries(slugs: dict[str, str]) -> dict[str, int]:
    client = Client()
    counts = {}
    for label, slug in slugs.items():
        cache.clear()
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(f"/articles/{slug}/?audience=clinician", HTTP_HOST="127.0.0.1")
        if response.status_code != 200:
            raise RuntimeError(f"/articles/{slug}/ answered {response.status_code}")
        counts[label] = len(queries)
    return counts


def main() -> None:
    editor = _user("bench-inproc-editor", groups=["Editors"])
    reviewers = [_user(f"bench-inproc-reviewer-{k}", board=True) for k in range(REVIEWERS)]
    slug = f"bench-inprocess-{int(time.time())}"
    article = bench_article(slug, owner=editor)
    claims = Claim.objects.filter(section__article=article).count()
    timings = cycle_timings(article, editor, reviewers)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    queries = page_queries({"41 claims": "bench-article-0", f"{claims} claims": slug})
    render = render_timings()

    print(f"In-process, {claims}-claim article, median of {ROUNDS} (ms):")
    for name, value in medians.items():
        print(f"  {name:40} {value:8.1f}")
    print("SQL queries of an uncached public article page: " + json.dumps(queries))
    for case in render["cases"].values():
        print(f"{case['label']}: {case['median_ms']:.1f} ms (median of {render['rounds']})")
    result = {"timings_ms": medians, "page_queries": queries, "claims": claims}
    print(json.dumps({**result, "render": render}))


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # the runner reads the exit code; say what broke
        print(f"bench.inprocess failed: {exc!r}", file=sys.stderr)
        raise
