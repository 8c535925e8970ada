"""The public pages' interface-language switch (config/middleware_language.py): links to
the same page in each other interface language, as `?lang=<code>`, and the same pages
named in the head as hreflang alternates, so search engines show each reader theirs.

The links are built only from the path and the parameters the template names (the
search words, the page number), never from the raw query string: the page they sit on is
cached under exactly those values."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.http import urlencode

from articles.links import public_url
from config.middleware_language import LANGUAGE_PARAMETER

register = template.Library()


def language_urls(path: str, **params) -> list[dict]:
    """The page at `path` in each interface language: code, name and URL (`?lang=<code>`
    for all but the default), keeping the named parameters."""
    kept = {name: value for name, value in params.items() if value not in (None, "")}
    urls = []
    for code, name in settings.LANGUAGES:
        query = dict(kept)
        if code != settings.LANGUAGE_CODE:
            query[LANGUAGE_PARAMETER] = code
        urls.append(
            {"code": code, "name": name, "url": path + (f"?{urlencode(query)}" if query else "")}
        )
    return urls


@register.inclusion_tag("_language_switch.html", takes_context=True)
def language_switch(context, **params):
    request = context.get("request")
    if request is None:
        return {"links": []}
    current = translation.get_language()
    return {"links": [u for u in language_urls(request.path, **params) if u["code"] != current]}


@register.inclusion_tag("_language_alternates.html", takes_context=True)
def language_alternates(context, **params):
    """<link rel="alternate" hreflang> for the page in every interface language, the
    default language's as x-default, at the public address (like the sitemap's)."""
    request = context.get("request")
    if request is None or len(settings.LANGUAGES) < 2:
        return {"alternates": []}
    alternates = [
        {"code": u["code"], "url": public_url(u["url"])}
        for u in language_urls(request.path, **params)
    ]
    default = next(a for a in alternates if a["code"] == settings.LANGUAGE_CODE)
    return {"alternates": [*alternates, {"code": "x-default", "url": default["url"]}]}
