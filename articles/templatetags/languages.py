"""The article languages in templates: a code's name in its own language."""

from django import template

from articles.languages import default_language
from articles.languages import language_name as _language_name

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    return _language_name(code)


@register.filter
def other_language(code: str) -> bool:
    """Whether text in `code` differs from the site's own language (a list then marks it
    with lang and names the language)."""
    return bool(code) and code != default_language()
