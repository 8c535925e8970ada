"""The article languages in templates: a code's name in its own language."""

from django import template
from django.utils import translation

from articles.languages import language_name as _language_name

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    return _language_name(code)


@register.filter
def other_language(code: str) -> bool:
    """Whether text in `code` differs from the page's language, the interface's (a list
    then marks it with lang and names the language): on a Spanish page, an article in
    English is the other one."""
    return bool(code) and code != translation.get_language()
