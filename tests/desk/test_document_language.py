"""The problems found in an article document are written in the desk's language: Spanish
on a Spanish desk (the import page, document mode's live check and its refused save),
English by default and wherever no language is active (the API without ?lang=, commands)."""

import json

import pytest
from django.urls import reverse

from articles.documents import document_from_article
from articles.documents.parse import document_parse
from articles.errors import ArticleImportError
from tests.api.conftest import client_for
from tests.editing import nothing_written

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
BAD = "---\nquestion: Q?\nslug: bad\nreferences: []\n---\n\nA claim citing [@nowhere]\n"


def test_an_import_refusal_on_a_spanish_desk_names_each_problem_in_spanish(client, editor):
    client.force_login(editor)
    with nothing_written():
        response = client.post(reverse("editor:import"), {"text": BAD}, **SPANISH)
    page = response.content.decode()
    assert response.status_code == 400
    assert "la cita [@nowhere] no corresponde a ninguna referencia del bloque de metadatos" in page
    assert "does not match" not in page


def test_the_same_refusal_is_english_on_an_english_desk(client, editor):
    client.force_login(editor)
    response = client.post(reverse("editor:import"), {"text": BAD})
    assert "citation [@nowhere] does not match any reference" in response.content.decode()


def test_document_modes_live_check_answers_in_spanish_on_a_spanish_desk(client, editor, article):
    client.force_login(editor)
    text = document_from_article(article=article) + "\n> quoted\n"
    response = client.post(
        reverse("editor:document-check", args=[article.slug]),
        json.dumps({"text": text}),
        content_type="application/json",
        **SPANISH,
    )
    messages = [error["message"] for error in response.json()["errors"]]
    assert messages == [
        "no se admite una cita en bloque; un artículo se escribe con párrafos, títulos '## ' "
        "y elementos de lista '- '"
    ]


def test_a_footnote_in_a_heading_is_refused_in_spanish_too(client, editor, article):
    client.force_login(editor)
    text = document_from_article(article=article) + "\n## Heading[^1]\n\n- Claim. {.uncited}\n"
    response = client.post(
        reverse("editor:document-check", args=[article.slug]),
        json.dumps({"text": text}),
        content_type="application/json",
        **SPANISH,
    )
    messages = [error["message"] for error in response.json()["errors"]]
    assert "no se admiten notas al pie; una afirmación cita sus fuentes con [@id]" in messages


def test_the_api_reports_document_problems_in_the_language_its_url_names(editor):
    api = client_for(editor)
    spanish = api.post("/api/v1/articles/?lang=es", BAD, content_type="text/markdown").json()
    english = api.post("/api/v1/articles/", BAD, content_type="text/markdown").json()
    assert spanish["error"] == english["error"] == "invalid_document"
    assert spanish["detail"].startswith("El documento no se importó: línea 7: la cita [@nowhere]")
    assert english["detail"].startswith(
        "The document was not imported: line 7: citation [@nowhere]"
    )


def test_without_an_active_language_the_problems_are_english():
    with pytest.raises(ArticleImportError) as refused:
        document_parse(text=BAD)
    assert str(refused.value.errors[0]) == (
        "line 7: citation [@nowhere] does not match any reference in the metadata block"
    )


def test_a_metadata_problem_is_spanish_on_a_spanish_desk(client, editor):
    client.force_login(editor)
    text = "---\ntitle: T\nreferences: []\n---\n\nLead. {.uncited}\n"
    with nothing_written():
        response = client.post(reverse("editor:import"), {"text": text}, **SPANISH)
    page = response.content.decode()
    assert "el bloque de metadatos no tiene &#x27;question&#x27;" in page
