"""Hostile text sent the way people and programs send it: the editors' and reviewers'
forms over HTTP, and the API's JSON and documents. Never a server error; a refusal leaves
every table as it was; what is accepted is shown escaped on the editors' page."""

import json

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from api.tokens import api_token_create
from articles.models import Claim, Section
from articles.versions import article_version, claim_versions, section_versions
from reviews.workflow import revision_start_review, revision_submit
from tests.conftest import PASSWORD, freeze_revision, make_article
from tests.security.hostile import (
    MEGABYTE,
    WITH_DATABASE,
    assert_no_markup_injected,
    hostile_text,
    row_counts,
)


def _claim(article) -> Claim:
    return Claim.objects.filter(section__article=article, section__kind="body").order_by("pk")[0]


def _section(article) -> Section:
    return Section.objects.filter(article=article, kind="body").order_by("order")[0]


# Each form: its URL and the fields a person fills in, built for a fresh, unlocked article.
def _details(article, text):
    return (
        "editor:article-details",
        {"slug": article.slug},
        {
            "question": text,
            "title": text,
            "specialty": text,
            "origin": "human",
            "version": article_version(article),
        },
    )


def _section_add(article, text):
    return "editor:section-add", {"slug": article.slug}, {"heading": text}


def _section_rename(article, text):
    section = _section(article)
    return (
        "editor:section-rename",
        {"slug": article.slug, "pk": section.pk},
        {
            "heading": text,
            "version": section_versions([section.pk])[section.pk],
        },
    )


def _claim_add(article, text):
    return (
        "editor:claim-add",
        {"slug": article.slug, "pk": _section(article).pk},
        {
            "text": text,
            "text_patient": text,
            "evidence": "low",
        },
    )


def _claim_save(article, text):
    claim = _claim(article)
    return (
        "editor:claim-save",
        {"slug": article.slug, "pk": claim.pk},
        {
            "text": text,
            "text_patient": text,
            "text_student": text,
            "evidence": "moderate",
            "version": claim_versions([claim.pk])[claim.pk],
        },
    )


def _reference_new(article, text):
    return (
        "editor:reference-new",
        {"slug": article.slug, "pk": _claim(article).pk},
        {
            "csl_type": "article-journal",
            "title": text,
            "authors": f"{text}\n{text}, {text}",
            "container_title": text,
            "publisher": text,
            "genre": text,
            "issued": "2024",
            "url": text,
        },
    )


def _article_new(article, text):
    return "editor:article-new", {}, {"question": text, "origin": "human"}


EDITOR_FORMS = {
    f.__name__.strip("_"): f
    for f in (
        _details,
        _section_add,
        _section_rename,
        _claim_add,
        _claim_save,
        _reference_new,
        _article_new,
    )
}


@pytest.fixture
def calm_editor_page(client, editor):
    make_article(editor, slug="calm")
    client.force_login(editor)
    html = client.get(reverse("editor:article", kwargs={"slug": "calm"})).content.decode()
    return html


@pytest.mark.parametrize("form", sorted(EDITOR_FORMS))
@WITH_DATABASE
@given(text=hostile_text)
def test_an_editor_form_refuses_or_saves_hostile_text_and_shows_it_escaped(
    editor, calm_editor_page, form, text
):
    client = Client()
    client.force_login(editor)
    with transaction.atomic():
        article = make_article(editor, slug="target")
        name, kwargs, data = EDITOR_FORMS[form](article, text)
        before = row_counts()
        response = client.post(reverse(name, kwargs=kwargs), data)
        assert response.status_code in (200, 302, 400, 409), response.status_code
        if response.status_code != 302:
            assert row_counts() == before, f"{form} refused ({response.status_code}) but wrote"
        page = client.get(reverse("editor:article", kwargs={"slug": "target"}))
        assert page.status_code == 200
        assert_no_markup_injected(page.content.decode(), baseline=calm_editor_page)
        transaction.set_rollback(True)


def test_a_megabyte_claim_is_refused_or_saved_whole_never_a_500(client, editor):
    article = make_article(editor)
    client.force_login(editor)
    name, kwargs, data = _claim_save(article, "Calm text.")
    data["text"] = "<script>" + MEGABYTE
    before = row_counts()
    response = client.post(reverse(name, kwargs=kwargs), data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert row_counts() == before


# --- The reviewers' forms -----------------------------------------------------------------


@pytest.fixture
def review(editor, reviewer):
    revision = revision_submit(article=make_article(editor), actor=editor, comment="First")
    return revision_start_review(revision=revision, actor=reviewer)


REVIEW_FORMS = {
    "comment": lambda revision, text: {
        "claim_uuid": revision.content["sections"][0]["claims"][0]["uuid"],
        "text": text,
    },
    "request_changes": lambda revision, text: {"comment": text},
    "approve": lambda revision, text: {"password": PASSWORD, "meaning": text},
    "assign": lambda revision, text: {"reviewer": text},
}


@pytest.mark.parametrize("form", sorted(REVIEW_FORMS))
@WITH_DATABASE
@given(text=hostile_text)
def test_a_review_form_refuses_or_records_hostile_text_and_shows_it_escaped(
    review, reviewer, chief, form, text
):
    cache.clear()  # each example is a first attempt; the signing limit is tested elsewhere
    client = Client()
    client.force_login(chief if form == "assign" else reviewer)
    url = reverse(f"reviews:{form}", kwargs={"pk": review.pk})
    with transaction.atomic():
        calm = client.get(reverse("reviews:revision", kwargs={"pk": review.pk})).content.decode()
        before = row_counts()
        response = client.post(url, REVIEW_FORMS[form](review, text))
        assert response.status_code in (302, 400, 403, 409), response.status_code
        if response.status_code != 302:
            assert row_counts() == before, f"{form} refused ({response.status_code}) but wrote"
        page = client.get(reverse("reviews:revision", kwargs={"pk": review.pk}))
        assert page.status_code == 200
        assert_no_markup_injected(page.content.decode(), baseline=calm)
        transaction.set_rollback(True)


# --- The API ------------------------------------------------------------------------------


@pytest.fixture
def published(editor):
    article = make_article(editor)
    freeze_revision(article, editor)
    return article


@pytest.fixture
def token(editor):
    return api_token_create(user=editor, name="fuzz", actor=editor)[1]


def _api(client, method, url, body, content_type, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.generic(method, url, body, content_type=content_type, **headers)


@WITH_DATABASE
@given(
    text=hostile_text, audience=hostile_text, article=st.one_of(st.just("back-pain"), hostile_text)
)
def test_a_hostile_question_through_the_api_is_filed_or_refused(published, text, audience, article):
    body = json.dumps({"article": article, "text": text, "audience": audience})
    with transaction.atomic():
        before = row_counts()
        response = _api(Client(), "POST", "/api/v1/questions/", body, "application/json")
        assert response.status_code in (201, 400, 429), response.status_code
        if response.status_code != 201:
            assert row_counts() == before
        transaction.set_rollback(True)


@WITH_DATABASE
@given(
    fields=st.dictionaries(
        st.sampled_from(
            ["title", "DOI", "URL", "genre", "publisher", "container-title", "type", "note", "PMID"]
        ),
        hostile_text,
        min_size=1,
    )
)
def test_a_hostile_reference_through_the_api_is_saved_or_refused(editor, token, fields):
    with transaction.atomic():
        before = row_counts()
        response = _api(
            Client(), "POST", "/api/v1/references/", json.dumps(fields), "application/json", token
        )
        assert response.status_code in (201, 400, 409), response.status_code
        if response.status_code != 201:
            assert row_counts() == before
        transaction.set_rollback(True)


DOCUMENT = "---\nquestion: {q}\nslug: {slug}\n---\n\n{lead}\n\n## {heading}\n\n- {claim}\n"


@WITH_DATABASE
@given(
    q=hostile_text,
    slug=st.one_of(st.just("new-one"), hostile_text),
    lead=hostile_text,
    heading=hostile_text,
    claim=hostile_text,
    replace=st.booleans(),
)
def test_a_hostile_document_through_the_api_is_imported_or_refused(
    editor, token, q, slug, lead, heading, claim, replace
):
    body = DOCUMENT.format(q=q, slug=slug, lead=lead, heading=heading, claim=claim)
    with transaction.atomic():
        existing = make_article(editor, slug="existing")
        before = row_counts()
        if replace:
            url, method, done = f"/api/v1/articles/{existing.slug}/document", "PUT", 200
        else:
            url, method, done = "/api/v1/articles/", "POST", 201
        response = _api(
            Client(), method, url, body.encode("utf-8", "surrogatepass"), "text/markdown", token
        )
        assert response.status_code in (done, 400, 409, 413), response.status_code
        if response.status_code != done:
            assert row_counts() == before
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"comment": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"comment": "\\ud800"}',
        '{"comment": "a\\u0000b"}',
        '{"comment": 1e999}',
        "\ufeff{}",
        '{"comment": "x", "comment": "y"}',
    ],
    ids=["deep-array", "deep-value", "lone-surrogate", "nul", "infinity", "bom", "duplicate-key"],
)
def test_hostile_json_on_a_workflow_endpoint_is_answered_never_a_500(editor, token, body):
    article = make_article(editor)
    before = row_counts()
    response = _api(
        Client(), "POST", f"/api/v1/articles/{article.slug}/submit", body, "application/json", token
    )
    # 1e999 is read as the text "inf" and a repeated key keeps its last value, as JSON
    # readers do: those submit. The rest is refused as unreadable or invalid.
    assert response.status_code in (201, 400), response.status_code
    assert response["Content-Type"] == "application/json"
    if response.status_code != 201:
        assert row_counts() == before
