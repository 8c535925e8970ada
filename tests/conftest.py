"""People and content built in code, shared by every test module."""

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article, Citation, Claim, ClaimText, Section, SectionKind
from references.models import Reference
from reviews.models import BoardMember

PASSWORD = "correct horse battery staple"


def make_user(username: str, *, groups=(), **extra) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def make_board_member(user: User, *, name: str, credentials: str = "MD", specialties=()):
    return BoardMember.objects.create(
        user=user,
        display_name=name,
        credentials=credentials,
        credentials_expanded={"MD": "Doctor of Medicine"},
        specialties=list(specialties),
        slug=user.username,
        disclosures="None declared",
    )


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def editor(db):
    return make_user("editor", groups=["Editors"], first_name="Eda", last_name="Editor")


@pytest.fixture
def editor2(db):
    return make_user("editor2", groups=["Editors"])


@pytest.fixture
def chief(db):
    return make_user("chief", groups=["Editors", "Editors-in-chief"])


@pytest.fixture
def reviewer(db):
    user = make_user("reviewer1")
    make_board_member(
        user, name="Rhea Viewer", credentials="MD, FACP", specialties=["Musculoskeletal medicine"]
    )
    return user


@pytest.fixture
def reviewer2(db):
    user = make_user("reviewer2")
    make_board_member(user, name="Ravi Second", credentials="PharmD")
    return user


@pytest.fixture
def outsider(db):
    return make_user("outsider")


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin", "admin@example.com", PASSWORD)


def make_reference(**fields) -> Reference:
    fields.setdefault("title", "Guideline on back pain")
    fields.setdefault("csl_type", "report")
    fields.setdefault("genre", "Guideline")
    fields.setdefault("publisher", "Praxis Medical Insights")
    fields.setdefault("issued_year", 2025)
    return Reference.objects.create(**fields)


def make_article(
    owner: User,
    *,
    slug: str = "back-pain",
    question: str = "What helps back pain?",
    sections: int = 2,
    claims_per_section: int = 2,
    references=None,
) -> Article:
    """An article with a cited lead claim (with a patient text) and `sections` sections of
    `claims_per_section` cited claims each."""
    article = Article.objects.create(slug=slug, question=question, title="Back pain", owner=owner)
    refs = references or [make_reference(title=f"Source {slug} {i}") for i in range(2)]
    lead = Section.objects.create(article=article, kind=SectionKind.LEAD, order=0)
    claim = Claim.objects.create(section=lead, order=0, text="Keep moving and use heat.")
    ClaimText.objects.create(claim=claim, audience="patient", text="Stay active.")
    Citation.objects.create(claim=claim, reference=refs[0], order=0)
    for s in range(sections):
        section = Section.objects.create(article=article, heading=f"Section {s + 1}", order=s + 1)
        for c in range(claims_per_section):
            claim = Claim.objects.create(
                section=section, order=c, text=f"Claim {s + 1}.{c + 1} about treatment."
            )
            Citation.objects.create(claim=claim, reference=refs[(s + c) % len(refs)], order=0)
    return article


def freeze_revision(article: Article, user: User, *, state: str = "approved", number: int = 1):
    """A revision of the working copy made directly, for tests of reading and rendering that
    must not depend on the workflow. Workflow tests go through reviews.workflow instead."""
    from django.utils import timezone

    from articles.models import Revision
    from articles.snapshot import content_hash, working_copy_snapshot

    content = working_copy_snapshot(article)
    revision = Revision.objects.create(
        article=article,
        number=number,
        content=content,
        content_hash=content_hash(content),
        state=state,
        comment="Test revision",
        submitted_by=user,
        submitted_at=timezone.now(),
    )
    if state == "approved":
        article.live_revision = revision
        article.last_updated_at = article.last_reviewed_at = timezone.now()
        article.published_at = article.published_at or timezone.now()
    else:
        article.pending_revision = revision
    # As reviews.workflow does whenever a pointer moves: lists show the shown revision.
    from articles.listing import article_listing_set

    article_listing_set(article)
    article.save()
    return revision


@pytest.fixture(autouse=True)
def _every_write_names_its_author():
    """Fail any test in which an audited model was saved inside a web request or a
    management command without a history user (audit/guard.py, docs/audit.md)."""
    from audit.guard import history_user_guard

    with history_user_guard() as offences:
        yield
    if offences:
        listed = "\n".join(f"  {offence}" for offence in offences[:10])
        pytest.fail(f"History written without saying who:\n{listed}", pytrace=False)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached pages live in the cache; user ids repeat across tests
    (each test's rows roll back), so every test starts with an empty cache."""
    from django.core.cache import cache

    from articles.pagecache import local_tier_clear

    cache.clear()
    local_tier_clear()
    yield
    cache.clear()
    local_tier_clear()


@pytest.fixture
def task_queue(settings):
    """The database task backend, as in the demo and production (the suite runs tasks
    immediately): enqueued tasks wait in the table until `run_worker()` works them."""
    settings.TASK_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings


def run_worker() -> None:
    """Work every task that is ready now, as `manage.py db_worker --batch` does. The worker
    closes "old" connections between tasks, which inside a test's transaction would be the
    test's own connection (autocommit is off there): not here."""
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


# Spanish, an approved source and its translation (tests/translating.py), for any test.
from tests.translating import (  # noqa: E402, F401
    hispanist,
    live_translation,
    source,
    spanish,
    translation,
)
