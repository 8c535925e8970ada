"""The front matter's language keys: `lang` (the article's language, a code of
settings.ARTICLE_LANGUAGES) and `translation-of` (the source article's slug and the number
of the approved source revision the document translates), docs/article-format.md."""

from articles.documents.yamlnodes import Entry, plain
from articles.languages import language_codes

LANGUAGE_KEYS = ("lang", "translation-of")


def language_read(entries: dict[str, Entry], problems: list) -> tuple[str, dict | None]:
    """(the language code or "", {"slug", "revision", "line"} or None)."""
    language = ""
    if "lang" in entries:
        entry = entries["lang"]
        value = plain(entry.node)
        # Pandoc writes a region too ("en-US"): the article's language is its first part.
        code = value.split("-")[0].lower() if isinstance(value, str) else None
        if code not in language_codes():
            problems.append(
                (
                    entry.key_line,
                    f"lang '{value}' is not a language of this site; use one of: "
                    f"{', '.join(language_codes())}",
                )
            )
        else:
            language = code
    if "translation-of" not in entries:
        return language, None
    entry = entries["translation-of"]
    value = plain(entry.node)
    slug = value.get("slug") if isinstance(value, dict) else None
    revision = value.get("revision") if isinstance(value, dict) else None
    if (
        not isinstance(value, dict)
        or set(value) != {"slug", "revision"}
        or not isinstance(slug, str)
        or isinstance(revision, bool)
        or not isinstance(revision, int)
    ):
        problems.append(
            (
                entry.key_line,
                "translation-of must give the source's slug and the number of the approved "
                "revision translated, as in {slug: upper-back-pain-treatment, revision: 3}",
            )
        )
        return language, None
    if not language:
        problems.append((entry.key_line, "a translation says its language: add 'lang'"))
    return language, {"slug": slug, "revision": revision, "line": entry.key_line}


def translation_tie(document, errors: list, *, article=None) -> dict:
    """What the document's `lang` and `translation-of` make of the article being imported
    (or, with `article`, replaced): {"language", "translation_of", "source_revision"}, each
    problem appended to `errors` as a DocumentError naming its line."""
    from articles.errors import DocumentError
    from articles.languages import default_language, language_name
    from articles.models import Article, Revision, RevisionState

    current = article.language if article is not None else default_language()
    language = document.language or current
    if article is not None and language != article.language:
        errors.append(
            DocumentError(f"the article is in {article.language}; its language cannot change")
        )
    tie = document.translation_of
    if tie is None:
        if article is not None and article.translation_of_id:
            return {
                "language": language,
                "translation_of": article.translation_of,
                "source_revision": article.source_revision,
            }
        return {"language": language, "translation_of": None, "source_revision": None}
    line = tie["line"]
    source = Article.objects.filter(slug=tie["slug"]).first()
    revision = (
        Revision.objects.filter(article=source, number=tie["revision"]).first() if source else None
    )
    problem = None
    if source is None:
        problem = f"translation-of names '{tie['slug']}', which is no article here"
    elif source.translation_of_id:
        problem = f"'{source.slug}' is itself a translation; translate its source instead"
    elif revision is None or revision.state != RevisionState.APPROVED:
        problem = f"revision {tie['revision']} of '{source.slug}' is not an approved revision"
    elif source.language == language:
        problem = f"'{source.slug}' is already in {language_name(language)}"
    elif article is not None and article.translation_of_id != source.pk:
        problem = "this document translates another article than this one"
    elif (
        article is None
        and Article.objects.filter(translation_of=source, language=language).exists()
    ):
        problem = f"'{source.slug}' already has a translation in {language_name(language)}"
    if problem:
        errors.append(DocumentError(problem, line))
        return {"language": language, "translation_of": None, "source_revision": None}
    return {"language": language, "translation_of": source, "source_revision": revision}
