"""Sitemap, robots.txt and RSS/Atom feeds of approved changes."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.models import Site
from django.contrib.syndication.views import Feed
from django.db.models import Exists, Max, OuterRef, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from articles.languages import default_language
from articles.links import public_url
from articles.models import Article, Revision, RevisionState
from articles.pagecache import catalogue_version, immutable_get, immutable_set
from articles.translations import withdrawn_q
from config.middleware_language import LANGUAGE_PARAMETER

SITEMAP_CACHE_SECONDS = 600  # a bound only: any article save starts a new catalogue version


class ArticleSitemap(Sitemap):
    """Approved articles only: a page still in review is noindex and stays out."""

    changefreq = "monthly"
    limit = 10_000

    def __init__(self, request):
        self.request = request

    def get_urls(self, page=1, site=None, protocol=None):
        # URLs start with the public address (settings.PUBLIC_BASE_URL), like every other
        # absolute link, instead of a Site row an admin has to keep in step.
        base = urlsplit(public_url("/"))
        urls = super().get_urls(page, Site(domain=base.netloc), base.scheme)
        _alternates_set(urls)
        return urls

    def items(self):
        # Each language's page is an entry of its own; an article in several languages
        # lists the others as alternates (hreflang), as its page does.
        translated = Article.objects.filter(translation_of=OuterRef("pk"))
        return (
            Article.objects.filter(live_revision__isnull=False, withdrawn_at__isnull=True)
            .exclude(withdrawn_q())
            .only("slug", "language", "translation_of_id", "last_updated_at", "last_reviewed_at")
            .annotate(translated=Exists(translated))
            .order_by("pk")
        )

    def lastmod(self, article):
        return article.last_reviewed_at or article.last_updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default walk over every item.
        latest = Article.objects.filter(
            live_revision__isnull=False, withdrawn_at__isnull=True
        ).aggregate(reviewed=Max("last_reviewed_at"), updated=Max("last_updated_at"))
        values = [v for v in latest.values() if v]
        return max(values) if values else None


def _alternates_set(urls: list[dict]) -> None:
    """Each entry of an article with translations (or of a translation) names every
    language's page, and the source's as x-default. One query, and only when a page of
    the sitemap has any."""
    roots = {
        url["item"].translation_of_id or url["item"].pk
        for url in urls
        if url["item"].translation_of_id or url["item"].translated
    }
    if not roots:
        return
    family: dict[int, list[tuple[str, str, bool]]] = {}
    rows = (
        Article.objects.filter(Q(pk__in=roots) | Q(translation_of_id__in=roots))
        .filter(live_revision__isnull=False, withdrawn_at__isnull=True)
        .exclude(withdrawn_q())
        .values_list("pk", "translation_of_id", "slug", "language")
        .order_by("translation_of_id", "language")
    )
    for pk, source_id, slug, language in rows:
        location = public_url(reverse("articles:detail", kwargs={"slug": slug}))
        family.setdefault(source_id or pk, []).append((language, location, source_id is None))
    for url in urls:
        members = family.get(url["item"].translation_of_id or url["item"].pk, [])
        if len(members) > 1:
            url["alternates"] = [
                {"lang_code": language, "location": location} for language, location, _ in members
            ] + [
                {"lang_code": "x-default", "location": location}
                for _, location, is_source in members
                if is_source
            ]


class PagesSitemap(Sitemap):
    """The site's own pages: the home page, the board and the policy pages, each in every
    interface language (`?lang=<code>`, config/middleware_language.py) with the others
    as its alternates, as the pages' heads name them."""

    changefreq = "monthly"
    URL_NAMES = (
        "articles:index",
        "reviews:board",
        "articles:editorial-policy",
        "articles:disclaimer",
        "articles:corrections",
    )

    def __init__(self, request):
        self.request = request

    def get_urls(self, page=1, site=None, protocol=None):
        base = urlsplit(public_url("/"))
        urls = super().get_urls(page, Site(domain=base.netloc), base.scheme)
        if len(settings.LANGUAGES) > 1:
            for url in urls:
                name, _code = url["item"]
                url["alternates"] = _page_alternates(name)
        return urls

    def items(self):
        return [(name, code) for name in self.URL_NAMES for code, _ in settings.LANGUAGES]

    def location(self, item):
        name, code = item
        return _page_location(name, code)


def _page_location(name: str, code: str) -> str:
    path = reverse(name)
    return path if code == settings.LANGUAGE_CODE else f"{path}?{LANGUAGE_PARAMETER}={code}"


def _page_alternates(name: str) -> list[dict]:
    alternates = [
        {"lang_code": code, "location": public_url(_page_location(name, code))}
        for code, _ in settings.LANGUAGES
    ]
    default = public_url(_page_location(name, settings.LANGUAGE_CODE))
    return [*alternates, {"lang_code": "x-default", "location": default}]


def _sitemaps(request) -> dict[str, Sitemap]:
    return {"pages": PagesSitemap(request), "articles": ArticleSitemap(request)}


def catalogue_cached(view):
    """Keep a sitemap's XML under the catalogue version (articles.pagecache), which any
    article save replaces: it is never behind a publication, and a repeat request costs
    no query and, from the local tier, no cache round trip. Only the page numbers the
    sitemap has are cached, so made-up query strings cannot fill the cache."""

    @wraps(view)
    def cached(request, *args, **kwargs):
        page = request.GET.get("p", "1")
        if set(request.GET) - {"p"} or not (page.isascii() and page.isdigit() and len(page) < 6):
            return view(request, *args, **kwargs)
        key = (
            f"sitemap:{catalogue_version()}:{view.__name__}:{kwargs.get('section', '')}:"
            f"{int(page)}:{request.scheme}:{request.get_host()}"
        )
        cached = immutable_get(key)
        if cached is not None:
            body, last_modified = cached
            response = HttpResponse(body, content_type="application/xml")
            if last_modified:
                response["Last-Modified"] = last_modified
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200:
            stored = (response.content, response.get("Last-Modified", ""))
            immutable_set(key, stored, timeout=SITEMAP_CACHE_SECONDS)
        return response

    return cached


# A sitemap index pointing at pages of at most `limit` URLs each, so 100,000 articles stay
# within the protocol's 50,000-URL limit per file. Shared caches may keep them for ten
# minutes; here they are cached until an article changes.
@require_GET
@sitemap_views.x_robots_tag
@cache_control(public=True, max_age=600)
@catalogue_cached
def sitemap_index(request):
    # Django's index view takes its host from the Site row; ours uses the public address,
    # like the sitemap pages and robots.txt.
    pages = public_url(reverse("sitemap-section", kwargs={"section": "pages"}))
    items = [sitemap_views.SitemapIndexItem(pages, None)]
    site = ArticleSitemap(request)
    url = public_url(reverse("sitemap-section", kwargs={"section": "articles"}))
    lastmod = site.get_latest_lastmod()
    items += [
        sitemap_views.SitemapIndexItem(url if page == 1 else f"{url}?p={page}", lastmod)
        for page in range(1, site.paginator.num_pages + 1)
    ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )


@require_GET
@sitemap_views.x_robots_tag
@cache_control(public=True, max_age=600)
@catalogue_cached
def sitemap_section(request, section: str):
    return sitemap_views.sitemap(request, sitemaps=_sitemaps(request), section=section)


class ApprovedChangesFeed(Feed):
    """Every link and id is absolute and starts with settings.PUBLIC_BASE_URL (Django's
    Feed would prefix relative ones with the Sites record's domain), so entry ids stay
    the same whichever host a reader fetched the feed from."""

    title = "Approved changes"
    description = "Articles newly approved or updated after medical review."
    url_name = "articles:feed-rss"

    def link(self):
        return public_url(reverse("articles:index"))

    def feed_url(self):
        return public_url(reverse(self.url_name))

    # Atom requires an author for the feed or for every entry: the publisher.
    def author_name(self):
        return settings.SITE_NAME

    def author_link(self):
        return public_url(reverse("articles:index"))

    def items(self):
        return (
            Revision.objects.filter(
                state=RevisionState.APPROVED, article__withdrawn_at__isnull=True
            )
            .exclude(withdrawn_q("article__"))
            .select_related("article")
            .defer("content")
            .order_by("-decided_at", "-pk")[:30]
        )

    @property
    def language(self):
        # The feed's own language: the site's (each entry then says its own).
        return default_language()

    def item_extra_kwargs(self, revision):
        # Each entry says its article's language (feeds.LanguageRss/LanguageAtom write it).
        return {"language": revision.article.language}

    def item_title(self, revision):
        # The approved question, never the working copy's.
        return revision.article.public_question

    def item_description(self, revision):
        names = ", ".join(f"{r['name']}, {r['credentials']}" for r in revision.reviewers_distinct)
        reviewed = f" Reviewed by {names}." if names else ""
        kind = f"{revision.get_change_type_display()}. " if revision.change_type else ""
        summary = f"{revision.public_summary} " if revision.public_summary else ""
        return f"{kind}{summary}{reviewed}".strip()

    def item_categories(self, revision):
        # Machine-readable for feed readers and pipelines: the Cochrane-style change type.
        return [revision.change_type] if revision.change_type else []

    def item_link(self, revision):
        return public_url(revision.article.get_absolute_url())

    def item_guid(self, revision):
        return public_url(f"{revision.article.get_absolute_url()}#revision-{revision.number}")

    item_guid_is_permalink = False

    def item_pubdate(self, revision):
        return revision.decided_at or revision.submitted_at

    def item_updateddate(self, revision):
        return revision.decided_at or revision.submitted_at


class LanguageRss(Rss201rev2Feed):
    """RSS 2.0 with each item's language as Dublin Core's dc:language."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("language"):
            handler.addQuickElement("dc:language", item["language"])


class LanguageAtom(Atom1Feed):
    """Atom with each entry's language as its xml:lang."""

    def write_items(self, handler):
        for item in self.items:
            attributes = {"xml:lang": item["language"]} if item.get("language") else {}
            handler.startElement("entry", attributes)
            self.add_item_elements(handler, item)
            handler.endElement("entry")


ApprovedChangesFeed.feed_type = LanguageRss


class ApprovedChangesAtomFeed(ApprovedChangesFeed):
    feed_type = LanguageAtom
    subtitle = ApprovedChangesFeed.description
    url_name = "articles:feed-atom"


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /editor/",
        "Disallow: /review/",
        "Disallow: /audit/",
        "Disallow: /accounts/",
        f"Sitemap: {public_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
