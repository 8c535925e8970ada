"""The public site: index, article page, follow-up questions.

Article pages are built to be cached by browsers and shared caches: each audience has its
own URL, the page does not depend on who is logged in, and an ETag answers revalidation
with 304. Only the bare URL (which may redirect to the remembered audience) varies by
cookie.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.audiences import audience_or_default, audiences, default_audience
from articles.forms import ReaderQuestionForm
from articles.models import Article, Revision, RevisionState
from articles.pagecache import cache_get, cache_set
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
APPROVED_MAX_AGE = 300  # seconds a shared cache may serve an approved page unchecked
PAGE_CACHE_SECONDS = 24 * 3600
INDEX_PAGE_SIZE = 50


def stepper(state: str) -> list[dict]:
    current = STEP_OF_STATE[state]
    approved = state == RevisionState.APPROVED
    return [
        {"label": label, "done": i < current or approved, "current": i == current}
        for i, (_, label) in enumerate(STEPS)
    ]


@require_GET
def article_index(request):
    articles = (
        articles_public()
        .only("slug", "question", "specialty", "last_updated_at", "live_revision_id")
        .order_by("question", "pk")
    )
    page = Paginator(articles, INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/index.html", {"articles": page.object_list, "page": page})


def _article_for_reader(slug: str) -> tuple[Article, Revision]:
    """The article and the revision readers see, without the revision's content: the ETag
    and the page cache decide first whether the content needs loading at all."""
    article = get_object_or_404(
        Article.objects.select_related("live_revision").defer(
            "search_document", "live_revision__content"
        ),
        slug=slug,
    )
    if article.live_revision_id is None and article.pending_revision_id:
        # Fetched only when needed: the pending revision is invisible once one is live.
        article = (
            Article.objects.select_related("pending_revision")
            .defer("search_document", "pending_revision__content")
            .get(pk=article.pk)
        )
    revision = article_shown_revision(article)
    if revision is None:
        raise Http404("This article has not been published.")
    return article, revision


def reader_dates(article: Article, revision: Revision) -> dict:
    """The dates a reader sees. A revision still in review has only its submission date."""
    if revision.state != RevisionState.APPROVED:
        return {
            "published": None,
            "last_updated": revision.submitted_at,
            "last_reviewed": None,
            "next_review_due": None,
            "overdue": False,
        }
    due = article.next_review_due
    return {
        "published": article.published_at,
        "last_updated": article.last_updated_at,
        "last_reviewed": article.last_reviewed_at,
        "next_review_due": due,
        "overdue": bool(due and due < timezone.localdate()),
    }


def _etag(article: Article, revision: Revision, audience: str, dates: dict) -> str:
    parts = [
        settings.RELEASE,
        revision.pk,
        revision.state,
        revision.content_hash,
        audience,
        *(str(v) for v in dates.values()),
    ]
    return '"' + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32] + '"'


@require_GET
def article_detail(request, slug: str):
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
    article, revision = _article_for_reader(slug)
    dates = reader_dates(article, revision)
    approved = revision.state == RevisionState.APPROVED
    # A flash message makes the page personal; never let a shared cache keep it.
    personal = "messages" in request.COOKIES
    etag = None if personal else _etag(article, revision, audience, dates)
    last_modified = dates["last_reviewed"] or dates["last_updated"]
    if etag:
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp())
        )
        if not_modified is not None:
            _cache_headers(not_modified, approved=approved, personal=False, bare=requested is None)
            return not_modified

    response = _render_page(request, article, revision, audience, dates, etag=etag)
    if etag:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
    _cache_headers(response, approved=approved, personal=personal, bare=requested is None)
    if requested is not None:
        response.set_cookie(
            AUDIENCE_COOKIE, audience, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response


def _render_page(request, article, revision, audience, dates, *, etag):
    """The page's HTML, from the cache when this exact page was rendered before. A revision
    never changes, so the key (the ETag plus the host it is served under) never needs
    invalidating: a new revision, audience, date or release is a new key."""
    key = f"article-page:{etag}:{request.scheme}:{request.get_host()}" if etag else None
    html = cache_get(key) if key else None
    if html is not None:
        response = HttpResponse(html)
        response["X-Page-Cache"] = "hit"
        return response
    context = page_context(article=article, revision=revision, audience=audience, dates=dates)
    context["jsonld"] = jsonld_script_body(
        article_jsonld(
            request=request,
            article=article,
            revision=revision,
            rendered=context["rendered"],
            dates=dates,
        )
    )
    response = render(request, "articles/detail.html", context)
    if key:
        cache_set(key, response.content.decode(), timeout=PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
    return response


def _cache_headers(response, *, approved: bool, personal: bool, bare: bool) -> None:
    if approved and not personal:
        patch_cache_control(response, public=True, max_age=APPROVED_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
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
            .values("number", "comment", "decided_at")[:20]
        )
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
    article, _revision = _article_for_reader(slug)
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
