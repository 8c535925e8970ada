"""A translation's document says its language and the source revision it translates
(`lang`, `translation-of`) and each claim's source claim (`{source=...}`): exported and
imported again, nothing is lost; a wrong tie is refused with its line."""

import pytest

from articles.documents import article_import, document_from_article, working_copy_replace
from articles.errors import ArticleImportError
from articles.models import Claim


def _source_uuids(article) -> list[str]:
    claims = Claim.objects.filter(section__article=article).order_by("section__order", "order")
    return [str(c.source_uuid) for c in claims]


def test_a_translation_exports_its_language_source_and_claim_ties(source, translation):
    text = document_from_article(article=translation)
    assert "\nlang: es\n" in text
    assert "translation-of:\n  slug: back-pain\n  revision: 1\n" in text
    for key in _source_uuids(translation):
        assert f"source={key}" in text


def test_a_translation_document_imports_again_with_the_same_ties(source, translation, editor):
    text = document_from_article(article=translation)
    expected = _source_uuids(translation)
    translation.delete()
    imported = article_import(text=text, owner=editor)
    assert imported.language == "es"
    assert imported.translation_of == source
    assert imported.source_revision == source.live_revision
    assert _source_uuids(imported) == expected
    assert document_from_article(article=imported) == text


def test_replacing_a_translations_working_copy_keeps_its_ties(translation, editor):
    text = document_from_article(article=translation)
    working_copy_replace(article=translation, text=text, actor=editor)
    assert document_from_article(article=translation) == text


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("lang: fr\n", "lang 'fr' is not a language of this site; use one of: en, es"),
        (
            "lang: es\ntranslation-of: {slug: nowhere, revision: 1}\n",
            "translation-of names 'nowhere', which is no article here",
        ),
        (
            "lang: es\ntranslation-of: {slug: back-pain, revision: 7}\n",
            "revision 7 of 'back-pain' is not an approved revision",
        ),
        (
            "lang: en\ntranslation-of: {slug: back-pain, revision: 1}\n",
            "'back-pain' is already in English",
        ),
        ("translation-of: back-pain\n", "translation-of must give the source's slug"),
    ],
)
def test_a_wrong_language_or_tie_is_refused_with_its_line(source, editor, front, message):
    text = f"---\nquestion: ¿Qué ayuda?\nslug: que-ayuda\n{front}---\n\nMuévase. {{.uncited}}\n"
    with pytest.raises(ArticleImportError) as caught:
        article_import(text=text, owner=editor)
    assert any(message in str(e) and e.line in (4, 5) for e in caught.value.errors), (
        caught.value.errors
    )


def test_the_api_says_an_articles_language_and_what_it_translates(client, live_translation):
    body = client.get("/api/v1/articles/back-pain-es/").json()
    assert body["language"] == "es"
    assert body["translation_of"] == {"slug": "back-pain", "revision": 1}
    source = client.get("/api/v1/articles/back-pain/").json()
    assert (source["language"], source["translation_of"]) == ("en", None)
