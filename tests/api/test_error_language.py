"""The API's own sentences (authentication, throttling, a bad request, an unknown address)
speak the language the URL names, `?lang=es`, and English without it; the machine code
never changes with the language."""

import pytest
from django.test import override_settings

from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_call_without_credentials_is_refused_in_spanish_with_lang_es(api):
    response = api.post("/api/v1/articles/?lang=es", {}, format="json")
    body = response.json()
    assert (response.status_code, body["error"]) == (401, "not_authenticated")
    assert body["detail"] == "Se requiere autenticación: envíe «Authorization: Bearer <token>»."


def test_the_same_refusal_is_english_without_lang(api):
    response = api.post("/api/v1/articles/", {}, format="json")
    assert response.json()["detail"] == (
        "Authentication is required: send 'Authorization: Bearer <token>'."
    )


def test_an_unknown_address_answers_in_the_language_the_url_names(api):
    assert api.get("/api/v1/nothing-here?lang=es").json()["detail"] == (
        "No hay nada en esta dirección."
    )
    assert api.get("/api/v1/nothing-here").json()["detail"] == "There is nothing at this address."


def test_a_method_an_endpoint_does_not_answer_is_named_in_spanish(api):
    body = api.get("/api/v1/questions/?lang=es").json()
    assert body["error"] == "method_not_allowed"
    assert body["detail"] == "Este punto de acceso no acepta solicitudes GET."


@override_settings(API_RATE_USER="1/hour")
def test_throttling_says_how_long_to_wait_in_spanish(editor):
    client = client_for(editor)
    assert client.get("/api/v1/references/?lang=es").status_code == 200
    response = client.get("/api/v1/references/?lang=es")
    body = response.json()
    assert body["error"] == "throttled"
    wait = int(response["Retry-After"])
    assert body["detail"].startswith("Demasiadas solicitudes; vuelva a intentarlo dentro de ")
    assert body["detail"].endswith(f" {wait} segundo." if wait == 1 else f" {wait} segundos.")


def test_a_query_that_is_not_valid_is_described_in_spanish(api):
    response = api.get("/api/v1/articles/", {"updated_since": "last tuesday", "lang": "es"})
    body = response.json()
    assert (response.status_code, body["error"]) == (400, "invalid")
    assert body["detail"] == "Algunos campos no son válidos: updated_since."
