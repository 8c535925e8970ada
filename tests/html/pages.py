"""Every HTML page of the demo (manage.py load_demo), as each demo user sees it, saved to
files for the Nu checker.

The pages are found by following links from where each kind of user starts (a reader at
the index, an editor at the dashboard, a reviewer at the queue, the auditor at the
timeline), so a page added later is checked without anyone listing it here. Pages that no
link leads to (a search, a comparison, the password pages, a refusal, a form sent with an
error) are requested by hand below."""

import io
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from django.contrib.auth.models import User
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client

from articles.models import Article, ReaderQuestion
from tests.html.desk_pages import DRAFT, desk_pages_save, draft_article_create

SEED = "upper-back-pain-treatment"
PENDING = "sore-throat-when-to-see-a-doctor"
# Where a crawl may go: the admin, the API, files and feeds are not HTML pages of the site.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/accounts/logout/", "/feeds/", "/sitemap")
SKIPPED_SUFFIXES = ("/export/", ".csv", ".json", ".jsonl", ".xml", ".txt")
MAX_PAGES_PER_USER = 80
# The same page with other query strings (filters, pages) adds little after a few.
MAX_VARIANTS_PER_PATH = 3


@dataclass(frozen=True)
class Page:
    who: str
    path: str
    file: Path


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        href = urldefrag(href).url
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(SKIPPED_SUFFIXES):
            continue
        found.append(href)
    return found


class _Saver:
    def __init__(self, folder: Path):
        self.folder = folder
        self.pages: list[Page] = []

    def save(self, who: str, path: str, response, *, status: int = 200) -> None:
        assert response.status_code == status, f"{path} as {who}: {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), path
        self.save_html(who, path, response.content.decode())

    def save_html(self, who: str, path: str, html: str) -> None:
        file = self.folder / f"{len(self.pages):03d}-{who}.html"
        file.write_text(html, encoding="utf-8")
        self.pages.append(Page(who=who, path=path, file=file))


def _crawl(saver: _Saver, client: Client, who: str, starts: list[str]) -> None:
    queue, seen, variants = list(starts), set(), {}
    count = 0
    while queue and count < MAX_PAGES_PER_USER:
        path = queue.pop(0)
        bare = urlsplit(path).path
        if path in seen or variants.get(bare, 0) >= MAX_VARIANTS_PER_PATH:
            continue
        seen.add(path)
        variants[bare] = variants.get(bare, 0) + 1
        response = client.get(path)
        # A redirect's target is a page of its own, reached by its own link; a link to a
        # page this user may not open (the shared workspace menu) is not this test's
        # subject; files are not pages.
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        saver.save(who, path, response)
        count += 1
        queue.extend(_links(response.content.decode()))


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def demo_pages_save(folder: Path) -> list[Page]:
    call_command("load_demo", stdout=io.StringIO())
    seed = Article.objects.get(slug=SEED)
    saver = _Saver(folder)
    reader = _client(None)
    # A reader's question, so the editors' inbox has one to show.
    reader.post(f"/articles/{SEED}/question/", {"text": "Does heat help?", "audience": ""})
    assert ReaderQuestion.objects.exists()

    # The bare article URLs first: once an audience is chosen, they redirect to it.
    _crawl(
        saver,
        reader,
        "reader",
        [
            "/",
            f"/articles/{SEED}/",
            f"/articles/{PENDING}/",
            f"/articles/{SEED}/?audience=patient",
            f"/articles/{SEED}/?audience=student",
        ],
    )
    for path in (
        "/search/?q=back+pain",
        "/search/?q=zzzz",
        "/accounts/login/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/MQ/not-a-token/",
        "/accounts/reset/done/",
    ):
        saver.save("reader", path, reader.get(path))
    saver.save(
        "reader", "/accounts/login/ (refused)", reader.post("/accounts/login/", {"username": "x"})
    )
    for template in ("413.html", "503.html", "registration/locked_out.html"):
        saver.save_html("reader", template, render_to_string(template))

    # The demo's seed article has a correction in review, so its working copy is locked:
    # the desk's editing pages are checked on a draft of the same text as well.
    draft = draft_article_create(owner=User.objects.get(username="editor"))
    editor = _client("editor")
    _crawl(
        saver,
        editor,
        "editor",
        ["/editor/", f"/editor/articles/{SEED}/", f"/editor/articles/{DRAFT}/"],
    )
    for path in (
        "/editor/?q=back",
        f"/editor/articles/{SEED}/compare/?old=1&new=working",
        f"/editor/articles/{SEED}/preview/?audience=patient",
    ):
        saver.save("editor", path, editor.get(path))
    claim = draft.sections.first().claims.first()
    saver.save(
        "editor",
        "new reference form",
        editor.get(f"/editor/articles/{DRAFT}/claims/{claim.pk}/references/new/"),
    )
    saver.save(
        "editor",
        "choose among matching references",
        editor.post(f"/editor/articles/{DRAFT}/claims/{claim.pk}/citations/", {"query": "pain"}),
    )
    saver.save(
        "editor",
        "claim saved empty (refused)",
        editor.post(f"/editor/articles/{DRAFT}/claims/{claim.pk}/", {"text": ""}),
        status=400,
    )
    saver.save(
        "editor",
        "a change to a working copy in review (refused)",
        editor.post(f"/editor/articles/{SEED}/sections/", {"heading": "More"}),
        status=409,
    )
    desk_pages_save(saver, editor, draft)
    # The pending article's owner: a working copy locked in review.
    _crawl(saver, _client("editor2"), "editor2", [f"/editor/articles/{PENDING}/"])

    reviewer = _client("reviewer1")
    _crawl(
        saver, reviewer, "reviewer1", ["/review/", f"/review/revisions/{seed.live_revision_id}/"]
    )
    pending = Article.objects.get(slug=PENDING).pending_revision
    reviewer.post(f"/review/revisions/{pending.pk}/start/")
    saver.save(
        "reviewer1", "review page, under review", reviewer.get(f"/review/revisions/{pending.pk}/")
    )

    # The other board member: the review in someone else's hands, nothing signed.
    _crawl(saver, _client("reviewer2"), "reviewer2", ["/review/"])
    _crawl(saver, _client("admin"), "admin", ["/audit/", "/audit/reports/"])
    return saver.pages
