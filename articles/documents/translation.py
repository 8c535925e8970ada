"""The front matter's language keys: `lang` (the article's language, a code of
settings.ARTICLE_LANGUAGES) and `translation-of` (the source article's slug and the number
of the approved source revision the document translates), docs/article-format.md."""

from django.utils.translation import gettext

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
                    gettext(
                        "lang '%(value)s' is not a language of this site; use one of: %(known)s"
                    )
                    % {"value": value, "known": ", ".join(language_codes())},
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
                gettext(
                    "translation-of must give the source's slug and the number of the approved "
                    "revision translated, as in {slug: upper-back-pain-treatment, revision: 3}"
                ),
            )
        )
        return language, None
    if not language:
        problems.append((entry.key_line, gettext("a translation says its language: add 'lang'")))
    return language, {"slug": slug, "revision": revision, "line": entry.key_line}


def translation_tie(document, errors: list, *, article=None) -> dict:
    """What the document's `lang` and `translation-of` make of the article being imported
    (or, with `article`, replaced): {"language", "translation_of", "source_revision"}, each
    problem appended to `errors` as a DocumentError naming its line."""
    from articles.errors import DocumentError
    from articles.languages import default_language
    from articles.models import Article, Revision

    current = article.language if article is not None else default_language()
    language = document.language or current
    if article is not None and language != article.language:
        errors.append(
            DocumentError(
                gettext("the article is in %(language)s; its language cannot change")
                % {"language": article.language}
            )
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
    source = Article.objects.filter(slug=tie["slug"]).first()
    revision = (
        Revision.objects.filter(article=source, number=tie["revision"]).first() if source else None
    )
    problem = _tie_problem(tie, source, revision, language=language, article=article)
    if problem:
        errors.append(DocumentError(problem, tie["line"]))
        return {"language": language, "translation_of": None, "source_revision": None}
    return {"language": language, "translation_of": source, "source_revision": revision}


def _tie_problem(tie: dict, source, revision, *, language: str, article) -> str | None:
    """Why `translation-of` cannot tie this document to `source` at `revision`, in the
    interface's language; None when it can."""
    from articles.languages import language_name
    from articles.models import Article, RevisionState

    if source is None:
        return gettext("translation-of names '%(slug)s', which is no article here") % {
            "slug": tie["slug"]
        }
    if source.translation_of_id:
        return gettext("'%(slug)s' is itself a translation; translate its source instead") % {
            "slug": source.slug
        }
    if revision is None or revision.state != RevisionState.APPROVED:
        return gettext("revision %(number)s of '%(slug)s' is not an approved revision") % {
            "number": tie["revision"],
            "slug": source.slug,
        }
    if source.language == language:
        return gettext("'%(slug)s' is already in %(language)s") % {
            "slug": source.slug,
            "language": language_name(language),
        }
    if article is not None and article.translation_of_id != source.pk:
        return gettext("this document translates another article than this one")
    if (
        article is None
        and Article.objects.filter(translation_of=source, language=language).exists()
    ):
        return gettext("'%(slug)s' already has a translation in %(language)s") % {
            "slug": source.slug,
            "language": language_name(language),
        }
    return None
