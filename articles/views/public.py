"""The public site: index, article page, follow-up questions.

Article pages are built to be cached by browsers and shared caches: each audience has its
own URL, the page does not depend on who is logged in, and an ETag answers revalidation
with 304. Only the bare URL (which may redirect to the remembered audience) varies by
cookie.
"""

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.audiences import audience_or_default, audiences, default_audience
from articles.forms import ReaderQuestionForm
from articles.models import Article, ChangeType, Revision, RevisionState
from articles.pagecache import (
    article_page_state,
    catalogue_version,
    immutable_get,
    immutable_set,
)
from articles.ratelimit import client_ip, rate_limit_hit
from articles.rendering import article_render
from articles.selectors import article_shown_revision, articles_public
from articles.services import reader_question_create
from articles.structured_data import article_jsonld, jsonld_script_body

AUDIENCE_COOKIE = "audience"
STEPS = (
    (RevisionState.SUBMITTED, "Submitted"),
    (RevisionState.UNDER_REVIEW, "Under Review"),
    (RevisionState.APPROVED, "Approved"),
)
# Where each revision state stands on the three-step stepper readers see.
STEP_OF_STATE = {
    RevisionState.SUBMITTED: 0,
    RevisionState.UNDER_REVIEW: 1,
    RevisionState.CHANGES_REQUESTED: 1,
    RevisionState.APPROVED: 2,
    RevisionState.WITHDRAWN: 0,
}
QUESTION_RATE = (5, 600)  # questions per client per ten minutes
PAGE_CACHE_SECONDS = 24 * 3600
INDEX_PAGE_SIZE = 50
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
# A bound only: any article save starts a new catalogue version at once.
INDEX_CACHE_SECONDS = 600


def stepper(state: str | None) -> list[dict]:
    """The three steps readers see, for a revision in `state`; None for a working copy
    that has not been submitted, which stands on no step yet."""
    current = STEP_OF_STATE[state] if state else -1
    approved = state == RevisionState.APPROVED
    return [
        {"label": label, "done": i < current or approved, "current": i == current}
        for i, (_, label) in enumerate(STEPS)
    ]


@require_GET
def article_index(request):
    """The list of public articles, 50 to a page. Rendered pages are cached under the
    catalogue version (articles.pagecache), which any article save replaces."""
    number = request.GET.get("page", "1")
    cacheable = (
        "messages" not in request.COOKIES  # a flash message is personal
        and number.isascii()
        and number.isdigit()
        and len(number) <= 6
    )
    key = None
    if cacheable:
        key = (
            f"article-index:{catalogue_version()}:{settings.ARTICLES_SHOW_PENDING:d}:"
            f"{int(number)}:{request.scheme}:{request.get_host()}"
        )
        html = immutable_get(key)
        if html is not None:
            response = HttpResponse(html)
            response["X-Page-Cache"] = "hit"
            return response
    articles = (
        articles_public()
        .only("slug", "public_question", "public_specialty", "last_updated_at", "live_revision_id")
        .order_by("public_question", "pk")
    )
    page = Paginator(articles, INDEX_PAGE_SIZE).get_page(number)
    response = render(request, "articles/index.html", {"articles": page.object_list, "page": page})
    if key is not None:
        immutable_set(key, response.content, timeout=INDEX_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
    return response


def _article_for_reader(slug: str, *, with_content: bool) -> tuple[Article, Revision]:
    """The article and the revision readers see; the revision's content only when asked
    (rendering needs it, the question form does not)."""
    deferred = ["search_document", "search_vector"]
    if not with_content:
        deferred.append("live_revision__content")
    article = get_object_or_404(
        Article.objects.select_related("live_revision").defer(*deferred), slug=slug
    )
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
    dates: dict
    approved: bool
    last_modified: int  # a Unix time, for conditional requests
    last_modified_http: str


def reader_version(*, state: dict, audience: str, live_only: bool = False) -> ReaderVersion | None:
    """From article_page_state: the revision readers see (as article_shown_revision picks
    it, with the setting read now, so it applies to cached state too), its dates and the
    ETag of its page in an audience. None when readers see nothing."""
    shown = state["live"]
    if shown is None and settings.ARTICLES_SHOW_PENDING and not live_only:
        shown = state["pending"]
    if shown is None:
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
    etag = _etag(
        revision_id=revision_id,
        state=revision_state,
        content_hash=content_hash,
        audience=audience,
        dates=dates,
        release=release,
    )
    modified = (dates["last_reviewed"] or dates["last_updated"]).timestamp()
    return ReaderVersion(
        etag=etag,
        dates=dates,
        approved=approved,
        last_modified=int(modified),
        last_modified_http=http_date(modified),
    )


def _etag(
    *, revision_id: int, state: str, content_hash: str, audience: str, dates: dict, release: str
) -> str:
    parts = [release, revision_id, state, content_hash, audience, *dates.values()]
    return '"' + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32] + '"'


def _not_modified(request, version: ReaderVersion):
    """A 304 when the request revalidates this version. The common case, a browser or
    cache sending back exactly our ETag and nothing else conditional, is decided without
    Django's general parsing; anything else goes through get_conditional_response."""
    meta = request.META
    if (
        meta.get("HTTP_IF_NONE_MATCH") == version.etag
        and "HTTP_IF_MATCH" not in meta
        and "HTTP_IF_UNMODIFIED_SINCE" not in meta
    ):
        return HttpResponseNotModified()
    if not any(header in meta for header in CONDITIONAL_HEADERS):
        return None
    return get_conditional_response(request, etag=version.etag, last_modified=version.last_modified)


@require_GET
def article_detail(request, slug: str):
    """Readers' page. The ETag and the page cache are decided from article_page_state (a
    handful of columns, itself cached for a few seconds), so a 304 or a page-cache hit
    touches neither the revision's content nor, mostly, the database or the network; only
    a miss loads and renders the revision."""
    requested = request.GET.get("audience")
    if requested is None:
        remembered = request.COOKIES.get(AUDIENCE_COOKIE)
        if remembered and audience_or_default(remembered) != default_audience():
            url = reverse("articles:detail", kwargs={"slug": slug})
            response = redirect(f"{url}?{urlencode({'audience': remembered})}")
            patch_vary_headers(response, ["Cookie"])
            patch_cache_control(response, private=True, max_age=0)
            return response
    audience = audience_or_default(requested)
    # A flash message makes the page personal; never let a shared cache keep it. A
    # signed-in editor or reviewer (a session cookie; the session itself is not read)
    # gets the page rendered from the database, never from a cache: they see a change
    # they just published at once, even on another app server (docs/operations.md).
    personal = "messages" in request.COOKIES or settings.SESSION_COOKIE_NAME in request.COOKIES
    state = article_page_state(slug=slug)
    version = reader_version(state=state, audience=audience) if state else None
    if version is None:
        raise Http404("This article has not been published.")
    approved = version.approved
    response = None
    if not personal:
        response = _not_modified(request, version)
        if response is None:
            response = _cached_page(immutable_get(_page_key(request, version.etag)))
        if response is not None:
            response["ETag"] = version.etag
            response["Last-Modified"] = version.last_modified_http
    if response is None:
        response, approved = _render_page(request, slug, audience, personal=personal)
    _cache_headers(response, approved=approved, personal=personal, bare=requested is None)
    if requested is not None and response.status_code == 200:
        response.set_cookie(
            AUDIENCE_COOKIE, audience, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response


def _page_key(request, etag: str) -> str:
    # A revision never changes, so the key (the ETag plus the host the page is served
    # under) never needs invalidating: a new revision, audience, date or release is a new
    # key.
    return f"article-page:{etag}:{request.scheme}:{request.get_host()}"


def _cached_page(html) -> HttpResponse | None:
    if html is None:
        return None
    response = HttpResponse(html)
    response["X-Page-Cache"] = "hit"
    return response


def _render_page(request, slug: str, audience: str, *, personal: bool) -> tuple[HttpResponse, bool]:
    """Load the shown revision with its content and render it. The ETag is recomputed from
    the rows just read, so the cached HTML is stored under exactly what it was made from."""
    article, revision = _article_for_reader(slug, with_content=True)
    dates = reader_dates(article, revision)
    context = page_context(article=article, revision=revision, audience=audience, dates=dates)
    context["jsonld"] = jsonld_script_body(
        article_jsonld(
            article=article,
            revision=revision,
            rendered=context["rendered"],
            dates=dates,
        )
    )
    response = render(request, "articles/detail.html", context)
    if not personal:
        etag = _etag(
            revision_id=revision.pk,
            state=revision.state,
            content_hash=revision.content_hash,
            audience=audience,
            dates=dates,
            release=settings.RELEASE,
        )
        last_modified = dates["last_reviewed"] or dates["last_updated"]
        immutable_set(_page_key(request, etag), response.content, timeout=PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response, revision.state == RevisionState.APPROVED


def _cache_headers(response, *, approved: bool, personal: bool, bare: bool) -> None:
    # Set outright: nothing before this view writes Cache-Control on these responses.
    if approved and not personal:
        response["Cache-Control"] = f"public, max-age={settings.ARTICLE_PAGE_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-store"
    if bare:
        # The bare URL redirects readers who chose an audience before.
        patch_vary_headers(response, ["Cookie"])


def page_context(*, article: Article, revision: Revision, audience: str, dates: dict) -> dict:
    """Everything the article template needs. The editors' preview and the reviewers' page
    use it too, so all of them render the same page."""
    rendered = article_render(content=revision.content, audience=audience)
    approved = revision.state == RevisionState.APPROVED
    changes = []
    if approved and revision.pk:
        changes = list(
            article.revisions.filter(state=RevisionState.APPROVED)
            .order_by("-number")
            .values("number", "comment", "decided_at", "change_type")[:20]
        )
        for change in changes:
            kind = change["change_type"]
            change["change_type_label"] = ChangeType(kind).label if kind else ""
    return {
        "article": article,
        "revision": revision,
        "rendered": rendered,
        "audiences": audiences(),
        "audience": audience,
        "is_default_audience": audience == default_audience(),
        "is_approved": approved,
        "steps": stepper(revision.state),
        "dates": dates,
        "changes": changes,
        "question_max_length": settings.READER_QUESTION_MAX_LENGTH,
    }


# The question box sits on pages that shared caches keep, so the form cannot carry a
# per-visitor CSRF token. The endpoint changes no one's data and needs no login: it only
# files an anonymous question, behind a honeypot and a per-client rate limit.
@csrf_exempt
@require_POST
def article_question(request, slug: str):
    article, _revision = _article_for_reader(slug, with_content=False)
    audience = audience_or_default(request.POST.get("audience"))
    back = article.get_absolute_url()
    if audience != default_audience():
        back += "?" + urlencode({"audience": audience})
    limit, window = QUESTION_RATE
    if rate_limit_hit(scope="question", key=client_ip(request), limit=limit, window_seconds=window):
        return HttpResponse(
            "You have sent several questions in a short time. Please wait a few minutes.",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    form = ReaderQuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back + "#follow-up")
    if not form.is_spam:
        reader_question_create(article=article, audience=audience, text=form.cleaned_data["text"])
    # Bots get the same answer as people, so the honeypot does not reveal itself.
    messages.success(request, "Thank you. Our editors read every question.")
    return redirect(back + "#follow-up")
