"""Django's `static` template library, with `{% static %}` remembering each path's URL per
process (config/settings/base.py names this module as the library `{% load static %}`
loads, so every template gets it).

With the manifest storage, each `{% static %}` looks the file's hashed name up and joins
it to STATIC_URL: some 8 per page, about a tenth of an article page's own rendering. The
URL depends only on the path and the settings (the storage, STATIC_URL, DEBUG), so a
settings change forgets everything; a missing file still raises each time."""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import StaticNode
from django.templatetags.static import register as django_static

register = template.Library()
register.tags.update(django_static.tags)
register.filters.update(django_static.filters)

# Distinct paths kept: the site's icons, style sheets and scripts.
PATHS_KEPT = 1024


@lru_cache(maxsize=PATHS_KEPT)
def _url(path: str) -> str:
    return StaticNode.handle_simple(path)


@receiver(setting_changed)
def _forget(**_kwargs) -> None:
    _url.cache_clear()


class RememberedStaticNode(StaticNode):
    def url(self, context):
        path = self.path.resolve(context)
        return _url(path) if isinstance(path, str) else self.handle_simple(path)


@register.tag("static")
def do_static(parser, token):
    return RememberedStaticNode.handle_token(parser, token)
