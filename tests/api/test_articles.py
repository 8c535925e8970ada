"""Articles through the API: reading published ones, creating from a document, the
document in and out, and submitting for review."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from articles.models import Article, Claim, Revision
from reviews.workflow import revision_approve, revision_start_review, revision_submit
from tests.api.conftest import EXAMPLE, client_for, markdown
from tests.conftest import PASSWORD, make_article, make_user

ARTICLES = "/api/v1/articles/"


def publish(article, editor, reviewer) -> Revision:
    revision = revision_submit(article=article, actor=editor, comment="First version")
    revision_start_review(revision=revision, actor=reviewer)
    return revision_approve(revision=revision, actor=reviewer, password=PASSWORD)


@pytest.fixture
def published(editor, reviewer):
    article = make_article(editor)
    publish(article, editor, reviewer)
    article.refresh_from_db()
    return article


def error_of(response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error", "detail", "fields"}, body
    assert body["detail"]
    return response.status_code, body["error"]


# --- Listing --------------------------------------------------------------------------


def test_the_list_shows_only_articles_with_a_live_revision(api, published, editor):
    draft = make_article(editor, slug="draft-only", question="A draft?")
    revision_submit(article=draft, actor=editor, comment="In review")
    body = api.get(ARTICLES).json()
    assert body["count"] == 1
    (item,) = body["results"]
    assert item["slug"] == "back-pain"
    assert item["revision"] == 1
    assert item["url"] == "http://testserver/api/v1/articles/back-pain/"
    assert item["last_reviewed"] is not None


def test_the_list_filters_by_specialty_in_any_case(api, editor, reviewer):
    for slug, specialty in (("a", "Cardiology"), ("b", "Dermatology")):
        article = make_article(editor, slug=slug, question=f"{slug}?")
        article.specialty = specialty
        article.save()
        publish(article, editor, reviewer)
    body = api.get(ARTICLES, {"specialty": "cardiology"}).json()
    assert [a["slug"] for a in body["results"]] == ["a"]


def test_the_list_filters_by_updated_since(api, editor, reviewer):
    old = make_article(editor, slug="old", question="Old?")
    publish(old, editor, reviewer)
    Article.objects.filter(pk=old.pk).update(  # test set-up only: backdate its dates
        last_updated_at=timezone.now() - timedelta(days=30),
        last_reviewed_at=timezone.now() - timedelta(days=30),
    )
    new = make_article(editor, slug="new", question="New?")
    publish(new, editor, reviewer)
    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    body = api.get(ARTICLES, {"updated_since": since}).json()
    assert [a["slug"] for a in body["results"]] == ["new"]


def test_a_bad_updated_since_is_a_400_naming_the_field(api, db):
    response = api.get(ARTICLES, {"updated_since": "last tuesday"})
    assert error_of(response) == (400, "invalid")
    assert "updated_since" in response.json()["fields"]


def test_the_list_is_paginated(api, editor, reviewer):
    for i in range(3):
        publish(make_article(editor, slug=f"a{i}", question=f"Q{i}?"), editor, reviewer)
    body = api.get(ARTICLES, {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert error_of(api.get(ARTICLES, {"page": 9}))[0] == 404


# --- One article ----------------------------------------------------------------------


def test_an_article_is_its_live_revision_with_numbers_references_and_reviewers(
    api, published, editor
):
    # A later working-copy edit is invisible until it is approved.
    Claim.objects.filter(section__article=published).update(text="Unreviewed text")
    body = api.get(f"{ARTICLES}back-pain/").json()
    assert body["question"] == "What helps back pain?"
    assert body["audience"] == "clinician"
    assert body["review_status"]["state"] == "approved"
    assert body["review_status"]["label"] == "Approved"
    assert body["review_status"]["content_hash"] == published.live_revision.content_hash
    lead, *sections = body["sections"]
    assert lead["kind"] == "lead"
    assert lead["claims"][0]["text"] == "Keep moving and use heat."
    assert lead["claims"][0]["citations"] == [1]
    assert [c["citations"] for c in sections[0]["claims"]] == [[1], [2]]
    assert [r["number"] for r in body["references"]] == [1, 2]
    assert body["references"][0]["csl"]["title"] == "Source back-pain 0"
    assert [r["name"] for r in body["reviewers"]] == ["Rhea Viewer"]
    assert body["dates"]["published"] is not None
    assert body["dates"]["next_review_due"] is not None
    assert body["links"]["web"] == "http://testserver/articles/back-pain/"


def test_an_audience_gets_its_own_texts_and_the_default_elsewhere(api, published):
    body = api.get(f"{ARTICLES}back-pain/", {"audience": "patient"}).json()
    assert body["audience"] == "patient"
    lead_claim = body["sections"][0]["claims"][0]
    assert (lead_claim["text"], lead_claim["in_audience"]) == ("Stay active.", True)
    other = body["sections"][1]["claims"][0]
    assert other["in_audience"] is False
    assert other["citations"] == [1]


@override_settings(API_RATE_ANON="2/minute")
def test_cached_article_reads_are_not_counted_but_every_render_is(api, published):
    url = f"{ARTICLES}back-pain/"
    cached = [api.get(url).status_code for _ in range(5)]  # rendered once, counted once

    rendered = api.get(url, {"audience": "patient"})  # a new body: counted
    over = api.get(url, {"audience": "student"})

    assert cached == [200] * 5
    assert rendered.status_code == 200
    assert error_of(over) == (429, "throttled")
    assert int(over["Retry-After"]) > 0


def test_an_unknown_audience_is_a_400(api, published):
    response = api.get(f"{ARTICLES}back-pain/", {"audience": "martian"})
    assert error_of(response) == (400, "invalid")
    assert "patient" in response.json()["fields"]["audience"][0]


def test_an_article_without_an_approved_revision_is_a_404(api, editor):
    article = make_article(editor)
    revision_submit(article=article, actor=editor, comment="In review")
    assert error_of(api.get(f"{ARTICLES}back-pain/")) == (404, "not_found")
    missing = api.get(f"{ARTICLES}no-such-article/")
    assert error_of(missing) == (404, "not_found")
    assert missing.json()["detail"] == "There is no article with the slug 'no-such-article'."


# --- Creating from a document ---------------------------------------------------------


def test_an_editor_creates_an_article_from_a_document(editor):
    response = markdown(client_for(editor), "post", ARTICLES, EXAMPLE)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "upper-back-pain-treatment"
    assert response["Location"] == body["links"]["api"]
    assert body["links"]["document"].endswith("/api/v1/articles/upper-back-pain-treatment/document")
    article = Article.objects.get(slug="upper-back-pain-treatment")
    assert article.owner == editor
    assert Claim.objects.filter(section__article=article).count() == 30


def test_the_slug_can_be_given_in_the_query(editor):
    response = markdown(client_for(editor), "post", f"{ARTICLES}?slug=upper-back", EXAMPLE)
    assert response.status_code == 201
    assert Article.objects.get().slug == "upper-back"


def test_a_bad_document_is_a_400_listing_problems_by_line_and_creates_nothing(editor):
    text = EXAMPLE.decode().replace("[@praxis-upper-back]", "[@nobody-2020]", 1)
    response = markdown(client_for(editor), "post", ARTICLES, text)
    assert error_of(response) == (400, "invalid_document")
    (problem,) = response.json()["fields"]["document"]
    assert problem.startswith("line ") and "nobody-2020" in problem
    assert Article.objects.count() == 0


def test_a_document_that_is_not_utf8_is_a_400(editor):
    response = markdown(client_for(editor), "post", ARTICLES, b"---\nquestion: \xff\n---\n")
    assert error_of(response) == (400, "invalid_document")
    assert Article.objects.count() == 0


def test_a_slug_already_taken_is_a_400(editor):
    markdown(client_for(editor), "post", ARTICLES, EXAMPLE)
    response = markdown(client_for(editor), "post", ARTICLES, EXAMPLE)
    assert error_of(response) == (400, "invalid_document")
    assert "already exists" in response.json()["fields"]["document"][0]


def test_creating_needs_an_editor(outsider, reviewer):
    for user in (outsider, reviewer):
        response = markdown(client_for(user), "post", ARTICLES, EXAMPLE)
        assert error_of(response) == (403, "not_editor")
    assert Article.objects.count() == 0


def test_creating_needs_authentication(api, db):
    assert error_of(markdown(api, "post", ARTICLES, EXAMPLE)) == (401, "not_authenticated")


def test_a_document_sent_as_json_is_a_415(editor):
    response = client_for(editor).post(ARTICLES, {"text": "x"}, format="json")
    assert error_of(response) == (415, "unsupported_media_type")


def test_an_empty_document_is_a_400(editor):
    response = markdown(client_for(editor), "post", ARTICLES, b"")
    assert error_of(response) == (400, "empty_body")


@override_settings(ARTICLE_IMPORT_MAX_BYTES=2048)
def test_a_document_over_the_size_limit_is_a_413_and_creates_nothing(editor):
    response = markdown(client_for(editor), "post", ARTICLES, EXAMPLE)
    assert error_of(response) == (413, "too_large")
    assert "2,048" in response.json()["detail"]
    assert Article.objects.count() == 0


# --- The document in and out ----------------------------------------------------------


def test_the_working_copy_comes_back_as_a_document_that_imports_again(editor):
    client = client_for(editor)
    markdown(client, "post", ARTICLES, EXAMPLE)
    response = client.get(f"{ARTICLES}upper-back-pain-treatment/document")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("---\n") and "[@praxis-upper-back]" in text
    again = markdown(client, "post", f"{ARTICLES}?slug=copy", text)
    assert again.status_code == 201, again.json()


def test_a_revision_comes_back_as_a_document(published, editor):
    published.question = "Changed afterwards?"
    published.save()
    client = client_for(editor)
    revision = client.get(f"{ARTICLES}back-pain/document", {"revision": 1}).content.decode()
    working = client.get(f"{ARTICLES}back-pain/document").content.decode()
    assert "question: What helps back pain?" in revision
    assert "question: Changed afterwards?" in working


def test_a_board_member_may_read_documents_but_an_outsider_may_not(published, reviewer2, outsider):
    assert client_for(reviewer2).get(f"{ARTICLES}back-pain/document").status_code == 200
    response = client_for(outsider).get(f"{ARTICLES}back-pain/document")
    assert error_of(response) == (403, "not_allowed")


def test_an_unknown_revision_document_is_a_404_and_a_bad_number_a_400(published, editor):
    client = client_for(editor)
    assert error_of(client.get(f"{ARTICLES}back-pain/document", {"revision": 7}))[0] == 404
    assert error_of(client.get(f"{ARTICLES}back-pain/document", {"revision": "x"}))[0] == 400


def test_an_editor_replaces_the_working_copy(editor):
    article = make_article(editor)
    response = markdown(client_for(editor), "put", f"{ARTICLES}back-pain/document", EXAMPLE)
    assert response.status_code == 200, response.json()
    article.refresh_from_db()
    assert article.slug == "back-pain"
    assert article.question == "What are the treatment options for upper back pain?"
    assert Claim.objects.filter(section__article=article).count() == 30


def test_creating_and_replacing_name_the_pandoc_keys_that_have_no_effect(editor):
    document = EXAMPLE.replace(b"---\n", b"---\nnocite: '[@*]'\n", 1)
    expected = "line 2: nocite is ignored: the page lists only the references its claims cite"
    created = markdown(client_for(editor), "post", ARTICLES, document)
    assert created.status_code == 201, created.json()
    assert created.json()["warnings"] == [expected]
    replaced = markdown(
        client_for(editor), "put", f"{ARTICLES}upper-back-pain-treatment/document", document
    )
    assert replaced.status_code == 200, replaced.json()
    assert replaced.json()["warnings"] == [expected]
    clean = markdown(client_for(editor), "put", replaced.json()["links"]["document"], EXAMPLE)
    assert clean.json()["warnings"] == []


def test_replacing_is_refused_with_409_while_a_revision_is_in_review(editor):
    article = make_article(editor)
    revision_submit(article=article, actor=editor, comment="In review")
    response = markdown(client_for(editor), "put", f"{ARTICLES}back-pain/document", EXAMPLE)
    assert error_of(response) == (409, "locked")
    article.refresh_from_db()
    assert article.question == "What helps back pain?"


def test_replacing_needs_an_editor_of_the_article(editor, editor2):
    make_article(editor)
    response = markdown(client_for(editor2), "put", f"{ARTICLES}back-pain/document", EXAMPLE)
    assert error_of(response) == (403, "not_editor")


def test_a_co_editor_and_an_editor_in_chief_may_replace(editor, editor2, chief):
    article = make_article(editor)
    article.co_editors.add(editor2)
    for user in (editor2, chief):
        response = markdown(client_for(user), "put", f"{ARTICLES}back-pain/document", EXAMPLE)
        assert response.status_code == 200


def test_a_bad_replacement_is_a_400_and_keeps_the_old_working_copy(editor):
    article = make_article(editor)
    response = markdown(
        client_for(editor), "put", f"{ARTICLES}back-pain/document", "---\nquestion: [\n---\n"
    )
    assert error_of(response) == (400, "invalid_document")
    assert Claim.objects.filter(section__article=article).count() == 5


# --- Submitting -----------------------------------------------------------------------


def test_an_editor_submits_the_working_copy(editor):
    make_article(editor)
    response = client_for(editor).post(
        f"{ARTICLES}back-pain/submit", {"comment": "First draft"}, format="json"
    )
    assert response.status_code == 201
    assert response.json() == {"revision": 1, "state": "submitted"}
    revision = Revision.objects.get()
    assert (revision.submitted_by, revision.comment) == (editor, "First draft")


def test_submitting_without_a_comment_is_a_400(editor):
    make_article(editor)
    response = client_for(editor).post(f"{ARTICLES}back-pain/submit", {}, format="json")
    assert error_of(response) == (400, "comment_required")
    assert "comment" in response.json()["fields"]
    assert Revision.objects.count() == 0


def test_submitting_twice_is_a_409(editor):
    make_article(editor)
    client = client_for(editor)
    client.post(f"{ARTICLES}back-pain/submit", {"comment": "One"}, format="json")
    response = client.post(f"{ARTICLES}back-pain/submit", {"comment": "Two"}, format="json")
    assert error_of(response) == (409, "revision_open")
    assert Revision.objects.count() == 1


def test_submitting_needs_an_editor_of_the_article(editor, editor2):
    make_article(editor)
    response = client_for(editor2).post(
        f"{ARTICLES}back-pain/submit", {"comment": "Mine now"}, format="json"
    )
    assert error_of(response) == (403, "not_editor")


def test_an_article_with_problems_cannot_be_submitted_and_the_problems_are_listed(editor):
    article = make_article(editor)
    Claim.objects.filter(
        section__article=article, section__order=1
    ).first().citations.all().delete()
    response = client_for(editor).post(
        f"{ARTICLES}back-pain/submit", {"comment": "Go"}, format="json"
    )
    assert error_of(response) == (409, "submission_problems")
    assert response.json()["fields"]["content"]


def test_submitting_an_unknown_article_is_a_404(editor):
    response = client_for(editor).post(f"{ARTICLES}nope/submit", {"comment": "x"}, format="json")
    assert error_of(response) == (404, "not_found")


def test_a_superuser_without_the_editors_group_may_create(db):
    boss = make_user("boss", is_superuser=True, is_staff=True)
    assert markdown(client_for(boss), "post", ARTICLES, EXAMPLE).status_code == 201
    assert Article.objects.get().owner == boss


def test_a_claim_gives_its_markdown_source_and_its_sanitised_html(db, editor):
    from rest_framework.test import APIClient

    from tests.conftest import freeze_revision

    article = make_article(editor)
    claim = Claim.objects.get(section__article=article, section__kind="lead")
    claim.text = "Heat *helps* H~2~O [see](javascript:alert(1)) <b>x</b>"
    claim.save()
    freeze_revision(article, editor)

    body = APIClient().get(f"{ARTICLES}{article.slug}/").json()
    lead = body["sections"][0]["claims"][0]
    assert lead["text"] == "Heat *helps* H~2~O [see](javascript:alert(1)) <b>x</b>"
    assert lead["html"] == (
        "Heat <em>helps</em> H<sub>2</sub>O [see](javascript:alert(1)) &lt;b&gt;x&lt;/b&gt;"
    )


def test_a_section_heading_has_its_patient_text_in_the_patient_audience(api, editor, reviewer):
    from articles.services import section_heading_texts_set

    article = make_article(editor)
    section = article.sections.get(order=1)
    section_heading_texts_set(section=section, actor=editor, texts={"patient": "What helps"})
    publish(article, editor, reviewer)
    patient = api.get(f"{ARTICLES}back-pain/", {"audience": "patient"}).json()
    clinician = api.get(f"{ARTICLES}back-pain/").json()
    assert patient["sections"][1]["heading"] == "What helps"
    assert clinician["sections"][1]["heading"] == "Section 1"
    document = client_for(editor).get(f"{ARTICLES}back-pain/document").content.decode()
    assert "## Section 1\n\npatient: What helps\n" in document
