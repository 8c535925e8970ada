"""`{% url %}` with its reversals remembered per process (a template builtin, so every
template's `{% url %}` is this one; config/settings/base.py).

Reversing a name walks the URL resolver's dictionaries, which are kept per language:
about 0.1 ms each, and an article page has some 30 of them, nearly all the same on every
page ("reviews:board", the footer's links) or the same for a slug. What a reversal
returns depends only on its name and arguments, the current app, the URLconf, the
script prefix and the language, which are all part of the key; only plain string and
integer arguments are remembered (anything else is reversed each time). A URLconf change
(tests overriding ROOT_URLCONF) forgets everything."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as url_tag
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

# Distinct (name, arguments) pairs kept: the fixed links, and a few per article slug.
REVERSALS_KEPT = 4096


@lru_cache(maxsize=REVERSALS_KEPT)
def _reversed(view_name, args, kwargs, current_app, urlconf, prefix, language) -> str:
    return reverse(
        view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )


@receiver(setting_changed)
def _forget(*, setting, **_kwargs) -> None:
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGE_CODE"}:
        _reversed.cache_clear()


def _plain(value) -> bool:
    # A literal name in a template is a SafeString: a str all the same.
    return isinstance(value, (str, int))


def url_reverse(view_name, *, args: list, kwargs: dict, current_app) -> str:
    """reverse(), remembered when the name and arguments are plain strings and integers."""
    if not (
        _plain(view_name)
        and all(map(_plain, args))
        and all(map(_plain, kwargs.values()))
        and (current_app is None or _plain(current_app))
    ):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    return _reversed(
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())),
        current_app,
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        get_language(),
    )


class RememberedURLNode(URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = url_reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = url_tag(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
