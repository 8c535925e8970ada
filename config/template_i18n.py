"""Django's `i18n` template library, with `{% translate %}` of a literal remembered per
process (config/settings/base.py names this module as the library `{% load i18n %}`
loads, so every template gets it).

Django's tag makes a lazy translation of the literal on every render, then turns it into
a string, looking the active language up several times on the way: an article page has
some 70 of them, about a tenth of its rendering. What the tag returns for a literal
message depends only on the message, its literal context (`context "..."`), the active
translation catalogue and whether the template escapes; those are the key. A message
that is a variable, has filters or a context that is a variable is translated each time,
as before. A settings change (tests overriding LANGUAGES or LOCALE_PATHS, which make
Django load new catalogues) forgets everything."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.i18n import TranslateNode
from django.templatetags.i18n import do_translate as translate_tag
from django.templatetags.i18n import register as django_i18n
from django.utils.translation import trans_real

register = template.Library()
register.tags.update(django_i18n.tags)
register.filters.update(django_i18n.filters)

# Distinct (message, context, catalogue) triples kept: the site's interface strings in
# each language.
MESSAGES_KEPT = 4096


@lru_cache(maxsize=MESSAGES_KEPT)
def _translated(node: "RememberedTranslateNode", catalogue, message_context, autoescape):
    # The node is part of the key through its message and context only (its __eq__), so
    # one node stands for every node of the same message, with or without `as name`.
    return node.translate_now(autoescape=autoescape)


@receiver(setting_changed)
def _forget(**_kwargs) -> None:
    _translated.cache_clear()


def _literal(filter_expression) -> str | None:
    """The literal a filter expression is, when it is one alone (no filters)."""
    if filter_expression is None or filter_expression.filters:
        return None
    var = filter_expression.var
    if isinstance(var, str):  # a constant, resolved when parsed
        return var
    if getattr(var, "lookups", True) is not None:
        return None
    return var.literal


class RememberedTranslateNode(TranslateNode):
    def __init__(self, filter_expression, noop, asvar=None, message_context=None):
        super().__init__(filter_expression, noop, asvar, message_context)
        self.message = _literal(self.filter_expression)
        self.context_literal = _literal(message_context) if message_context else ""
        self.remembered = not noop and self.message is not None and self.context_literal is not None

    def __eq__(self, other):
        return (
            isinstance(other, RememberedTranslateNode)
            and self.message == other.message
            and self.context_literal == other.context_literal
        )

    def __hash__(self):
        return hash((self.message, self.context_literal))

    def translate_now(self, *, autoescape: bool) -> str:
        """What Django's tag renders for this literal now (the context's only part in it
        is whether it escapes)."""
        scratch = template.Context(autoescape=autoescape)
        rendered = super().render(scratch)
        return scratch[self.asvar] if self.asvar else rendered

    def render(self, context):
        if not (self.remembered and settings.USE_I18N):
            return super().render(context)
        value = _translated(self, trans_real.catalog(), self.context_literal, context.autoescape)
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


@register.tag("translate")
@register.tag("trans")
def translate(parser, token):
    node = translate_tag(parser, token)
    return RememberedTranslateNode(
        node.filter_expression, node.noop, node.asvar, node.message_context
    )
