"""The public site: index, article page, follow-up questions.

Article pages are built to be cached by browsers and shared caches: each audience has its
own URL, the page does not depend on who is logged in, and an ETag answers revalidation
with 304. Only the bare URL (which may redirect to the remembered audience) varies by
cookie.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.audiences import audience_or_default, default_audience
from articles.errors import ArticleError
from articles.forms import ReaderQuestionForm
from articles.interface_language import interface_language, interface_language_for
from articles.models import RevisionState
from articles.pagebody import PageBody, page_body_cached
from articles.pagecache import (
    PAGE_CACHE_SECONDS,
    article_page_state,
    article_page_state_local,
    catalogue_version,
    immutable_get,
    immutable_set,
)
from articles.pagegzip import (
    accepts_gzip,
    page_compress,
    page_response,
    representation_etag,
)
from articles.ratelimit import client_ip
from articles.reader import (
    ReaderLanguages,
    article_for_reader,
    article_withdrawn,
    page_context,
    page_etag,
    reader_dates,
    reader_languages,
    reader_question_file,
    reader_version,
    withdrawal_notice,
)
from articles.selectors import articles_public
from articles.structured_data import article_jsonld, jsonld_script_body

AUDIENCE_COOKIE = "audience"
INDEX_PAGE_SIZE = 50
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
# A bound only: any article save starts a new catalogue version at once.
INDEX_CACHE_SECONDS = 600


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
        # The interface language comes from the URL (?lang=), so it is part of the key.
        key = (
            f"article-index:{catalogue_version()}:{settings.ARTICLES_SHOW_PENDING:d}:"
            f"{translation.get_language()}:{int(number)}:{request.scheme}:{request.get_host()}"
        )
        html = immutable_get(key)
        if html is not None:
            response = HttpResponse(html)
            response["X-Page-Cache"] = "hit"
            return response
    articles = (
        articles_public()
        .only(
            "slug",
            "language",
            "public_question",
            "public_specialty",
            "last_updated_at",
            "live_revision_id",
        )
        .order_by("public_question", "pk")
    )
    page = Paginator(articles, INDEX_PAGE_SIZE).get_page(number)
    response = render(request, "articles/index.html", {"articles": page.object_list, "page": page})
    if key is not None:
        immutable_set(key, response.content, timeout=INDEX_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
    return response


def _not_modified(request, *, etag: str, last_modified: int):
    """A 304 when the request revalidates this representation of a version. The common
    case, a browser or cache sending back exactly our ETag and nothing else conditional,
    is decided without Django's general parsing; anything else goes through
    get_conditional_response."""
    meta = request.META
    if (
        meta.get("HTTP_IF_NONE_MATCH") == etag
        and "HTTP_IF_MATCH" not in meta
        and "HTTP_IF_UNMODIFIED_SINCE" not in meta
    ):
        return HttpResponseNotModified()
    if not any(header in meta for header in CONDITIONAL_HEADERS):
        return None
    return get_conditional_response(request, etag=etag, last_modified=last_modified)


@require_GET
def article_detail(request, slug: str):
    """Readers' page. The ETag and the page cache are decided from article_page_state (a
    handful of columns, itself cached for a few seconds), so a 304 or a page-cache hit
    touches neither the revision's content nor, mostly, the database or the network; only
    a miss loads and renders the revision. config.middleware_pagecache asks
    article_page_cached first, before the session, auth, lockout and history middleware."""
    requested = request.GET.get("audience")
    if requested is None:
        remembered = _remembered_audience(request)
        if remembered:
            url = reverse("articles:detail", kwargs={"slug": slug})
            response = redirect(f"{url}?{urlencode({'audience': remembered})}")
            patch_vary_headers(response, ["Cookie"])
            patch_cache_control(response, private=True, max_age=0)
            return response
    if getattr(request, "page_cache_declined", None) != slug:  # else asked already
        response = article_page_cached(request, slug, requested=requested)
        if response is not None:
            return response
    audience = audience_or_default(requested)
    state = article_page_state(slug=slug)
    version = reader_version(state=state, audience=audience) if state else None
    if version is None:
        if state and state.get("withdrawn_at") is not None:
            return _withdrawn_page(request, slug)
        raise Http404("This article has not been published.")
    personal = _personal(request)
    # The page speaks the article's language whoever asks, so one cached page serves all.
    with translation.override(interface_language(state["language"])):
        # The revision's text when it was rendered before: then its content is not loaded.
        body = page_body_cached(
            revision_id=version.revision_id, content_hash=version.content_hash, audience=audience
        )
        languages = reader_languages(state=state)
        response, approved = _render_page(
            request, slug, audience, personal=personal, body=body, languages=languages
        )
    _finish(response, requested, approved=approved, personal=personal)
    return response


def _withdrawn_page(request, slug: str) -> HttpResponse:
    """410 Gone with the notice: when and why the article left public view, and its
    version archive, which keeps what was published."""
    article = article_withdrawn(slug)
    if article is None:  # brought back between the two reads
        raise Http404("This article has not been published.")
    context = {"article": article, "notice": withdrawal_notice(article)}
    response = render(request, "articles/withdrawn.html", context, status=410)
    response["Cache-Control"] = f"public, max-age={settings.ARTICLE_PAGE_MAX_AGE}"
    return response


def _remembered_audience(request) -> str | None:
    """The audience a reader chose before, when the bare URL should redirect to it."""
    remembered = request.COOKIES.get(AUDIENCE_COOKIE)
    if remembered and audience_or_default(remembered) != default_audience():
        return remembered
    return None


def _personal(request) -> bool:
    # A flash message makes the page personal; never let a shared cache keep it. A
    # signed-in editor or reviewer (a session cookie; the session itself is not read)
    # gets the page rendered from the database, never from a cache: they see a change
    # they just published at once, even on another app server (docs/operations.md).
    return "messages" in request.COOKIES or settings.SESSION_COOKIE_NAME in request.COOKIES


def article_page_cached(request, slug: str, *, requested: str | None) -> HttpResponse | None:
    """The article page when a 304 or the page cache can answer, else None (the view then
    redirects, renders or answers 404). `requested` is the query's audience, if any. Reads
    no session, user or database row beyond article_page_state, so it can run before the
    middleware that would."""
    if _personal(request) or (requested is None and _remembered_audience(request)):
        return None
    audience = audience_or_default(requested)
    state = article_page_state(slug=slug)
    version = reader_version(state=state, audience=audience) if state else None
    if version is None:
        return None
    compressed = accepts_gzip(request)
    etag = representation_etag(version.etag, compressed=compressed)
    response = _not_modified(request, etag=etag, last_modified=version.last_modified)
    if response is None:
        key = _page_key(request, version.etag, interface_language(state["language"]))
        response = _cached_page(immutable_get(key), compressed=compressed)
    if response is None:
        return None
    response["ETag"] = etag
    response["Last-Modified"] = version.last_modified_http
    _finish(response, requested, approved=version.approved, personal=False)
    return response


def article_page_etag_local(*, slug: str, requested: str | None) -> str | None:
    """The ETag of the version article_page_cached would answer with, from this process's
    local tier alone (articles.pagecache.article_page_state_local); None when the state is
    not there or readers see no version. config.page_replay keys its answers with it."""
    state = article_page_state_local(slug=slug)
    if state is None:
        return None
    version = reader_version(state=state, audience=audience_or_default(requested))
    return version.etag if version is not None else None


def _finish(response, requested: str | None, *, approved: bool, personal: bool) -> None:
    _cache_headers(response, approved=approved, personal=personal, bare=requested is None)
    if requested is not None and response.status_code == 200:
        response.set_cookie(
            AUDIENCE_COOKIE,
            audience_or_default(requested),
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
        )
        # Max-Age alone: browsers honour it before Expires (RFC 6265 5.3), and without a
        # date in it the header is the same on every answer, so config.page_replay can
        # give it again.
        response.cookies[AUDIENCE_COOKIE]["expires"] = ""


def _page_key(request, etag: str, language: str) -> str:
    # A revision never changes, so the key (the ETag plus the host the page is served
    # under) never needs invalidating: a new revision, audience, date or release is a new
    # key. The interface language is the article's, so the ETag implies it; it is named
    # anyway, so a page rendered in one language can never answer for another.
    # The value is the page's gzip-compressed bytes (articles/pagegzip.py).
    return f"article-page-gz:{etag}:{language}:{request.scheme}:{request.get_host()}"


def _cached_page(compressed_page: bytes | None, *, compressed: bool) -> HttpResponse | None:
    if compressed_page is None:
        return None
    response = page_response(compressed_page, compressed=compressed)
    response["X-Page-Cache"] = "hit"
    return response


def _render_page(
    request,
    slug: str,
    audience: str,
    *,
    personal: bool,
    body: PageBody | None,
    languages: ReaderLanguages,
) -> tuple[HttpResponse, bool]:
    """Load the shown revision (its content only when its text must be rendered) and render
    the page. The ETag is recomputed from the rows just read, so the cached HTML is stored
    under exactly what it was made from."""
    article, revision = article_for_reader(slug, with_content=body is None)
    if body is not None and body.revision_id != revision.pk:
        body = None  # another revision went live in between: its text, from its content
    dates = reader_dates(article, revision)
    context = page_context(
        article=article,
        revision=revision,
        audience=audience,
        dates=dates,
        body=body,
        languages=languages,
    )
    context["jsonld"] = jsonld_script_body(
        article_jsonld(
            article=article,
            revision=revision,
            outline=context["outline"],
            dates=dates,
            languages=context["languages"],
        )
    )
    response = render(request, "articles/detail.html", context)
    if not personal:
        etag = page_etag(
            revision_id=revision.pk,
            state=revision.state,
            content_hash=revision.content_hash,
            audience=audience,
            dates=dates,
            release=settings.RELEASE,
            languages_key=languages.key,
        )
        last_modified = dates["last_reviewed"] or dates["last_updated"]
        key = _page_key(request, etag, translation.get_language())
        compressed_page = page_compress(response.content)
        immutable_set(key, compressed_page, timeout=PAGE_CACHE_SECONDS)
        compressed = accepts_gzip(request)
        if compressed:
            response.content = compressed_page
            response["Content-Encoding"] = "gzip"
        response["X-Page-Cache"] = "miss"
        response["ETag"] = representation_etag(etag, compressed=compressed)
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response, revision.state == RevisionState.APPROVED


def _cache_headers(response, *, approved: bool, personal: bool, bare: bool) -> None:
    # Set outright: nothing before this view writes Cache-Control on these responses.
    if approved and not personal:
        response["Cache-Control"] = f"public, max-age={settings.ARTICLE_PAGE_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-store"
    # Compressed or not, as the request accepts (articles/pagegzip.py); the bare URL
    # redirects readers who chose an audience before.
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"] if bare else ["Accept-Encoding"])


# The question box sits on pages that shared caches keep, so the form cannot carry a
# per-visitor CSRF token. The endpoint changes no one's data and needs no login: it only
# files an anonymous question, behind a honeypot and a per-client rate limit.
@csrf_exempt
@require_POST
def article_question(request, slug: str):
    article, _revision = article_for_reader(slug, with_content=False)
    audience = audience_or_default(request.POST.get("audience"))
    back = article.get_absolute_url()
    if audience != default_audience():
        back += "?" + urlencode({"audience": audience})
    with translation.override(interface_language_for(article)):
        return _question_answer(request, article, audience, back)


def _question_answer(request, article, audience: str, back: str):
    form = ReaderQuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back + "#follow-up")
    try:
        reader_question_file(
            article=article,
            audience=audience,
            text=form.cleaned_data["text"],
            client=client_ip(request),
            spam=form.is_spam,
        )
    except ArticleError as error:
        return HttpResponse(
            error.message, status=error.status, content_type="text/plain; charset=utf-8"
        )
    # Bots get the same answer as people, so the honeypot does not reveal itself.
    messages.success(request, _("Thank you. Our editors read every question."))
    return redirect(back + "#follow-up")
