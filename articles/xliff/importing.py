"""Reading an agency's XLIFF 2.0 file back into a translation's working copy.

Every target is written through the editing services (claim_update, claim_text_set,
section_rename, section_heading_texts_set, article_update_metadata), so each change is in
the history with its author, the edit lock and the edit rules apply, and one transaction
holds them all: a refusal, of the file or of any one target, leaves the database as it
was. A file made from another source revision than the one the working copy translates is
refused (its source texts are not the ones the working copy is tied to): download a new
file after catching up.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext
from lxml import etree
from translate.storage.xliff2 import SEGMENT_SEPARATOR, Xliff2File

from articles.errors import ArticleError
from articles.models import Article
from articles.services import (
    article_update_metadata,
    claim_text_set,
    claim_update,
    section_heading_texts_set,
    section_rename,
)
from articles.services._rows import article_lock_for_edit
from articles.xliff.exporting import source_tie
from articles.xliff.pieces import Piece, pieces_for, translation_require

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
# An article's XLIFF is tens of kilobytes; a file this large is not one of ours.
XLIFF_MAX_BYTES = 2 * 1024 * 1024
LISTED = 5


@dataclass(frozen=True)
class XliffImport:
    """What an import did: targets written, targets equal to the working copy already,
    and units whose target was empty, missing or the source's own words (kept as they
    were)."""

    changed: int
    unchanged: int
    untranslated: list[str]

    def summary(self) -> str:
        counts = {
            "changed": self.changed,
            "unchanged": self.unchanged,
            "untranslated": len(self.untranslated),
        }
        if not self.untranslated:
            return (
                gettext(
                    "XLIFF imported: %(changed)s unit(s) changed, %(unchanged)s already as in "
                    "the file, %(untranslated)s unit(s) untranslated (kept as they were)."
                )
                % counts
            )
        return gettext(
            "XLIFF imported: %(changed)s unit(s) changed, %(unchanged)s already as in the "
            "file, %(untranslated)s unit(s) untranslated (kept as they were): %(ids)s."
        ) % {**counts, "ids": _listed(self.untranslated)}


def _refuse(message: str) -> ArticleError:
    return ArticleError(
        gettext("The XLIFF file was not imported: %(reason)s") % {"reason": message},
        code="invalid_xliff",
    )


def _listed(ids: list[str]) -> str:
    if len(ids) <= LISTED:
        return ", ".join(ids)
    return gettext("%(ids)s and %(count)s more") % {
        "ids": ", ".join(ids[:LISTED]),
        "count": len(ids) - LISTED,
    }


def _root_check(data: bytes) -> None:
    """Parse once with entities unresolved, no DTD and no network, before the toolkit
    reads it: a DOCTYPE (the door to entity expansion attacks) is refused outright."""
    if len(data) > XLIFF_MAX_BYTES:
        raise _refuse(
            # Callers may read only one byte past the limit: no size is given.
            gettext(
                "it is over the limit of %(limit)s bytes. An article's XLIFF file is far "
                "smaller: was the right file chosen?"
            )
            % {"limit": f"{XLIFF_MAX_BYTES:,}"}
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise _refuse(
            gettext("it is not well-formed XML (%(error)s).") % {"error": error}
        ) from None
    if root.getroottree().docinfo.doctype:
        raise _refuse(gettext("it declares a DOCTYPE; XLIFF 2.0 files have none."))
    version = root.get("version", "")
    if etree.QName(root).namespace != XLIFF_NS or not version.startswith("2."):
        raise _refuse(
            gettext(
                'it is not an XLIFF 2 file (the root element must be <xliff version="2.0"> '
                "in the %(namespace)s namespace); export XLIFF 2.0 from your translation tool."
            )
            % {"namespace": XLIFF_NS}
        )
    files = root.findall(f"{{{XLIFF_NS}}}file")
    if len(files) != 1:
        raise _refuse(
            gettext("it has %(count)s <file> elements; the site's files have one.")
            % {"count": len(files)}
        )


def _language_check(store: Xliff2File, article: Article) -> None:
    for label, found, expected in (
        ("srcLang", store.getsourcelanguage(), article.translation_of.language),
        ("trgLang", store.gettargetlanguage() or "", article.language),
    ):
        # Tools may add a region ("es-ES"); the article's language is its first part.
        if found.split("-")[0].lower() != expected:
            raise _refuse(
                gettext(
                    "its %(attribute)s is '%(found)s', but this translation is from "
                    "'%(source)s' into '%(target)s'."
                )
                % {
                    "attribute": label,
                    "found": found,
                    "source": article.translation_of.language,
                    "target": article.language,
                }
            )


def _tie_check(store: Xliff2File, article: Article) -> None:
    file = store.body
    if file.get("id") != article.slug:
        raise _refuse(
            gettext("it was made for '%(made_for)s', not for '%(slug)s'.")
            % {"made_for": file.get("id"), "slug": article.slug}
        )
    if file.get("original") != source_tie(article):
        raise _refuse(
            gettext(
                "it was made from '%(made_from)s', but the working copy now translates "
                "'%(tie)s'. Download a new file and carry the translations over."
            )
            % {"made_from": file.get("original"), "tie": source_tie(article)}
        )


def _targets(store: Xliff2File, pieces: dict[str, Piece]) -> dict[str, str | None]:
    """{unit id: its target text, or None when empty or missing}; every unit id must be
    one of the working copy's, once, in one segment, with plain text."""
    targets: dict[str, str | None] = {}
    unknown, split, marked = [], [], []
    for unit in store.units:
        uid = unit.getid() or ""
        if SEGMENT_SEPARATOR in uid:
            split.append(uid.split(SEGMENT_SEPARATOR)[0])
            continue
        if uid not in pieces:
            unknown.append(uid)
            continue
        if uid in targets:
            raise _refuse(gettext("the unit '%(id)s' is in it twice.") % {"id": uid})
        element = unit.xmlelement.find(f"{{{XLIFF_NS}}}target")
        if element is not None and len(element):
            marked.append(uid)
            continue
        text = (unit.target or "").strip()
        targets[uid] = text or None
    if unknown:
        raise _refuse(
            gettext(
                "%(count)s unit id(s) are not in this translation: %(ids)s. Were units "
                "added, or the file made for another article?"
            )
            % {"count": len(unknown), "ids": _listed(unknown)}
        )
    if split:
        raise _refuse(
            gettext(
                "these units are split into several segments: %(ids)s; join each unit's "
                "segments in your tool."
            )
            % {"ids": _listed(sorted(set(split)))}
        )
    if marked:
        raise _refuse(
            gettext("these targets hold inline codes, which the site's texts never have: %(ids)s.")
            % {"ids": _listed(marked)}
        )
    return targets


def translation_xliff_import(*, article: Article, data: bytes, actor) -> XliffImport:
    """Write the file's targets into the translation's working copy (articles.xliff), in
    one transaction. Units whose target is empty or repeats the source keep the working
    copy's text and are counted as untranslated; units of the working copy missing from
    the file are kept."""
    translation_require(article)
    _root_check(data)
    try:
        store = Xliff2File.parsestring(data)
    except (ValueError, etree.XMLSyntaxError) as error:
        raise _refuse(
            gettext("it could not be read as XLIFF 2.0 (%(error)s).") % {"error": error}
        ) from None
    with transaction.atomic():
        article = article_lock_for_edit(article_id=article.pk, actor=actor)
        _language_check(store, article)
        _tie_check(store, article)
        pieces = {piece.id: piece for piece in pieces_for(article)}
        targets = _targets(store, pieces)
        changed, unchanged, untranslated = 0, 0, []
        for uid, text in targets.items():
            piece = pieces[uid]
            # CAT tools copy the source into a target nobody translated: that is no
            # translation, and must not overwrite one the working copy has.
            if text is None or text == piece.source:
                untranslated.append(uid)
            elif text == piece.current:
                unchanged += 1
            else:
                _apply(piece, text, article=article, actor=actor)
                changed += 1
    return XliffImport(changed=changed, unchanged=unchanged, untranslated=untranslated)


def _apply(piece: Piece, text: str, *, article: Article, actor) -> None:
    try:
        _write(piece, text, article=article, actor=actor)
    except ArticleError as error:
        raise ArticleError(
            gettext("The XLIFF file was not imported: unit '%(id)s': %(reason)s")
            % {"id": piece.id, "reason": error.message},
            code=error.code,
        ) from None


def _write(piece: Piece, text: str, *, article: Article, actor) -> None:
    if piece.kind in ("question", "title"):
        article.refresh_from_db()
        article_update_metadata(
            article=article,
            actor=actor,
            question=text if piece.kind == "question" else article.question,
            title=text if piece.kind == "title" else article.title,
            specialty=article.specialty,
            origin=article.origin,
        )
    elif piece.kind == "heading":
        section_rename(section=piece.row, actor=actor, heading=text)
    elif piece.kind == "heading-text":
        section_heading_texts_set(section=piece.row, actor=actor, texts={piece.audience: text})
    elif piece.kind == "claim":
        claim = piece.row
        claim_update(
            claim=claim,
            actor=actor,
            text=text,
            evidence=claim.evidence,
            no_citation_needed=claim.no_citation_needed,
        )
    else:
        claim_text_set(claim=piece.row, actor=actor, audience=piece.audience, text=text)
