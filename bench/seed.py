"""Seed N realistic approved articles for benchmarks: a lead claim and 10 sections x 4
claims, texts in three audiences, 15 references each, one approved revision each.

Every row goes in through simple-history's bulk_create_with_history or
bulk_update_with_history, so the history is as complete as if people had written it
(created, then published), in batches of BATCH per transaction.

Working copies (the Section/Claim/ClaimText/Citation rows editors edit) are written for the
first WORKING_COPIES articles only: the public pages and the API read revisions, never
working copies, and 100,000 full working copies would be some 40 million rows with their
history. The first thousand give the editors' tables enough rows for the EXPLAIN checks.

References: a library of N/4 records (at least 15), each article citing 15 of them, so a
reference is cited by about 60 articles at any N (lookups by reference stay selective).

Vocabulary, so that searches behave as on a real library: every article uses the common
words; each names one of 50 conditions (the first, "sciatica", in 2% of articles) and a
drug, "ibuprofen" only in the first 30 articles whatever N is.

Seeding runs in PARTS processes (one per core by default), each taking every PARTS-th
batch: converting 24 kB of text to a tsvector is most of PostgreSQL's work, and one
connection uses one core.

Usage: DJANGO_SETTINGS_MODULE=bench.settings python -m bench.seed N [--part K/PARTS]
"""

import os
import subprocess
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

from articles.models import (  # noqa: E402
    Article,
    Citation,
    Claim,
    ClaimText,
    Revision,
    Section,
    SectionKind,
)
from articles.search import search_document_for  # noqa: E402
from articles.snapshot import content_hash  # noqa: E402
from references.models import Reference  # noqa: E402


def _words(text: str) -> list[str]:
    return text.split()


COMMON = _words(
    "pain relief activity heat guideline evidence dose patients acute chronic therapy "
    "exercise medication risk benefit trial review treatment muscle imaging referral "
    "symptoms recovery sleep diet weeks months adults children safety effect"
)
CONDITIONS = _words(
    "sciatica migraine asthma eczema gout psoriasis insomnia anaemia bronchitis cystitis "
    "tendinitis bursitis vertigo tinnitus rosacea acne sinusitis otitis gastritis reflux "
    "constipation haemorrhoids angina hypertension diabetes obesity osteoporosis arthritis "
    "fibromyalgia shingles influenza pneumonia tonsillitis conjunctivitis glaucoma cataract "
    "dermatitis urticaria scabies impetigo cellulitis colitis diverticulitis pancreatitis "
    "hepatitis nephritis epilepsy parkinsonism dementia depression"
)
SPECIFIC_DRUG = "ibuprofen"
SPECIFIC_ARTICLES = 30
DRUGS = _words(
    "naproxen acetaminophen diclofenac codeine amitriptyline gabapentin pregabalin "
    "duloxetine prednisolone salbutamol budesonide omeprazole metformin amlodipine ramipril "
    "atorvastatin sertraline melatonin colchicine allopurinol"
)
SPECIALTIES = _words(
    "Neurology Rheumatology Dermatology Cardiology Gastroenterology Respiratory Endocrinology "
    "Psychiatry Orthopaedics Ophthalmology Otolaryngology Urology Infectious-diseases "
    "Haematology Primary-care"
)
WORKING_COPIES = 1000
EDITORS = 20
REFS_PER_ARTICLE = 15
BATCH = 500
AUDIENCE_TEXTS = ("patient", "student")


def sentence(seed: int, words: int = 24, topic: tuple[str, ...] = ()) -> str:
    chosen = [COMMON[(seed * 7 + i * 3) % len(COMMON)] for i in range(words)]
    for k, word in enumerate(topic):
        chosen[(seed + 5 * k) % words] = word
    return " ".join(chosen).capitalize() + "."


def reference_pool(n: int) -> int:
    """A library of N/4 references (at least 15): each article cites 15 of them, so each
    is cited by some 60 articles whatever N is, as in a real library, rather than every
    article citing the same 15."""
    return max(REFS_PER_ARTICLE, n // 4)


def references(n_refs: int) -> list[Reference]:
    existing = list(Reference.objects.filter(citekey__startswith="bench-ref-").order_by("pk"))
    if len(existing) >= n_refs:
        return existing[:n_refs]
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
        for i in range(len(existing), n_refs)
    ]
    return existing + bulk_create_with_history(
        refs, Reference, batch_size=BATCH, default_user=_owner()
    )


def _owner() -> User:
    return User.objects.get_or_create(username="bench-editor-0")[0]


def topic(i: int) -> tuple[str, str]:
    drug = SPECIFIC_DRUG if i < SPECIFIC_ARTICLES else DRUGS[i % len(DRUGS)]
    return CONDITIONS[i % len(CONDITIONS)], drug


def content_for(i: int, library: list[Reference], items: dict[int, dict]) -> dict:
    condition, drug = topic(i)
    refs = [library[(i * REFS_PER_ARTICLE + k) % len(library)] for k in range(REFS_PER_ARTICLE)]
    sections = []
    claim_no = 0
    for s in range(11):
        claims = []
        for _ in range(1 if s == 0 else 4):
            claim_no += 1
            words = (condition, drug) if claim_no % 5 == 1 else (condition,)
            cited = [str(refs[(claim_no + k) % len(refs)].pk) for k in range(2)]
            claims.append(
                {
                    "uuid": str(uuid.uuid4()),
                    "text": sentence(i + claim_no, 30, words),
                    "evidence": "moderate",
                    "no_citation_needed": False,
                    "texts": {
                        audience: sentence(i + claim_no + n, 18 + 6 * n, words)
                        for n, audience in enumerate(AUDIENCE_TEXTS, start=1)
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
    return {
        "schema": 1,
        "slug": f"bench-article-{i}",
        "question": f"What helps {condition}? Benchmark question {i}",
        "title": f"Benchmark article {i}: {condition} and {drug}",
        "specialty": SPECIALTIES[i % len(SPECIALTIES)].replace("-", " "),
        "origin": "human",
        "sections": sections,
        "references": {str(ref.pk): items[ref.pk] for ref in refs},
    }


def seed(n: int) -> None:
    """Seed in parallel parts, then gather planner statistics."""
    editors()  # once, before the parts share them
    references(reference_pool(n))
    parts = int(os.environ.get("BENCH_SEED_PARTS", os.cpu_count() or 1))
    children = [
        subprocess.Popen([sys.executable, "-m", "bench.seed", str(n), "--part", f"{k}/{parts}"])
        for k in range(parts)
    ]
    codes = [child.wait() for child in children]
    if any(codes):
        sys.exit(f"seed: a part failed ({codes})")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Planner statistics and the visibility map (index-only scans), as autovacuum
            # would leave a live database, before anything is measured.
            cursor.execute("VACUUM ANALYZE")


def editors() -> list[User]:
    """EDITORS people own the articles in turn, so "my articles" is a selective lookup."""
    return [User.objects.get_or_create(username=f"bench-editor-{k}")[0] for k in range(EDITORS)]


def dates_for(i: int, now) -> dict:
    """Spread as in a library built over years: last updated up to 8 years ago, last
    reviewed (an approval or a reaffirmation) within the last 300 days, so none is overdue.
    Article 0, the one measured, was updated just now."""
    updated = now - timedelta(hours=(i * 7) % (8 * 365 * 24))
    reviewed = max(updated, now - timedelta(hours=(i * 5) % (300 * 24)))
    return {
        "published_at": updated,
        "last_updated_at": updated,
        "last_reviewed_at": reviewed,
        "next_review_due": (reviewed + timedelta(days=365)).date(),
    }


def seed_part(n: int, part: int, parts: int) -> None:
    owners = editors()
    library = references(reference_pool(n))
    items = {}
    for ref in library:
        item = ref.to_csl()
        item["id"] = ref.citekey
        items[ref.pk] = item
    now = timezone.now()
    history = {"default_user": owners[0], "batch_size": BATCH}
    for offset in range(part * BATCH, n, parts * BATCH):
        stop = min(n, offset + BATCH)
        if Article.objects.filter(slug=f"bench-article-{offset}").exists():
            continue  # seeded by an earlier run
        with transaction.atomic():
            contents = [content_for(i, library, items) for i in range(offset, stop)]
            articles = []
            for i, c in zip(range(offset, stop), contents, strict=True):
                article = Article(
                    slug=c["slug"],
                    question=c["question"],
                    title=c["title"],
                    specialty=c["specialty"],
                    public_question=c["question"],
                    public_title=c["title"],
                    public_specialty=c["specialty"],
                    public_origin=c["origin"],
                    owner=owners[i % EDITORS],
                    search_document=search_document_for(content=c),
                    **dates_for(i, now),
                )
                article._history_user = article.owner
                articles.append(article)
            articles = bulk_create_with_history(
                articles, Article, default_change_reason="Benchmark seed", **history
            )
            revisions = []
            for article, c in zip(articles, contents, strict=True):
                decided = article.last_updated_at
                revision = Revision(
                    article=article,
                    number=1,
                    content=c,
                    content_hash=content_hash(c),
                    state="approved",
                    comment="Benchmark seed",
                    submitted_by=article.owner,
                    submitted_at=decided - timedelta(days=1),
                    decided_at=decided,
                    # The shape reviews.workflow writes when a board member signs.
                    reviewers=[
                        {
                            "name": "Bench Reviewer",
                            "credentials": "MD",
                            "slug": "bench-reviewer",
                            "signed_at": decided.isoformat(),
                            "kind": "approved",
                        }
                    ],
                )
                revision._history_user = article.owner
                revisions.append(revision)
            revisions = bulk_create_with_history(
                revisions, Revision, default_change_reason="Benchmark seed", **history
            )
            for article, revision in zip(articles, revisions, strict=True):
                article.live_revision = revision
            bulk_update_with_history(
                articles,
                Article,
                ["live_revision"],
                default_change_reason="Benchmark seed: published",
                **history,
            )
            if connection.vendor == "postgresql":
                # The derived search vector, as articles.search.search_vector_refresh writes it.
                Article.objects.filter(pk__in=[a.pk for a in articles]).update(
                    search_vector=SearchVector("search_document", config="english")
                )
            working = [(a, c) for a, c in zip(articles, contents, strict=True)]
            working_copies(working[: max(0, WORKING_COPIES - offset)], owners[0])
        print(f"seeded {offset}-{stop} of {n}", file=sys.stderr, flush=True)


def working_copies(pairs: list[tuple[Article, dict]], owner: User) -> None:
    """The editable rows behind each revision, matching its content (same claim uuids)."""
    if not pairs:
        return
    history = {
        "default_user": owner,
        "batch_size": BATCH,
        "default_change_reason": "Benchmark seed",
    }
    sections = bulk_create_with_history(
        [
            Section(
                article=article,
                kind=SectionKind.LEAD if s["kind"] == "lead" else SectionKind.BODY,
                heading=s["heading"],
                order=order,
            )
            for article, content in pairs
            for order, s in enumerate(content["sections"])
        ],
        Section,
        **history,
    )
    section_contents = [s for _, content in pairs for s in content["sections"]]
    claims = bulk_create_with_history(
        [
            Claim(
                section=section,
                uuid=claim["uuid"],
                order=order,
                text=claim["text"],
                evidence=claim["evidence"],
            )
            for section, s in zip(sections, section_contents, strict=True)
            for order, claim in enumerate(s["claims"])
        ],
        Claim,
        **history,
    )
    claim_contents = [claim for s in section_contents for claim in s["claims"]]
    bulk_create_with_history(
        [
            ClaimText(claim=claim, audience=audience, text=text)
            for claim, c in zip(claims, claim_contents, strict=True)
            for audience, text in c["texts"].items()
        ],
        ClaimText,
        **history,
    )
    bulk_create_with_history(
        [
            Citation(claim=claim, reference_id=int(key), order=order)
            for claim, c in zip(claims, claim_contents, strict=True)
            for order, key in enumerate(c["citations"])
        ],
        Citation,
        **history,
    )


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    if len(sys.argv) > 3 and sys.argv[2] == "--part":
        k, total = map(int, sys.argv[3].split("/"))
        seed_part(count, k, total)
    else:
        seed(count)
