"""Oversized requests answer 413 with a clear message (HTML on the site, JSON on the API)
and change nothing. config.middleware.RequestSizeLimitMiddleware."""

import json

import pytest
from django.test import override_settings

from articles.models import Article, ReaderQuestion
from references.models import Reference
from tests.conftest import freeze_revision, make_article

MB = 1024 * 1024


@pytest.fixture
def published(editor):
    article = make_article(editor)
    freeze_revision(article, editor)
    return article


def _question_url(article):
    return f"/articles/{article.slug}/question/"


def test_a_form_over_the_upload_limit_is_a_413_page_and_saves_nothing(client, published):
    response = client.post(_question_url(published), {"text": "x" * (3 * MB)})
    assert response.status_code == 413
    page = response.content.decode()
    assert "That was too large to accept" in page
    assert "2,621,440 bytes" in page
    assert "Nothing was saved" in page
    assert ReaderQuestion.objects.count() == 0


def test_a_form_within_the_limit_goes_through(client, published):
    response = client.post(_question_url(published), {"text": "Does heat help at night?"})
    assert response.status_code == 302
    assert ReaderQuestion.objects.count() == 1


@override_settings(REQUEST_BODY_MAX_BYTES=64 * 1024)
def test_an_upload_over_the_ceiling_is_refused_before_it_is_read(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    upload = SimpleUploadedFile("big.md", b"# Big\n\n" + b"word " * 20_000, "text/markdown")
    response = client.post("/editor/import/", {"file": upload})
    assert response.status_code == 413
    assert Article.objects.count() == 0


def test_json_over_the_limit_is_a_json_413_on_the_api(client, published):
    body = json.dumps({"article": published.slug, "text": "x" * (3 * MB)})
    response = client.post("/api/v1/questions/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "too_large"
    assert "2,621,440 bytes" in response.json()["detail"]
    assert ReaderQuestion.objects.count() == 0


def test_a_reference_file_over_its_limit_is_a_413_on_the_api(client, editor, settings):
    from api.tokens import api_token_create

    settings.REFERENCE_IMPORT_MAX_BYTES = 4096
    _, token = api_token_create(user=editor, name="import", actor=editor)
    record = "TY  - JOUR\nTI  - A title\nER  - \n"
    response = client.post(
        "/api/v1/references/import",
        record * 400,
        content_type="application/x-research-info-systems",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert Reference.objects.count() == 0


def test_a_lying_content_length_is_refused_from_the_header(client, published):
    response = client.generic(
        "POST",
        _question_url(published),
        b"text=hi",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(50 * MB),
    )
    assert response.status_code == 413
    assert ReaderQuestion.objects.count() == 0


def test_a_malformed_content_length_is_not_a_500(client, published):
    response = client.generic(
        "POST",
        _question_url(published),
        b"",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH="lots",
    )
    assert response.status_code == 302  # read as no body: the form's own refusal
    assert ReaderQuestion.objects.count() == 0
