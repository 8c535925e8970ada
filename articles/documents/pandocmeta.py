"""Pandoc's own metadata keys (docs/article-format.md). A file written for Pandoc carries
them; each is accepted where it means something here and named in a warning where it does
not, so nothing is refused without cause and nothing is dropped without a word."""

from django.utils.translation import gettext

from articles.documents.yamlnodes import Entry, plain

AMA_STYLE = "american-medical-association"
PANDOC_KEYS = ("author", "date", "lang", "nocite", "link-citations", "bibliography", "csl")


def _text(entry: Entry) -> str:
    value = plain(entry.node)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def pandoc_keys_read(entries: dict[str, Entry], *, warnings: list) -> None:
    """A (line, message) warning for each Pandoc key that has no meaning here."""
    for key in PANDOC_KEYS:
        entry = entries.get(key)
        if entry is None:
            continue
        message = _pandoc_key_warning(key, _text(entry))
        if message:
            warnings.append((entry.key_line, message))


def _pandoc_key_warning(key: str, value: str) -> str | None:
    """Why a Pandoc key's value has no effect here, in the interface's language; None when
    it does no harm (link-citations left on, the AMA style named, lang: read elsewhere)."""
    if key == "link-citations":
        if value.lower() in ("false", "no"):
            return gettext("link-citations is ignored: citation numbers always link to the list")
        return None
    # lang is the article's language here: articles.documents.translation reads it.
    if key == "csl":
        if value.rsplit("/", 1)[-1].removesuffix(".csl") == AMA_STYLE:
            return None
        return gettext("csl '%(value)s' is ignored: the page cites in AMA style (%(style)s)") % {
            "value": value,
            "style": AMA_STYLE,
        }
    if key == "nocite":
        return gettext("nocite is ignored: the page lists only the references its claims cite")
    if key == "bibliography":
        return gettext(
            "bibliography '%(value)s' is not read: put the references in the "
            "'references' list of the metadata block"
        ) % {"value": value}
    if key == "author":
        return gettext("author is ignored: an article's editors are its owner and co-editors")
    if key == "date":
        return gettext("date is ignored: the page's dates come from the review workflow")
    return None
