"""`{% remember %}...{% endremember %}`: a part of a template rendered once per process for
each set of values it reads, then reused (a template builtin; config/settings/base.py).

Meant for the parts every public page repeats (the site header and footer, the article
page's reading options, disclaimer and question form: dozens of translations, links and
conditions that come out the same for every article in a language) and for the article
page's parts made of a few stored values (the review panel: the revision's reviewers and
the article's dates; the list of approved versions). The key is worked out when the
template is parsed, from the block itself: every variable the block reads (a dotted path
such as `article.slug`, resolved as the template would resolve it), minus the names the
block binds itself (loop variables, `with`), plus the active translation catalogue, the
current time zone, the script prefix, the URLconf, the current app and whether the
template escapes. A block that holds anything this cannot see into (another custom tag,
a `{% block %}`, an `{% include %}`) is refused when the template is parsed, and a block
whose values are not plain data (strings, numbers, dates and lists or dicts of them) is
rendered each time. A settings change forgets everything."""

import datetime
import threading

from cachetools import LRUCache
from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import (
    FilterExpression,
    Node,
    TextNode,
    TokenType,
    Variable,
    VariableDoesNotExist,
    VariableNode,
)
from django.template.defaulttags import (
    AutoEscapeControlNode,
    CommentNode,
    ForNode,
    IfNode,
    TemplateLiteral,
    URLNode,
    WithNode,
)
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import trans_real

register = template.Library()

# Distinct (block, values) pairs kept: a few blocks, in each language and audience.
FRAGMENTS_KEPT = 1024
_PLAIN = (str, int, float, bool, type(None), datetime.date, datetime.datetime)
_MISSING = object()


class NotPlain(Exception):
    """A value the key cannot hold: the block is rendered instead."""


# Fragment HTML by (block, key): only strings are kept, never a context.
_fragments: LRUCache = LRUCache(maxsize=FRAGMENTS_KEPT)
_lock = threading.Lock()


@receiver(setting_changed)
def _forget(**_kwargs) -> None:
    with _lock:
        _fragments.clear()


def _hashable(value):
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _hashable(v)) for k, v in value.items())
    raise NotPlain


class RememberNode(Node):
    def __init__(self, nodelist, reads: tuple[str, ...]):
        self.nodelist = nodelist
        self.reads = reads
        self._variables = tuple(Variable(path) for path in reads)

    def _key(self, context) -> tuple:
        values = []
        for variable in self._variables:
            try:
                value = variable.resolve(context)
            except VariableDoesNotExist:
                value = _MISSING
            values.append(value if value is _MISSING else _hashable(value))
        request = context.get("request")
        current_app = getattr(request, "current_app", None)
        namespace = getattr(getattr(request, "resolver_match", None), "namespace", None)
        return (
            trans_real.catalog(),
            timezone.get_current_timezone(),
            get_script_prefix(),
            get_urlconf(),
            current_app,
            namespace,
            context.autoescape,
            tuple(values),
        )

    def render(self, context):
        try:
            key = (self, *self._key(context))
        except NotPlain:
            return self.nodelist.render(context)
        with _lock:
            html = _fragments.get(key)
        if html is None:
            html = self.nodelist.render(context)
            with _lock:
                _fragments[key] = html
        return html


@register.tag
def remember(parser, token):
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    reads: dict[str, None] = {}
    _reads_of(nodelist, bound=frozenset(), reads=reads)
    return RememberNode(nodelist, tuple(reads))


def _reads_of(nodes, *, bound: frozenset, reads: dict) -> None:
    for node in nodes:
        _node_reads(node, bound=bound, reads=reads)


def _node_reads(node, *, bound: frozenset, reads: dict) -> None:
    if isinstance(node, (TextNode, CommentNode)):
        return
    if isinstance(node, VariableNode):
        _expression(node.filter_expression, bound, reads)
    elif isinstance(node, AutoEscapeControlNode):
        _reads_of(node.nodelist, bound=bound, reads=reads)
    elif isinstance(node, IfNode):
        for condition, nodelist in node.conditions_nodelists:
            _condition(condition, bound, reads)
            _reads_of(nodelist, bound=bound, reads=reads)
    elif isinstance(node, ForNode):
        _expression(node.sequence, bound, reads)
        inner = bound | set(node.loopvars) | {"forloop"}
        _reads_of(node.nodelist_loop, bound=inner, reads=reads)
        _reads_of(node.nodelist_empty, bound=bound, reads=reads)
    elif isinstance(node, WithNode):
        for expression in node.extra_context.values():
            _expression(expression, bound, reads)
        _reads_of(node.nodelist, bound=bound | set(node.extra_context), reads=reads)
    elif isinstance(node, URLNode):
        for expression in [node.view_name, *node.args, *node.kwargs.values()]:
            _expression(expression, bound, reads)
    elif isinstance(node, StaticNode):
        _expression(node.path, bound, reads)
    elif isinstance(node, TranslateNode):
        _expression(node.filter_expression, bound, reads)
        if node.message_context:
            _expression(node.message_context, bound, reads)
    elif isinstance(node, BlockTranslateNode):
        for expression in node.extra_context.values():
            _expression(expression, bound, reads)
        if node.message_context:
            _expression(node.message_context, bound, reads)
        if node.counter is not None:
            _expression(node.counter, bound, reads)
        inner = bound | set(node.extra_context) | ({node.countervar} if node.countervar else set())
        for token in [*node.singular, *(node.plural or [])]:
            if token.token_type == TokenType.VAR and token.contents.split(".")[0] not in inner:
                reads[token.contents] = None
    else:
        raise template.TemplateSyntaxError(
            f"{{% remember %}} cannot see what a {type(node).__name__} reads; "
            "leave it outside the block."
        )
    # A name the block sets with `as` is still read from the context when it is read:
    # whatever it holds there before the block is part of the key, which is never wrong.


def _condition(condition, bound, reads) -> None:
    if condition is None:
        return
    if isinstance(condition, TemplateLiteral):
        _expression(condition.value, bound, reads)
        return
    for part in (getattr(condition, "first", None), getattr(condition, "second", None)):
        _condition(part, bound, reads)


def _expression(expression, bound, reads) -> None:
    if isinstance(expression, FilterExpression):
        _variable(expression.var, bound, reads)
        for _function, arguments in expression.filters:
            for lookup, argument in arguments:
                if lookup:
                    _variable(argument, bound, reads)
    else:
        _variable(expression, bound, reads)


def _variable(variable, bound, reads) -> None:
    if (
        isinstance(variable, Variable)
        and variable.lookups is not None
        and variable.lookups[0] not in bound
    ):
        reads[variable.var] = None
