"""Seed N realistic approved articles for benchmarks: 10 sections x 4 claims, texts in
three audiences, 15 references each, an approved revision each. Bulk inserts go through
simple-history's bulk_create_with_history so the history stays complete.

Usage: DJANGO_SETTINGS_MODULE=bench.settings python -m bench.seed N
"""

import sys
import uuid
from datetime import timedelta

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.contrib.postgres.search import SearchVector  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from simple_history.utils import (  # noqa: E402
    bulk_create_with_history,
    bulk_update_with_history,
)

from articles.models import Article, Revision  # noqa: E402
from articles.search import search_document_for  # noqa: E402
from articles.snapshot import content_hash  # noqa: E402
from references.models import Reference  # noqa: E402

WORDS = [
    "pain",
    "relief",
    "activity",
    "heat",
    "guideline",
    "evidence",
    "dose",
    "patients",
    "acute",
    "chronic",
    "therapy",
    "exercise",
    "medication",
    "risk",
    "benefit",
    "trial",
    "review",
    "treatment",
    "spine",
    "muscle",
    "relaxant",
    "ibuprofen",
    "naproxen",
    "acetaminophen",
    "imaging",
    "referral",
    "symptoms",
    "recovery",
]
BATCH = 500


def sentence(seed: int, words: int = 24) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(words)).capitalize() + "."


def references(n_refs: int) -> list[Reference]:
    existing = list(Reference.objects.filter(citekey__startswith="bench-ref-")[:n_refs])
    if len(existing) == n_refs:
        return existing
    refs = [
        Reference(
            citekey=f"bench-ref-{i}",
            csl_type="article-journal",
            genre="Systematic review",
            title=f"Benchmark source {i}: {sentence(i, 8)}",
            authors=[{"family": "Author", "given": f"A{i}"}],
            container_title="Journal of Benchmarks",
            issued_year=2020 + i % 5,
            doi=f"10.5555/bench.{i}",
        )
        for i in range(n_refs)
    ]
    return bulk_create_with_history(refs, Reference, batch_size=BATCH)


def content_for(i: int, refs: list[Reference]) -> dict:
    sections = []
    claim_no = 0
    for s in range(11):
        claims = []
        for _ in range(1 if s == 0 else 4):
            claim_no += 1
            cited = [str(refs[(claim_no + k) % len(refs)].pk) for k in range(2)]
            claims.append(
                {
                    "uuid": str(uuid.uuid4()),
                    "text": sentence(i + claim_no, 30),
                    "evidence": "moderate",
                    "no_citation_needed": False,
                    "texts": {
                        "patient": sentence(i + claim_no + 1, 18),
                        "student": sentence(i + claim_no + 2, 24),
                    },
                    "citations": cited,
                }
            )
        sections.append(
            {
                "kind": "lead" if s == 0 else "body",
                "heading": "" if s == 0 else f"Section {s}",
                "claims": claims,
            }
        )
    items = {}
    for ref in refs:
        item = ref.to_csl()
        item["id"] = ref.citekey
        items[str(ref.pk)] = item
    return {
        "schema": 1,
        "slug": f"bench-article-{i}",
        "question": f"Benchmark question {i}: what treats {WORDS[i % len(WORDS)]}?",
        "title": f"Benchmark article {i}",
        "specialty": "Benchmarks",
        "origin": "human",
        "sections": sections,
        "references": items,
    }


def seed(n: int) -> None:
    owner, _ = User.objects.get_or_create(username="bench-editor")
    refs = references(15)
    start = Article.objects.filter(slug__startswith="bench-article-").count()
    now = timezone.now()
    # The shape reviews.workflow writes when a board member signs (the API serializes it).
    reviewer_entry = [
        {
            "name": "Bench Reviewer",
            "credentials": "MD",
            "slug": "bench-reviewer",
            "signed_at": now.isoformat(),
            "kind": "approved",
        }
    ]
    for offset in range(start, n, BATCH):
        stop = min(n, offset + BATCH)
        with transaction.atomic():
            contents = {i: content_for(i, refs) for i in range(offset, stop)}
            articles = bulk_create_with_history(
                [
                    Article(
                        slug=c["slug"],
                        question=c["question"],
                        title=c["title"],
                        specialty=c["specialty"],
                        owner=owner,
                        published_at=now,
                        last_updated_at=now,
                        last_reviewed_at=now,
                        next_review_due=(now + timedelta(days=365)).date(),
                        search_document=search_document_for(content=c),
                    )
                    for c in contents.values()
                ],
                Article,
                batch_size=BATCH,
                default_user=owner,
                default_change_reason="Benchmark seed",
            )
            by_slug = {
                a.slug: a
                for a in Article.objects.filter(slug__in=[c["slug"] for c in contents.values()])
            }
            revisions = bulk_create_with_history(
                [
                    Revision(
                        article=by_slug[c["slug"]],
                        number=1,
                        content=c,
                        content_hash=content_hash(c),
                        state="approved",
                        comment="Benchmark seed",
                        submitted_by=owner,
                        submitted_at=now,
                        decided_at=now,
                        reviewers=reviewer_entry,
                    )
                    for c in contents.values()
                ],
                Revision,
                batch_size=BATCH,
                default_user=owner,
                default_change_reason="Benchmark seed",
            )
            del articles, revisions
            published = []
            for revision in Revision.objects.filter(article__in=by_slug.values()).select_related(
                "article"
            ):
                revision.article.live_revision = revision
                published.append(revision.article)
            bulk_update_with_history(
                published,
                Article,
                ["live_revision"],
                batch_size=BATCH,
                default_user=owner,
                default_change_reason="Benchmark seed: published",
            )
        print(f"seeded {stop}/{n}", file=sys.stderr, flush=True)
    if connection.vendor == "postgresql":
        # The derived search vector, as articles.search.article_search_index writes it.
        Article.objects.filter(slug__startswith="bench-article-", search_vector=None).update(
            search_vector=SearchVector("search_document", config="english")
        )


if __name__ == "__main__":
    seed(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
