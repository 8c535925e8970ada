"""The interface language (config/middleware_language.py, articles/interface_language.py):
public pages speak their content's language or the one their URL names, never the
reader's browser's or cookie's, so every cache keeps one page per URL; staff pages speak
the signed-in person's choice."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import formats, translation

from articles.interface_language import interface_language, interface_language_for
from articles.pagecache import local_tier_clear
from tests.conftest import freeze_revision, make_article


@pytest.fixture
def live(editor):
    article = make_article(editor)
    freeze_revision(article, editor)
    return article


@pytest.fixture
def spanish(editor):
    """An approved article written in Spanish."""
    article = make_article(editor, slug="dolor-de-espalda", question="¿Qué alivia el dolor?")
    article.language = "es"
    article.save()
    freeze_revision(article, editor)
    return article


def test_content_in_a_language_with_a_catalogue_gets_that_interface_language():
    assert interface_language("es") == "es"
    assert interface_language("es-MX") == "es"


def test_content_in_a_language_without_a_catalogue_gets_the_default_interface():
    assert interface_language("fr") == "en"
    assert interface_language(None) == "en"


def test_an_articles_pages_get_the_articles_language(live, spanish):
    assert interface_language_for(live) == "en"
    assert interface_language_for(spanish) == "es"


@pytest.mark.django_db
def test_the_home_page_speaks_the_language_its_url_names(client):
    page = client.get("/?lang=es").content.decode()
    assert '<html lang="es">' in page
    assert "Preguntas médicas, respondidas y revisadas" in page
    assert "Todos los artículos" in page


@pytest.mark.django_db
def test_the_home_page_ignores_the_browsers_language_and_cookie(client):
    client.cookies["django_language"] = "es"
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="en">' in page
    assert "Medical questions, answered and reviewed" in page


@pytest.mark.django_db
def test_an_unknown_language_in_the_url_gets_the_default_interface(client):
    assert '<html lang="en">' in client.get("/?lang=xx").content.decode()


@pytest.mark.django_db
def test_links_between_public_pages_keep_the_chosen_language(client):
    page = client.get("/board/?lang=es").content.decode()
    assert 'href="/?lang=es"' in page
    assert 'href="/editorial-policy/?lang=es"' in page
    assert '<input type="hidden" name="lang" value="es">' in page


@pytest.mark.django_db
def test_a_public_page_offers_itself_in_the_other_language(client):
    english = client.get("/search/?q=pain").content.decode()
    assert 'href="/search/?q=pain&amp;lang=es" hreflang="es" lang="es">Español</a>' in english
    spanish = client.get("/search/?q=pain&lang=es").content.decode()
    assert 'href="/search/?q=pain" hreflang="en" lang="en">English</a>' in spanish


def test_an_article_page_speaks_the_articles_language(client, spanish):
    page = client.get(spanish.get_absolute_url()).content.decode()
    assert '<html lang="es">' in page
    assert "Cómo citar este artículo" in page
    assert "Revisado por nuestro Consejo Asesor Médico" in page
    assert "Cite this article" not in page


def test_an_article_page_ignores_the_url_language_and_the_browser(client, live):
    page = client.get(
        live.get_absolute_url() + "?lang=es", HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert '<html lang="en">' in page
    assert "Cite this article" in page


def test_a_spanish_article_pages_dates_read_in_spanish(client, spanish):
    page = client.get(spanish.get_absolute_url()).content.decode()
    shown = page.split('class="review-when"')[1].split("</time>")[0]
    when = spanish.last_updated_at
    with translation.override("es"):
        assert shown.endswith(f"{when.day} de {formats.date_format(when, 'F')} de {when.year}")


def test_the_english_page_is_exactly_what_the_templates_say_without_translation(client, live):
    """Marking the strings for translation changed nothing in English: the page with the
    translation machinery on is byte for byte the page with it off."""
    url = live.get_absolute_url()
    translated = client.get(url)
    cache.clear()
    local_tier_clear()
    with override_settings(USE_I18N=False):
        untranslated = client.get(url)
    assert translated["X-Page-Cache"] == untranslated["X-Page-Cache"] == "miss"
    assert translated.content == untranslated.content


def test_the_page_cache_keeps_the_home_page_per_language(client, live):
    english = client.get("/")
    spanish = client.get("/?lang=es")
    assert english["X-Page-Cache"] == "miss"
    assert spanish["X-Page-Cache"] == "miss"
    again_spanish = client.get("/?lang=es")
    again_english = client.get("/")
    assert again_spanish["X-Page-Cache"] == again_english["X-Page-Cache"] == "hit"
    assert b'<html lang="es">' in again_spanish.content
    assert b'<html lang="en">' in again_english.content


def test_the_page_cache_keeps_search_results_per_language(client, live):
    client.get("/search/?q=back")
    spanish = client.get("/search/?q=back&lang=es")
    assert spanish["X-Page-Cache"] == "miss"
    assert "resultado" in spanish.content.decode()
    english = client.get("/search/?q=back")
    assert english["X-Page-Cache"] == "hit"
    assert "result" in english.content.decode() and "resultado" not in english.content.decode()


def test_the_page_cache_never_gives_an_english_reader_a_spanish_article_page(client, live, spanish):
    english = live
    first = client.get(spanish.get_absolute_url())
    second = client.get(english.get_absolute_url())
    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "miss"
    cached_spanish = client.get(spanish.get_absolute_url())
    cached_english = client.get(english.get_absolute_url())
    assert cached_spanish["X-Page-Cache"] == cached_english["X-Page-Cache"] == "hit"
    assert b'<html lang="es">' in cached_spanish.content
    assert b'<html lang="en">' in cached_english.content


@pytest.mark.django_db
def test_a_staff_page_follows_the_browsers_language(client, editor):
    client.force_login(editor)
    response = client.get(reverse("editor:dashboard"), HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es">' in response.content.decode()
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_a_staff_member_can_choose_the_interface_language(client, editor):
    client.force_login(editor)
    client.post(reverse("set_language"), {"language": "es", "next": reverse("editor:dashboard")})
    response = client.get(reverse("editor:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="es">' in response.content.decode()


@pytest.mark.django_db
def test_the_staff_choice_does_not_reach_public_pages(client, editor):
    client.force_login(editor)
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_request_leaves_no_language_behind_for_the_next(client):
    client.get("/?lang=es")
    assert translation.get_language() == "en"
