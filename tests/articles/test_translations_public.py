"""What readers see of an article in several languages: the language switch, hreflang,
lang, JSON-LD, the "behind the source" notice (or its withdrawal), lists, the sitemap,
feeds and search."""

import json
import re

import pytest
from django.db import connection

from articles.models import Claim
from articles.search import articles_search
from config.history import history_save
from reviews.workflow import revision_submit
from tests.translating import approve


def _page(client, slug: str) -> str:
    response = client.get(f"/articles/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def _jsonld(html: str) -> dict:
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )


def _source_goes_live_again(source, editor, reviewer, password):
    claim = Claim.objects.filter(section__article=source).order_by("pk").first()
    claim.text = "Keep moving, use heat, and walk for 20 minutes a day."
    history_save(claim, actor=editor, reason="Edited")
    approve(revision_submit(article=source, actor=editor, comment="Walking"), reviewer, password)


def test_the_spanish_page_marks_its_language_and_links_the_english_one(client, live_translation):
    html = _page(client, "back-pain-es")
    assert '<h1 id="article-question" lang="es">' in html
    assert '<div class="article-lead" lang="es">' in html
    assert '<div class="article-body" lang="es">' in html
    base = "http://testserver" if "testserver" in html else ""
    assert re.search(r'<link rel="alternate" hreflang="en" href="[^"]*/articles/back-pain/">', html)
    assert re.search(
        r'<link rel="alternate" hreflang="es" href="[^"]*/articles/back-pain-es/">', html
    )
    assert re.search(
        r'<link rel="alternate" hreflang="x-default" href="[^"]*/articles/back-pain/">', html
    )
    switch = re.search(r'<nav class="language-switch".*?</nav>', html, re.S)[0]
    assert '<a href="/articles/back-pain/" hreflang="en" lang="en">English</a>' in switch
    assert '<span aria-current="page" lang="es">Español</span>' in switch
    assert base is not None


def test_the_spanish_pages_structured_data_says_its_language_and_its_source(
    client, live_translation
):
    data = _jsonld(_page(client, "back-pain-es"))
    assert data["inLanguage"] == "es"
    assert data["translationOfWork"]["url"].endswith("/articles/back-pain/")
    assert data["translationOfWork"]["inLanguage"] == "en"
    source = _jsonld(_page(client, "back-pain"))
    assert source["inLanguage"] == "en"
    assert source["workTranslation"][0]["url"].endswith("/articles/back-pain-es/")


def test_the_english_page_offers_the_spanish_translation(client, live_translation):
    html = _page(client, "back-pain")
    assert '<a href="/articles/back-pain-es/" hreflang="es" lang="es">Español</a>' in html
    assert 'lang="en"' in html


def test_an_article_in_one_language_has_no_switch_and_no_alternates(client, source):
    html = _page(client, "back-pain")
    assert "language-switch" not in html
    assert "hreflang" not in html


def test_a_translation_not_yet_approved_is_not_offered_by_the_source(client, translation):
    html = _page(client, "back-pain")
    assert "language-switch" not in html


def test_the_translation_says_it_is_behind_once_the_source_goes_live_again(
    client, source, live_translation, editor, reviewer, password
):
    # Cached first: the source going live must reach the translation's cached page.
    assert "translation-behind" not in _page(client, "back-pain-es")
    assert "translation-behind" not in _page(client, "back-pain-es")
    _source_goes_live_again(source, editor, reviewer, password)
    html = _page(client, "back-pain-es")
    notice = re.search(r'<p class="caution translation-behind".*?</p>', html, re.S)[0]
    # In the translation's language, as the rest of its page (config/middleware_language.py).
    assert "Esta traducción está desactualizada respecto del original." in notice
    assert '<a href="/articles/back-pain/">Leer el original actual (English)</a>' in notice


def test_a_caught_up_translation_loses_the_notice(
    client, source, live_translation, editor, reviewer, hispanist, password
):
    from articles.services import translation_catch_up

    _source_goes_live_again(source, editor, reviewer, password)
    translation_catch_up(article=live_translation, actor=editor)
    approve(
        revision_submit(article=live_translation, actor=editor, comment="Caught up"),
        hispanist,
        password,
    )
    assert "translation-behind" not in _page(client, "back-pain-es")


def test_a_stale_translation_is_withdrawn_everywhere_when_the_site_says_so(
    client, source, live_translation, editor, reviewer, password, settings
):
    settings.STALE_TRANSLATIONS = "withdraw"
    assert client.get("/articles/back-pain-es/").status_code == 200
    _source_goes_live_again(source, editor, reviewer, password)
    assert client.get("/articles/back-pain-es/").status_code == 404
    assert "back-pain-es" not in client.get("/").content.decode()
    assert "back-pain-es" not in client.get("/sitemap-articles.xml").content.decode()
    assert "back-pain-es" not in client.get("/feeds/approved.atom").content.decode()
    assert "language-switch" not in _page(client, "back-pain")


def test_the_sitemap_lists_each_language_with_its_alternates(client, live_translation):
    xml = client.get("/sitemap-articles.xml").content.decode()
    assert xml.count("<loc>") == 2
    assert xml.count('hreflang="es"') == 2 and xml.count('hreflang="en"') == 2
    assert xml.count('hreflang="x-default"') == 2
    assert re.search(r'hreflang="x-default" href="[^"]*/articles/back-pain/"', xml)


def test_the_feeds_carry_each_entrys_language(client, live_translation):
    atom = client.get("/feeds/approved.atom").content.decode()
    assert 'xml:lang="es"' in atom and 'xml:lang="en"' in atom
    rss = client.get("/feeds/approved.rss").content.decode()
    assert "<dc:language>es</dc:language>" in rss
    assert "<language>en</language>" in rss


def test_the_index_marks_the_spanish_article_with_its_language(client, live_translation):
    html = client.get("/").content.decode()
    assert 'lang="es" hreflang="es">' in html
    assert '<span lang="es">Español</span>' in html


def _spanish_text(translation, editor) -> None:
    claim = Claim.objects.filter(section__article=translation).order_by("pk").first()
    claim.text = "Seguir caminando y aplicar calor alivia el dolor de espalda."
    history_save(claim, actor=editor, reason="Translated")


def test_search_finds_the_spanish_article_by_its_spanish_words(
    translation, editor, hispanist, password
):
    _spanish_text(translation, editor)
    approve(revision_submit(article=translation, actor=editor, comment="ES"), hispanist, password)
    slugs = [hit.article.slug for hit in articles_search(query="caminando calor").hits]
    assert slugs == ["back-pain-es"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL text search")
def test_on_postgresql_spanish_text_is_stemmed_as_spanish(translation, editor, hispanist, password):
    from articles.models import Article

    _spanish_text(translation, editor)
    approve(revision_submit(article=translation, actor=editor, comment="ES"), hispanist, password)
    # "caminar" finds "caminando" only through the Spanish stemmer (English leaves both
    # words as they are), and "alivian" finds "alivia".
    slugs = [hit.article.slug for hit in articles_search(query="caminar alivian").hits]
    assert slugs == ["back-pain-es"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM articles_article WHERE slug = %s", ["back-pain-es"]
        )
        vector = cursor.fetchone()[0]
    assert "'camin'" in vector
    assert Article.objects.get(slug="back-pain").search_vector is not None
