"""The configured article languages (settings.ARTICLE_LANGUAGES). Read from settings on
each call (never at import time) so tests and deployments can change them."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself ("Español"), as a language switch shows it
    search_config: str  # PostgreSQL text search configuration


def languages() -> list[Language]:
    return [Language(*entry) for entry in settings.ARTICLE_LANGUAGES]


def language_codes() -> list[str]:
    return [entry[0] for entry in settings.ARTICLE_LANGUAGES]


def default_language() -> str:
    """The site's own language: a new article's, and hreflang's x-default."""
    return settings.ARTICLE_LANGUAGES[0][0]


def language_name(code: str) -> str:
    """The language's name in itself; the code for a language no longer configured."""
    for entry in settings.ARTICLE_LANGUAGES:
        if entry[0] == code:
            return entry[1]
    known = settings.KNOWN_ARTICLE_LANGUAGES.get(code)
    return known[0] if known else code


def search_config(code: str) -> str:
    """The PostgreSQL text search configuration for text in `code` ("simple" for one it
    does not know)."""
    for entry in settings.ARTICLE_LANGUAGES:
        if entry[0] == code:
            return entry[2]
    known = settings.KNOWN_ARTICLE_LANGUAGES.get(code)
    return known[1] if known else "simple"


def stale_translations_withdrawn() -> bool:
    """Whether a translation behind its source is hidden from readers (else it stays
    public with a notice)."""
    return settings.STALE_TRANSLATIONS == "withdraw"
