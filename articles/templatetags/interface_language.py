"""The public pages' interface-language switch (config/middleware_language.py): links to
the same page in each other interface language, as `?lang=<code>`.

The links are built only from the path and the parameters the template names (the
search words, the page number), never from the raw query string: the page they sit on is
cached under exactly those values."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.http import urlencode

from config.middleware_language import LANGUAGE_PARAMETER

register = template.Library()


@register.inclusion_tag("_language_switch.html", takes_context=True)
def language_switch(context, **params):
    request = context.get("request")
    if request is None:
        return {"links": []}
    current = translation.get_language()
    kept = {name: value for name, value in params.items() if value not in (None, "")}
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        query = dict(kept)
        if code != settings.LANGUAGE_CODE:
            query[LANGUAGE_PARAMETER] = code
        url = request.path + (f"?{urlencode(query)}" if query else "")
        links.append({"code": code, "name": name, "url": url})
    return {"links": links}
