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
        line, value = entry.key_line, _text(entry)
        if key == "link-citations":
            if value.lower() in ("false", "no"):
                warnings.append(
                    (
                        line,
                        gettext(
                            "link-citations is ignored: citation numbers always link to the list"
                        ),
                    )
                )
        # lang is the article's language here: articles.documents.translation reads it.
        elif key == "csl":
            name = value.rsplit("/", 1)[-1].removesuffix(".csl")
            if name != AMA_STYLE:
                warnings.append(
                    (
                        line,
                        gettext(
                            "csl '%(value)s' is ignored: the page cites in AMA style (%(style)s)"
                        )
                        % {"value": value, "style": AMA_STYLE},
                    )
                )
        elif key == "nocite":
            warnings.append(
                (
                    line,
                    gettext(
                        "nocite is ignored: the page lists only the references its claims cite"
                    ),
                )
            )
        elif key == "bibliography":
            warnings.append(
                (
                    line,
                    gettext(
                        "bibliography '%(value)s' is not read: put the references in the "
                        "'references' list of the metadata block"
                    )
                    % {"value": value},
                )
            )
        elif key == "author":
            warnings.append(
                (
                    line,
                    gettext("author is ignored: an article's editors are its owner and co-editors"),
                )
            )
        elif key == "date":
            warnings.append(
                (line, gettext("date is ignored: the page's dates come from the review workflow"))
            )
