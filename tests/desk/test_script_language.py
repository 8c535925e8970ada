"""The desk's scripts say their own sentences in the page's language: every desk page loads
Django's JavaScript catalog as a script file (the Content-Security-Policy allows no inline
script), and the catalog answers in the staff page's language, as the page does."""

import json
import re

import pytest
from django.urls import reverse

from tests.conftest import make_article

CATALOGUE = reverse("javascript-catalog")
UNREACHABLE = (
    "The server could not be reached. Nothing was saved and nothing you typed is lost; try again."
)
UNREACHABLE_ES = (
    "No se pudo contactar con el servidor. No se guardó nada y no se perdió nada de lo que "
    "escribió; vuelva a intentarlo."
)


def _catalogue(response) -> dict:
    """The sentences the catalogue script defines (JSON in the script, non-ASCII escaped)."""
    found = re.search(r"const newcatalog = (\{.*?\n  \});", response.content.decode(), re.S)
    return json.loads(found.group(1))


def _scripts(page: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', page)


@pytest.mark.django_db
def test_a_desk_page_loads_the_catalogue_before_its_scripts(client, editor):
    article = make_article(editor)
    client.force_login(editor)
    page = client.get(reverse("editor:article", args=[article.slug])).content.decode()
    scripts = _scripts(page)
    assert CATALOGUE in scripts
    catalogue_at = scripts.index(CATALOGUE)
    assert all(
        catalogue_at < index
        for index, src in enumerate(scripts)
        if src.endswith(("js/desk.js", "js/editor.js"))
    )


@pytest.mark.django_db
def test_the_document_mode_page_loads_the_catalogue_before_its_script(client, editor):
    article = make_article(editor)
    client.force_login(editor)
    page = client.get(reverse("editor:document", args=[article.slug])).content.decode()
    scripts = _scripts(page)
    docmode = next(i for i, src in enumerate(scripts) if src.endswith("js/docmode.js"))
    assert scripts.index(CATALOGUE) < docmode


@pytest.mark.django_db
def test_on_a_spanish_desk_the_scripts_sentences_are_spanish(client, editor):
    client.force_login(editor)
    client.post(reverse("set_language"), {"language": "es", "next": reverse("editor:dashboard")})
    response = client.get(CATALOGUE)
    sentences = _catalogue(response)
    assert response["Content-Type"].startswith("text/javascript")
    assert sentences[UNREACHABLE] == UNREACHABLE_ES
    assert sentences["This claim is already the first."] == "Esta afirmación ya es la primera."
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_the_catalogue_follows_the_browsers_language_like_the_desk(client):
    spanish = _catalogue(client.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="es"))
    english = client.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert spanish[UNREACHABLE] == UNREACHABLE_ES
    assert "newcatalog" not in english
