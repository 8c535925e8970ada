"""Readers' follow-up questions through the API: no login, the page's rules, its limit."""

import json

import pytest

from articles.models import ReaderQuestion
from reviews.workflow import revision_submit
from tests.api.conftest import client_for
from tests.conftest import make_article

URL = "/api/v1/questions/"


@pytest.fixture
def shown(editor):
    article = make_article(editor)
    revision_submit(article=article, actor=editor, comment="In review")  # shown as pending
    return article


def error_of(response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error", "detail", "fields"}
    return response.status_code, body["error"]


def test_a_reader_sends_a_question_without_logging_in(api, shown):
    response = api.post(
        URL, {"article": "back-pain", "audience": "patient", "text": "Can I swim?"}, format="json"
    )
    assert response.status_code == 201
    assert response.json() == {"status": "received"}
    question = ReaderQuestion.objects.get()
    assert (question.article, question.audience, question.text) == (shown, "patient", "Can I swim?")
    assert question.history.get().history_user is None


def test_an_unknown_audience_is_filed_under_the_default_one(api, shown):
    api.post(URL, {"article": "back-pain", "audience": "x", "text": "Why?"}, format="json")
    assert ReaderQuestion.objects.get().audience == "clinician"


def test_a_question_about_an_unpublished_article_is_a_400(api, editor):
    make_article(editor)  # never submitted: readers cannot see it
    response = api.post(URL, {"article": "back-pain", "text": "Hello?"}, format="json")
    assert error_of(response) == (400, "invalid")
    assert "article" in response.json()["fields"]
    assert ReaderQuestion.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"article": "back-pain", "text": ""}, "text"),
        ({"article": "back-pain", "text": "x" * 2001}, "text"),
        ({"text": "No article"}, "article"),
    ],
)
def test_a_bad_question_is_a_400_naming_the_field(api, shown, body, field):
    response = api.post(URL, body, format="json")
    assert error_of(response) == (400, "invalid")
    assert field in response.json()["fields"]
    assert ReaderQuestion.objects.count() == 0


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x85", "\u202e", "\ud800"])
def test_a_question_with_a_control_character_is_a_400_naming_it(api, shown, char):
    body = json.dumps({"article": "back-pain", "text": f"Is{char} it?"})  # \ud800 escaped
    response = api.post(URL, body, content_type="application/json")
    assert error_of(response) == (400, "control_character")
    message = response.json()["fields"]["text"][0]
    assert f"(U+{ord(char):04X}) at position 3; remove it." in message
    assert ReaderQuestion.objects.count() == 0


def test_questions_are_limited_per_client_together_with_the_page_form(api, client, shown):
    for _ in range(4):
        api.post(URL, {"article": "back-pain", "text": "Again?"}, format="json")
    client.post("/articles/back-pain/question/", {"text": "From the page"})
    response = api.post(URL, {"article": "back-pain", "text": "One more?"}, format="json")
    assert error_of(response) == (429, "throttled")
    assert ReaderQuestion.objects.count() == 5


def test_a_form_post_is_a_415(api, shown):
    response = api.post(URL, {"article": "back-pain", "text": "Hi"})  # multipart
    assert error_of(response) == (415, "unsupported_media_type")


def test_a_bad_token_does_not_matter_to_a_question(shown):
    client = client_for(shown.owner)
    client.credentials(HTTP_AUTHORIZATION="Bearer mda_wrong")
    response = client.post(URL, {"article": "back-pain", "text": "Hi"}, format="json")
    assert response.status_code == 201
