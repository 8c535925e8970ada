"""What a reader sees of an article, assembled in one place: which revision, its dates, the
review stepper, the audience, the page's context and its ETag; and filing a reader's
follow-up question. The public page (articles/views/public.py), the version archive, the
desk's preview and the API all call this module; the views keep only HTTP (caching
headers, 304s, the page cache).
"""

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _

from articles.audiences import audiences, default_audience
from articles.disclosure import revision_disclosure
from articles.errors import ArticleError
from articles.languages import language_name, stale_translations_withdrawn
from articles.links import public_url
from articles.models import Article, ChangeType, ReaderQuestion, Revision, RevisionState
from articles.pagebody import PageBody, PageOutline, page_body
from articles.prepared import PreparedQuery
from articles.ratelimit import rate_limit_hit
from articles.selectors import article_shown_revision
from articles.services import reader_question_create
from references.formatting import reference_format

STEPS = (
    (RevisionState.SUBMITTED, _("Submitted")),
    (RevisionState.UNDER_REVIEW, _("Under Review")),
    (RevisionState.APPROVED, _("Approved")),
)
# Where each revision state stands on the three-step stepper readers see.
STEP_OF_STATE = {
    RevisionState.SUBMITTED: 0,
    RevisionState.UNDER_REVIEW: 1,
    RevisionState.CHANGES_REQUESTED: 1,
    # Approved but not yet live: readers see it as in review until its time.
    RevisionState.SCHEDULED: 1,
    RevisionState.APPROVED: 2,
    RevisionState.WITHDRAWN: 0,
}


def stepper(state: str | None) -> list[dict]:
    """The three steps readers see, for a revision in `state`; None for a working copy
    that has not been submitted, which stands on no step yet."""
    current = STEP_OF_STATE[state] if state else -1
    approved = state == RevisionState.APPROVED
    return [
        {"label": label, "done": i < current or approved, "current": i == current}
        for i, (_, label) in enumerate(STEPS)
    ]


def _article_with_live(*, slug: str, with_content: bool):
    deferred = ["search_document", "search_vector"]
    if not with_content:
        deferred.append("live_revision__content")
    return Article.objects.select_related("live_revision").defer(*deferred).filter(slug=slug)


# The page's queries, their SQL built once per process (articles.prepared).
_ARTICLE_WITH_LIVE = {
    with_content: PreparedQuery(
        lambda slug, with_content=with_content: _article_with_live(
            slug=slug, with_content=with_content
        ),
        slug=str,
    )
    for with_content in (True, False)
}
_CHANGES = PreparedQuery(
    lambda article_id: (
        Revision.objects.filter(article_id=article_id, state=RevisionState.APPROVED)
        .order_by("-number")
        .values("number", "public_summary", "decided_at", "change_type")[:20]
    ),
    article_id=int,
)


def article_for_reader(slug: str, *, with_content: bool) -> tuple[Article, Revision]:
    """The article and the revision readers see; the revision's content only when asked
    (rendering needs it, the question form does not)."""
    found = _ARTICLE_WITH_LIVE[with_content].rows(slug=slug)
    if not found:
        raise Http404("No article matches the given query.")
    article = found[0]
    deferred = ["search_document", "search_vector"]
    if not with_content:
        deferred.append("live_revision__content")
    if article.live_revision_id is None and article.pending_revision_id:
        # Fetched only when needed: the pending revision is invisible once one is live.
        deferred = [d.replace("live_", "pending_") for d in deferred]
        article = (
            Article.objects.select_related("pending_revision").defer(*deferred).get(pk=article.pk)
        )
    revision = article_shown_revision(article)
    if revision is None:
        raise Http404("This article has not been published.")
    return article, revision


def article_withdrawn(slug: str) -> Article | None:
    """The article, when it was withdrawn from public view (its page then answers 410
    with the notice)."""
    return (
        Article.objects.filter(slug=slug, withdrawn_at__isnull=False)
        .only("slug", "public_question", "withdrawn_at", "withdrawal_reason", "live_revision_id")
        .first()
    )


def withdrawal_notice(article: Article) -> str:
    """The sentence readers (and API clients) are given for a withdrawn article."""
    day = timezone.localdate(article.withdrawn_at)
    return (
        f"This article was withdrawn from public view on {day:%B} {day.day}, {day.year}. "
        f"Reason: {article.withdrawal_reason}"
    )


def reader_dates(article: Article, revision: Revision) -> dict:
    """The dates a reader sees. A revision still in review has only its submission date."""
    return _dates(
        approved=revision.state == RevisionState.APPROVED,
        submitted_at=revision.submitted_at,
        published_at=article.published_at,
        last_updated_at=article.last_updated_at,
        last_reviewed_at=article.last_reviewed_at,
        next_review_due=article.next_review_due,
    )


def _dates(
    *,
    approved,
    submitted_at,
    published_at,
    last_updated_at,
    last_reviewed_at,
    next_review_due,
    today=None,
) -> dict:
    if not approved:
        return {
            "published": None,
            "last_updated": submitted_at,
            "last_reviewed": None,
            "next_review_due": None,
            "overdue": False,
        }
    today = today or timezone.localdate()
    return {
        "published": published_at,
        "last_updated": last_updated_at,
        "last_reviewed": last_reviewed_at,
        "next_review_due": next_review_due,
        "overdue": bool(next_review_due and next_review_due < today),
    }


@dataclass(frozen=True)
class ReaderVersion:
    """Which version of an article page a reader gets, decided without loading content.
    Shared between requests (memoized): never change `dates`."""

    etag: str
    revision_id: int
    content_hash: str
    dates: dict
    approved: bool
    last_modified: int  # a Unix time, for conditional requests
    last_modified_http: str


@dataclass(frozen=True)
class ReaderLanguages:
    """What the page says of its languages, from article_page_state: its own, whether it is
    a translation behind its source (and the source's address), and the family members a
    reader may switch to (hreflang alternates), the source first."""

    language: str
    behind: bool
    source_slug: str | None
    alternates: tuple[tuple[str, str], ...]  # (language, slug), this page included

    @property
    def key(self) -> str:
        """What the page's ETag takes from these: a switch or notice changes the page."""
        return f"{self.language}|{self.behind:d}|{self.alternates}"

    @property
    def x_default(self) -> str | None:
        """The slug hreflang's x-default points to: the source, when readers see it."""
        return self.source_slug if any(s == self.source_slug for _, s in self.alternates) else None


def reader_languages(*, state: dict, live_only: bool = False) -> ReaderLanguages:
    """The page's languages as readers see them now (the settings read now, so it applies
    to cached state too): a translation behind its source is left out when the site
    withdraws such translations."""
    withdrawn = stale_translations_withdrawn()
    me = next((m for m in state["family"] if m["id"] == state["id"]), None)
    source = next((m for m in state["family"] if m["is_source"]), None)
    pending = settings.ARTICLES_SHOW_PENDING and not live_only
    alternates = tuple(
        (m["language"], m["slug"])
        for m in state["family"]
        if (m["live"] and not (withdrawn and m["behind"]))
        or (pending and m["pending"] and not m["live"])
    )
    return ReaderLanguages(
        language=state["language"],
        behind=bool(me and me["behind"]),
        source_slug=source["slug"] if source else None,
        # A switch only when there is somewhere to switch to.
        alternates=alternates if len(alternates) > 1 else (),
    )


def reader_version(*, state: dict, audience: str, live_only: bool = False) -> ReaderVersion | None:
    """From article_page_state: the revision readers see (as article_shown_revision picks
    it, with the setting read now, so it applies to cached state too), its dates and the
    ETag of its page in an audience. None when readers see nothing: an article withdrawn
    from public view, or a translation behind its source when the site withdraws those."""
    if state.get("withdrawn_at") is not None:
        return None
    shown = state["live"]
    if shown is None and settings.ARTICLES_SHOW_PENDING and not live_only:
        shown = state["pending"]
    if shown is None:
        return None
    languages = reader_languages(state=state, live_only=live_only)
    if languages.behind and shown is state["live"] and stale_translations_withdrawn():
        return None
    return _version(
        shown["id"],
        shown["state"],
        shown["content_hash"],
        shown["submitted_at"],
        state["published_at"],
        state["last_updated_at"],
        state["last_reviewed_at"],
        state["next_review_due"],
        audience,
        settings.RELEASE,
        timezone.localdate(),
        languages.key,
    )


# Every page view and 304 of the same article version computes the same ETag: remembered
# per process, keyed by everything it is made of (today's date included, for "overdue").
@lru_cache(maxsize=4096)
def _version(
    revision_id,
    revision_state,
    content_hash,
    submitted_at,
    published_at,
    last_updated_at,
    last_reviewed_at,
    next_review_due,
    audience,
    release,
    today,
    languages_key,
) -> ReaderVersion:
    approved = revision_state == RevisionState.APPROVED
    dates = _dates(
        approved=approved,
        submitted_at=submitted_at,
        published_at=published_at,
        last_updated_at=last_updated_at,
        last_reviewed_at=last_reviewed_at,
        next_review_due=next_review_due,
        today=today,
    )
    etag = page_etag(
        revision_id=revision_id,
        state=revision_state,
        content_hash=content_hash,
        audience=audience,
        dates=dates,
        release=release,
        languages_key=languages_key,
    )
    modified = (dates["last_reviewed"] or dates["last_updated"]).timestamp()
    return ReaderVersion(
        etag=etag,
        revision_id=revision_id,
        content_hash=content_hash,
        dates=dates,
        approved=approved,
        last_modified=int(modified),
        last_modified_http=http_date(modified),
    )


def page_etag(
    *,
    revision_id: int,
    state: str,
    content_hash: str,
    audience: str,
    dates: dict,
    release: str,
    languages_key: str = "",
) -> str:
    parts = [release, revision_id, state, content_hash, audience, *dates.values(), languages_key]
    return '"' + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32] + '"'


def languages_context(languages: ReaderLanguages | None, *, audience: str) -> dict:
    """The language switch (plain links, the current one marked), hreflang alternates with
    their x-default, and the "behind the source" notice's link, for the template."""
    if languages is None:
        return {"switch": [], "behind": False, "source_url": None, "x_default_url": None}
    query = "" if audience == default_audience() else f"?audience={audience}"

    def url(slug: str) -> str:
        return reverse("articles:detail", kwargs={"slug": slug}) + query

    return {
        "switch": [
            {
                "code": code,
                "name": language_name(code),
                "url": url(slug),
                "current": code == languages.language,
            }
            for code, slug in languages.alternates
        ],
        "behind": languages.behind,
        "source_url": url(languages.source_slug) if languages.source_slug else None,
        "source_language": language_name(
            next((c for c, s in languages.alternates if s == languages.source_slug), "")
        ),
        "x_default_url": url(languages.x_default) if languages.x_default else None,
    }


def page_context(
    *,
    article: Article,
    revision: Revision,
    audience: str,
    dates: dict,
    body: PageBody | None = None,
    languages: ReaderLanguages | None = None,
) -> dict:
    """Everything the article template needs. The editors' preview and the reviewers' page
    use it too, so all of them render the same page. `body` is the revision's text when
    the caller already has it (articles.pagebody); else it is fetched or rendered here.
    `languages` only on the public page: the switch and the notice are about what readers
    see."""
    body = body or page_body(revision=revision, audience=audience)
    outline = body.outline
    approved = revision.state == RevisionState.APPROVED
    changes = []
    if approved and revision.pk:
        changes = _CHANGES.rows(article_id=article.pk)
        for change in changes:
            kind = change["change_type"]
            change["change_type_label"] = ChangeType(kind).label if kind else ""
    return {
        "article": article,
        "revision": revision,
        "outline": outline,
        "lead_html": body.lead_html,
        "body_html": body.body_html,
        "contents": page_contents(outline, changes=bool(changes)),
        "citation": reference_format(
            item=article_citation_item(article=article, question=outline.question, dates=dates)
        ),
        "audiences": audiences(),
        "audience": audience,
        "is_default_audience": audience == default_audience(),
        "is_approved": approved,
        "steps": stepper(revision.state),
        "dates": dates,
        "changes": changes,
        "ai_disclosure": revision_disclosure(origin=outline.origin, block=revision.ai_disclosure),
        "question_max_length": settings.READER_QUESTION_MAX_LENGTH,
        "languages": languages_context(languages, audience=audience),
    }


# An article with this many sections or more gets an "On this page" list of them.
CONTENTS_MIN_SECTIONS = 4


def page_contents(outline: PageOutline, *, changes: bool) -> list[dict]:
    """The "On this page" list: each section, then the parts that follow the text. Empty
    for a short article, which the reader takes in without one."""
    if len(outline.sections) < CONTENTS_MIN_SECTIONS:
        return []
    contents = [{"anchor": anchor, "label": label} for anchor, label in outline.sections]
    if outline.references:
        contents.append({"anchor": "references-heading", "label": "References"})
    if changes:
        contents.append({"anchor": "changes-heading", "label": "What changed"})
    return contents


def article_citation_item(*, article: Article, question: str, dates: dict) -> dict:
    """The article itself as a CSL-JSON item, for "Cite this article": the page readers
    see, dated by its last update, accessed today. The site is the container; no person
    is named as author, as the page names none."""
    updated = dates["last_updated"] or dates["published"]
    today = timezone.localdate()
    item = {
        "id": article.slug,
        "type": "webpage",
        "title": question,
        "container-title": settings.SITE_NAME,
        "URL": public_url(article.get_absolute_url()),
        "accessed": {"date-parts": [[today.year, today.month, today.day]]},
    }
    if updated:
        day = timezone.localtime(updated).date()
        item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
    return item


QUESTION_RATE = (5, 600)  # questions per client per ten minutes
QUESTION_RATE_MESSAGE = _(
    "You have sent several questions in a short time. Please wait a few minutes."
)


def reader_question_file(
    *, article: Article, audience: str, text: str, client: str, spam: bool = False
) -> ReaderQuestion | None:
    """File a reader's follow-up question from the page or the API. Every attempt from
    `client` (an address) counts against one limit, a honeypot's catch included, which is
    answered like any other but files nothing."""
    limit, window = QUESTION_RATE
    if rate_limit_hit(scope="question", key=client, limit=limit, window_seconds=window):
        raise ArticleError(QUESTION_RATE_MESSAGE, code="throttled", status=429)
    if spam:
        return None
    return reader_question_create(article=article, audience=audience, text=text)
