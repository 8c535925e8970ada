"""The metadata block: article fields, checked key by key so that every problem can name
its line. Its `references:` list (CSL-JSON items) is read by reference_metadata.py."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.text import slugify
from django.utils.translation import gettext

from articles.disclosure import ai_disclosure_clean, public_summary_clean
from articles.documents.metadata_values import _empty, _max_length, _text
from articles.documents.pandocmeta import PANDOC_KEYS, pandoc_keys_read
from articles.documents.parsed import ParsedReference
from articles.documents.reference_metadata import _references_read
from articles.documents.translation import language_read
from articles.documents.yamlnodes import Entry, Node, plain
from articles.errors import ArticleError
from articles.models import Article, Origin

ARTICLE_KEYS = (
    "question",
    "title",
    "slug",
    "specialty",
    "origin",
    "change-summary",
    "ai-disclosure",
    "lang",
    "translation-of",
    "references",
)
# The front matter's spelling of the AI-disclosure block's fields (articles/disclosure.py).
AI_DISCLOSURE_KEYS = {"model": "model", "prompt": "prompt_reference", "editor": "human_editor"}


@dataclass
class Metadata:
    question: str = ""
    title: str = ""
    slug: str = ""
    specialty: str = ""
    origin: str = Origin.HUMAN.value
    # For the next submission (Article.draft_change_summary / draft_ai_disclosure).
    change_summary: str = ""
    ai_disclosure: dict | None = None
    # The article's language and, for a translation, its source (articles.documents.translation).
    language: str = ""
    translation_of: dict | None = None
    references: list[ParsedReference] = field(default_factory=list)
    slug_line: int = 1
    # False when the references could not be read, so citations cannot be checked.
    references_known: bool = True
    # Every id the block declares, even on a reference refused for another problem, so
    # that citing it is not reported as a second, misleading error.
    declared_ids: set[str] = field(default_factory=set)
    # (line, message) for Pandoc keys that mean nothing here (documents/pandocmeta.py).
    warnings: list[tuple[int, str]] = field(default_factory=list)


def metadata_read(root: Node | None, *, block_line: int, problems: list) -> Metadata:
    meta = Metadata()
    if root is None or not root.is_mapping:
        if root is not None:
            problems.append(
                (root.line, gettext("the metadata block must be a list of 'key: value' lines"))
            )
        problems.append((block_line, gettext("the metadata block has no 'question'")))
        meta.references_known = False
        return meta
    entries: dict[str, Entry] = root.value
    pandoc_keys_read(entries, warnings=meta.warnings)
    for key, entry in entries.items():
        if key not in ARTICLE_KEYS and key not in PANDOC_KEYS:
            problems.append(
                (
                    entry.key_line,
                    gettext("unknown metadata key '%(key)s'; known keys: %(known)s")
                    % {"key": key, "known": ", ".join(ARTICLE_KEYS)},
                )
            )

    if "question" not in entries:
        problems.append((block_line, gettext("the metadata block has no 'question'")))
    else:
        meta.question = _article_text(entries["question"], "question", problems, required=True)
    if "title" in entries:
        meta.title = _article_text(entries["title"], "title", problems)
    if "specialty" in entries:
        meta.specialty = _article_text(entries["specialty"], "specialty", problems)
    if "origin" in entries:
        origin = _text(entries["origin"], "origin", problems)
        if origin is not None and origin not in Origin.values:
            problems.append(
                (
                    entries["origin"].key_line,
                    gettext("origin '%(origin)s' is not known; use one of: %(known)s")
                    % {"origin": origin, "known": ", ".join(Origin.values)},
                )
            )
        elif origin is not None:
            meta.origin = origin
    _slug_read(meta, entries, block_line=block_line, problems=problems)
    _submission_read(meta, entries, problems)
    meta.language, meta.translation_of = language_read(entries, problems)

    if "references" in entries:
        node = entries["references"].node
        if node.value is None:
            pass  # "references:" with nothing under it: an empty list
        elif not node.is_sequence:
            problems.append(
                (entries["references"].key_line, gettext("references must be a list of CSL items"))
            )
            meta.references_known = False
        else:
            meta.references = _references_read(node.value, problems, meta.declared_ids)
    return meta


def _submission_read(meta: Metadata, entries: dict[str, Entry], problems: list) -> None:
    """The change summary for readers and the AI-disclosure block, checked by the same
    rules as a submission's (articles/disclosure.py)."""
    if "change-summary" in entries:
        entry = entries["change-summary"]
        text = _text(entry, "change-summary", problems)
        if text is not None:
            try:
                meta.change_summary = public_summary_clean(text)
            except ArticleError as refusal:
                problems.append((entry.key_line, refusal.message))
    if "ai-disclosure" not in entries:
        return
    entry = entries["ai-disclosure"]
    if not entry.node.is_mapping:
        problems.append(
            (entry.key_line, gettext("ai-disclosure must be a block of model, prompt and editor"))
        )
        return
    block = {}
    for key, item in entry.node.value.items():
        if key not in AI_DISCLOSURE_KEYS:
            problems.append(
                (
                    item.key_line,
                    gettext("unknown ai-disclosure key '%(key)s'; known keys: %(known)s")
                    % {"key": key, "known": ", ".join(AI_DISCLOSURE_KEYS)},
                )
            )
            continue
        block[AI_DISCLOSURE_KEYS[key]] = plain(item.node)
    try:
        meta.ai_disclosure = ai_disclosure_clean(block)
    except ArticleError as refusal:
        problems.append((entry.key_line, refusal.message))


def _article_text(entry: Entry, name: str, problems: list, *, required: bool = False) -> str:
    value = _text(entry, name, problems) if (required or entry.node.value is not None) else ""
    if value is None:
        return ""
    if required and not value:
        problems.append((entry.key_line, _empty(name)))
    limit = _max_length(Article, name)
    if len(value) > limit:
        problems.append((entry.key_line, _too_long(name, len(value), limit)))
    return value


def _too_long(key: str, length: int, limit: int) -> str:
    return gettext("%(key)s is %(length)s characters long; the limit is %(limit)s") % {
        "key": key,
        "length": length,
        "limit": limit,
    }


def _slug_read(meta: Metadata, entries: dict[str, Entry], *, block_line: int, problems: list):
    limit = _max_length(Article, "slug")
    if "slug" in entries:
        entry = entries["slug"]
        meta.slug_line = entry.key_line
        slug = _text(entry, "slug", problems)
        if slug is None:
            return
        problem = slug_problem(slug)
        if problem:
            problems.append((entry.key_line, problem))
        meta.slug = slug
        return
    meta.slug_line = entries["question"].key_line if "question" in entries else block_line
    meta.slug = slugify(meta.question)[:limit].strip("-")
    if meta.question and not meta.slug:
        problems.append(
            (meta.slug_line, gettext("no slug can be made from the question; add a 'slug' key"))
        )


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot be an article's slug, or None."""
    limit = _max_length(Article, "slug")
    if not slug:
        return _empty("slug")
    try:
        validate_slug(slug)
        if slug != slug.lower():
            # Django accepts capitals in a slug; URLs that differ only in case confuse
            # readers and caches, and slugify never makes them.
            raise ValidationError("capitals")
    except ValidationError:
        return gettext(
            "slug '%(slug)s' is not a valid slug; use only lower-case letters, digits "
            "and hyphens, e.g. 'upper-back-pain'"
        ) % {"slug": slug}
    if len(slug) > limit:
        return _too_long("slug", len(slug), limit)
    return None
