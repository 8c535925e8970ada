"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live
server (the README's "Browser tests" says how to run them).

Playwright's own browser download is never used: the browser is the one installed at
`shutil.which("chromium")`. Without it (or without Playwright, or axe-core) the tests skip
with the reason on a developer's machine, and fail in CI (CI=true), where a skipped
browser test would look like a passing one.
"""

import os
import shutil
from importlib import import_module
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

from articles.documents import article_import
from articles.readability import readability_grade
from reviews.workflow import revision_approve, revision_start_review, revision_submit
from tests.e2e.browser import demo_specialties

# Playwright's sync API runs an asyncio event loop in this thread; Django refuses ORM
# calls from a thread with a running loop unless told the caller knows what it does.
# The test's own ORM calls are synchronous and never overlap Playwright's.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIR = Path(__file__).resolve().parent
AXE_JS = E2E_DIR / "vendor" / "axe.min.js"
REPO = E2E_DIR.parent.parent
DEMO_DIR = REPO / "articles" / "demo"
FAILURES_DIR = REPO / "var" / "e2e-failures"
# Debian's Chromium as a test browser: no sandbox (containers lack the namespaces), and
# nothing that would reach the network on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1200, "height": 900}
# Long enough for a 2-core machine running the suite twice in parallel; short enough that
# a missing element fails in seconds rather than minutes.
TIMEOUT_MS = 10_000


def pytest_configure(config):
    try:
        from playwright.sync_api import expect
    except ImportError:
        return
    expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(reason: str):
    """Fail in CI, skip elsewhere."""
    if in_ci():
        pytest.fail(f"CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        unavailable("Chromium is not installed (apt-get install chromium); browser tests need it.")
    return path


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        unavailable(f"axe-core is missing ({AXE_JS.relative_to(REPO)}); run `make e2e-vendor`.")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[dev]').")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(request, browser, live_server):
    """A function that opens a page in a fresh browser context (its own cookies: one
    person each), failing the test on any script error or Content-Security-Policy
    violation the page reports. When the test fails, each page's HTML and a screenshot go
    to var/e2e-failures/ for whoever reads the CI log."""
    contexts, problems = [], []

    def open_page(path: str = "/", *, javascript: bool = True):
        context = browser.new_context(
            viewport=VIEWPORT, base_url=live_server.url, java_script_enabled=javascript
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on(
            "console",
            lambda message: (
                problems.append(f"{page.url}: {message.text}")
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        page.goto(path)
        return page

    yield open_page
    if getattr(request.node, "e2e_failed", False):
        _keep_failure(request.node.name, contexts)
    for context in contexts:
        context.close()
    assert not problems, "The browser reported:\n" + "\n".join(problems)


def _keep_failure(test_name: str, contexts) -> None:
    folder = FAILURES_DIR / test_name
    folder.mkdir(parents=True, exist_ok=True)
    for number, context in enumerate(contexts, start=1):
        for page in context.pages:
            (folder / f"page-{number}.html").write_text(page.content(), encoding="utf-8")
            page.screenshot(path=str(folder / f"page-{number}.png"), full_page=True)
    print(f"Pages of the failed test kept in {folder}")


@pytest.fixture(scope="session", autouse=True)
def _readability_loaded():
    """The live server is a thread of this process: load textstat's syllable dictionary
    once here, as a running server already has. Otherwise the first claim a browser test
    saves waits for it (seconds; past the 10-second wait on a busy machine): the cause of
    test_journeys' "Add claim" failing now and then (#desk-status still empty at the
    timeout, the claim added a moment later)."""
    readability_grade("A few words to load the dictionary.", terms=())


@pytest.fixture(autouse=True)
def _fresh_state(transactional_db):
    """Each browser test starts with an empty cache (rate limits, cached pages) and, on
    SQLite, leaves the append-only review record empty so that the test database can be
    flushed (see review_record_clear)."""
    cache.clear()
    yield
    review_record_clear()


def review_record_clear() -> None:
    """Browser tests see the live server's writes only with real commits, so pytest-django
    empties the tables afterwards. PostgreSQL's TRUNCATE skips the append-only triggers of
    reviews/migrations/0002; SQLite deletes row by row, and its triggers refuse. Drop them,
    empty the two tables, and put the same triggers back."""
    if connection.vendor != "sqlite":
        return
    append_only = import_module("reviews.migrations.0002_append_only_log")
    with connection.cursor() as cursor:
        for table in ("reviews_workflowevent", "reviews_signature"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
            cursor.execute(f"DELETE FROM {table}")
            for statement in append_only._sqlite(table):
                cursor.execute(statement)


# --- People and content ------------------------------------------------------------------
# The people are tests/conftest.py's, built in code with make_user and make_board_member:
# `editor` (Eda Editor, in the Editors group), `reviewer` (username reviewer1: Rhea Viewer,
# MD, FACP, on the board) and their `password`. In a test that uses the live server their
# `db` is transactional, so the server's thread sees them.


@pytest.fixture
def seed_article(editor, reviewer, password):
    """The seed article (articles/demo/upper-back-pain.md), imported, reviewed and approved
    through the workflow, as `make demo` loads it."""
    demo_specialties()
    text = (DEMO_DIR / "upper-back-pain.md").read_text(encoding="utf-8")
    article = article_import(text=text, owner=editor)
    revision = revision_submit(article=article, actor=editor, comment="First version.")
    revision_start_review(revision=revision, actor=reviewer)
    revision_approve(revision=revision, actor=reviewer, password=password)
    article.refresh_from_db()
    return article


@pytest.fixture
def revision_in_review(editor):
    """A second article (articles/demo/sore-throat.md), submitted, waiting for a reviewer."""
    demo_specialties()
    text = (DEMO_DIR / "sore-throat.md").read_text(encoding="utf-8")
    article = article_import(text=text, owner=editor)
    return revision_submit(article=article, actor=editor, comment="New article on sore throat.")
