"""Writing a translation's working copy as an XLIFF 2.0 file, with the Translate Toolkit.

The toolkit's XLIFF 2.0 writer (translate.storage.xliff2, 3.20) puts `xml:space` and
`<notes>` on `<segment>`, where the XLIFF 2.0 core schema allows neither; both belong to
`<unit>`. `_unit_conform` moves them, so agencies' tools that validate accept the file.
"""

from lxml import etree
from translate.storage.xliff2 import Xliff2File

from articles.models import Article
from articles.xliff.pieces import Piece, pieces_for

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def source_tie(article: Article) -> str:
    """The `original` of the file's <file>: the source article and the approved revision
    the file's source texts come from."""
    return f"{article.translation_of.slug}/revisions/{article.source_revision.number}"


def xliff_filename(article: Article) -> str:
    return f"{article.slug}.{article.translation_of.language}-{article.language}.xlf"


def translation_xliff_export(*, article: Article) -> bytes:
    """The translation's working copy as XLIFF 2.0: srcLang the source's language, trgLang
    the translation's, one <unit> per piece (articles.xliff.pieces), its target the
    working copy's wording where the translator has written one (else no target, state
    "initial")."""
    article = Article.objects.select_related("translation_of", "source_revision").get(pk=article.pk)
    pieces = pieces_for(article)
    source = article.translation_of
    store = Xliff2File()
    store.setsourcelanguage(source.language)
    store.settargetlanguage(article.language)
    store.body.set("id", article.slug)
    store.body.set("original", source_tie(article))
    _notes_add(
        store.body,
        [
            (
                "source",
                f"Source: {source.slug}, approved revision {article.source_revision.number} "
                f"({source.language}). Translation: {article.slug} ({article.language}).",
            ),
            (
                "instructions",
                "Translate each unit's source into its target. Citations are kept by the "
                "site outside the text: do not add reference numbers or markers.",
            ),
        ],
    )
    for piece in pieces:
        _unit_add(store, piece)
    return bytes(store)


def _unit_add(store: Xliff2File, piece: Piece) -> None:
    unit = store.addsourceunit(piece.source)
    unit.setid(piece.id)
    if piece.translated:
        unit.target = piece.translated
        unit.marktranslated()
    _unit_conform(unit, piece.notes)


def _unit_conform(unit, notes: list[tuple[str, str]]) -> None:
    segment = unit.xmlelement
    element = unit.getunitelement()
    space = segment.attrib.pop(XML_SPACE, None)
    if space:
        element.set(XML_SPACE, space)
    _notes_add(element, notes)


def _notes_add(element, notes: list[tuple[str, str]]) -> None:
    """A <notes> first in `element` (a <file> or <unit>), one <note> per (category, text)."""
    if not notes:
        return
    namespace = etree.QName(element).namespace
    container = etree.Element(f"{{{namespace}}}notes")
    for category, text in notes:
        note = etree.SubElement(container, f"{{{namespace}}}note", category=category)
        note.text = text
    element.insert(0, container)
