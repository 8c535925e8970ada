"""The interface language of an article's pages: the language of the article itself, so a
Spanish article's buttons, dates and notices are Spanish and its page stays one page for
every reader (shared caches and the page cache keep it; nothing about the request counts).
config/middleware_language.py decides every other page's language."""

from django.conf import settings


def interface_language(code: str | None) -> str:
    """The interface language for content written in `code`: that language when the
    interface has a catalogue for it (settings.LANGUAGES), else the default."""
    if code:
        available = dict(settings.LANGUAGES)
        if code in available:
            return code
        base = code.split("-")[0]
        if base in available:
            return base
    return settings.LANGUAGE_CODE


def interface_language_for(article) -> str:
    """The interface language of an article's pages: its own language (Article.language)."""
    return interface_language(article.language)
