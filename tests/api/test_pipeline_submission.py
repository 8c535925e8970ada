"""A drafting pipeline submits through the API: an idempotency key makes retries safe, and
the AI-disclosure block and the summary for readers are recorded on the revision."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from articles.models import Revision
from tests.api.conftest import client_for
from tests.conftest import make_article

URL = "/api/v1/articles/back-pain/submit"
BODY = {
    "comment": "Drafted from the 2025 guideline; please check the dosing claims.",
    "public_summary": "First published.",
    "change_type": "update",
    "ai_disclosure": {
        "model": "gpt-4o-2024-08-06",
        "prompt_reference": "pipelines/drafting@3f2a1c",
        "human_editor": "Eda Editor",
    },
}


@pytest.fixture
def pipeline(editor):
    make_article(editor)
    return client_for(editor)


def test_the_submission_records_the_disclosure_and_the_summary(pipeline):
    response = pipeline.post(URL, BODY, format="json")
    assert response.status_code == 201, response.json()
    revision = Revision.objects.get()
    assert revision.ai_disclosure == BODY["ai_disclosure"]
    assert (revision.public_summary, revision.comment) == (BODY["public_summary"], BODY["comment"])
    detail = pipeline.get("/api/v1/articles/back-pain/revisions/1/").json()
    assert detail["ai_disclosure"] == BODY["ai_disclosure"]
    assert detail["public_summary"] == "First published."


def test_a_bad_disclosure_is_refused_with_its_reason(pipeline):
    body = {**BODY, "ai_disclosure": {"model": "gpt-4o"}}
    response = pipeline.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_ai_disclosure"
    assert "must name the human editor" in response.json()["detail"]
    assert not Revision.objects.exists()


def test_the_same_key_and_body_answer_the_same_without_a_second_revision(pipeline):
    first = pipeline.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = pipeline.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() == {"revision": 1, "state": "submitted"}
    assert again["Idempotent-Replayed"] == "true"
    assert Revision.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_clearly(pipeline):
    pipeline.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    other = pipeline.post(
        URL, {**BODY, "comment": "Another request"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other.status_code == 422
    assert other.json()["error"] == "idempotency_key_reused"
    assert "already used for a different request" in other.json()["detail"]
    assert Revision.objects.count() == 1


def test_without_a_key_a_second_submission_is_refused_as_usual(pipeline):
    pipeline.post(URL, BODY, format="json")
    again = pipeline.post(URL, BODY, format="json")
    assert (again.status_code, again.json()["error"]) == (409, "revision_open")


def test_keys_belong_to_the_token_that_sent_them(pipeline, editor):
    pipeline.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    another_token = client_for(editor)
    response = another_token.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    # Not a replay of the other token's answer: the request is made, and refused because
    # the revision is open.
    assert (response.status_code, response.json()["error"]) == (409, "revision_open")


def test_a_refused_request_is_not_remembered(pipeline, editor):
    refused = pipeline.post(
        URL, {**BODY, "public_summary": " "}, format="json", HTTP_IDEMPOTENCY_KEY="k-2"
    )
    assert refused.status_code == 400
    fixed = {**BODY, "public_summary": " "}
    fixed["public_summary"] = "First published."
    retried = pipeline.post(URL, fixed, format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    assert retried.status_code == 201


def test_keys_expire(pipeline, settings):
    settings.API_IDEMPOTENCY_HOURS = 24
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        pipeline.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    with time_machine.travel(start + dt.timedelta(hours=25), tick=False):
        later = pipeline.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (later.status_code, later.json()["error"]) == (409, "revision_open")


@pytest.mark.parametrize("key", ["", "x" * 256, "clé"])
def test_a_malformed_key_is_refused(pipeline, key):
    response = pipeline.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_idempotency_key")
    assert not Revision.objects.exists()
