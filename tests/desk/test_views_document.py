"""Document mode (desk/views/document.py): the check endpoint answers each problem at its
line, only to those who may read the working copy, and refuses what is too large; saving
goes through working_copy_import, so it writes history, respects the lock and refuses a
stale document while keeping its text."""

import json

import pytest
from django.urls import reverse

from articles.documents import document_from_article
from articles.models import Claim, SectionKind
from articles.versions import working_copy_version
from tests.conftest import freeze_revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def _check(client, article, text, **extra):
    url = reverse("editor:document-check", args=[article.slug])
    body = json.dumps({"text": text})
    return client.post(url, body, content_type="application/json", **extra)


def _save(client, article, text, version, **extra):
    url = reverse("editor:document", args=[article.slug])
    return client.post(url, {"text": text, "version": version, "action": "save"}, **extra)


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if fragment in line)


def test_a_clean_document_has_no_problems_and_a_preview_rendered_like_the_page(signed_in, article):
    text = document_from_article(article=article)
    data = _check(signed_in, article, text).json()
    assert data["errors"] == []
    assert 'class="article-body"' in data["preview"]
    assert "Claim 1.1 about treatment." in data["preview"]
    assert '<a href="#ref-1" aria-label="Reference 1"' in data["preview"]


@pytest.mark.parametrize(
    ("added", "message"),
    [
        ("- Heat helps. [@nobody]", "citation [@nobody] does not match any reference"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "a table"),
        ("### Too deep", "heading"),
        ("> quoted", "a block quote"),
        ("1. numbered", "a numbered list"),
        ("- Heat helps. [@nobody] more text", "citation"),
    ],
)
def test_each_kind_of_problem_is_reported_at_its_line(signed_in, article, added, message):
    text = document_from_article(article=article).rstrip("\n") + "\n\n" + added + "\n"
    line = _line_of(text, added.split("\n")[0])
    errors = _check(signed_in, article, text).json()["errors"]
    assert any(e["line"] == line and message in e["message"] for e in errors), errors


def test_a_metadata_problem_is_reported_at_its_yaml_line(signed_in, article):
    text = document_from_article(article=article).replace("---\n", "---\ncolour: blue\n", 1)
    errors = _check(signed_in, article, text).json()["errors"]
    assert [e["line"] for e in errors] == [2]
    assert "colour" in errors[0]["message"]


def test_hostile_text_is_checked_as_text_and_never_shown_as_markup(signed_in, article):
    text = document_from_article(article=article).replace(
        "Claim 1.1 about treatment.", "<script>alert(1)</script> <img src=x onerror=alert(1)>"
    )
    data = _check(signed_in, article, text).json()
    assert "<script>" not in data["preview"]
    assert "<img" not in data["preview"]
    assert "&lt;script&gt;" in data["preview"]


def test_a_body_that_is_not_a_document_is_refused_with_a_sentence(signed_in, article):
    url = reverse("editor:document-check", args=[article.slug])
    response = signed_in.post(url, "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert "text" in response.json()["message"]
    response = signed_in.post(url, "{not json", content_type="application/json")
    assert response.status_code == 400


def test_a_document_over_the_import_limit_is_refused_with_a_message(signed_in, article, settings):
    settings.ARTICLE_IMPORT_MAX_BYTES = 2048
    text = document_from_article(article=article) + "\n- " + "word " * 1000 + "\n"
    errors = _check(signed_in, article, text).json()["errors"]
    assert errors[0]["line"] == 1
    assert "the limit is 2,048 bytes" in errors[0]["message"]


def test_a_body_over_the_request_limit_is_refused_before_the_view(signed_in, article, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    response = _check(signed_in, article, "x" * 10_000)
    assert response.status_code == 413
    assert "larger than this site accepts (4,096 bytes)" in response.content.decode()


def test_only_those_who_may_read_the_working_copy_may_check_it(client, article, editor2):
    client.force_login(editor2)
    response = _check(client, article, document_from_article(article=article))
    assert response.status_code == 403
    assert "Only board members and this article's editors" in response.json()["message"]


def test_saving_replaces_the_working_copy_and_writes_history(signed_in, article):
    text = document_from_article(article=article).replace(
        "Claim 1.1 about treatment.", "Heat eases the pain for a few days."
    )
    before = Claim.history.count()
    response = _save(signed_in, article, text, working_copy_version(article))
    assert response.status_code == 302
    texts = set(Claim.objects.filter(section__article=article).values_list("text", flat=True))
    assert "Heat eases the pain for a few days." in texts
    assert "Claim 1.1 about treatment." not in texts
    assert Claim.history.count() > before
    record = Claim.history.filter(text="Heat eases the pain for a few days.").get()
    assert record.history_change_reason == "Working copy replaced from an article document"
    assert record.history_user.username == "editor"
    # Without JavaScript the page comes back with its confirmation under the buttons.
    page = signed_in.get(response["Location"]).content.decode()
    slot = page[page.index('data-placed="document"') :]
    assert slot.index("The working copy was saved from the document.") < slot.index("</div>")


def test_saving_from_the_editor_answers_json_with_the_new_version(signed_in, article):
    text = document_from_article(article=article).replace("Claim 2.2", "Claim two-two")
    old = working_copy_version(article)
    data = _save(signed_in, article, text, old, HTTP_ACCEPT="application/json").json()
    assert data["version"] == working_copy_version(article) != old


def test_a_stale_document_is_refused_and_its_text_kept(signed_in, client, article, editor):
    opened = working_copy_version(article)
    text = document_from_article(article=article)
    # Someone saves in the structured view after the document was opened.
    claim = Claim.objects.filter(section__kind=SectionKind.BODY).first()
    claim.text = "Changed in the structured view."
    from config.history import history_save

    history_save(claim, actor=editor, reason="test")
    mine = text.replace("Claim 1.2 about treatment.", "My own wording.")
    response = _save(signed_in, article, mine, opened)
    assert response.status_code == 409
    page = response.content.decode()
    assert "My own wording." in page
    assert "Your text is below, not saved." in page
    assert not Claim.objects.filter(text="My own wording.").exists()
    data = _save(signed_in, article, mine, opened, HTTP_ACCEPT="application/json")
    assert data.status_code == 409
    assert data.json()["code"] == "stale"
    assert Claim.objects.filter(text="Changed in the structured view.").exists()


def test_a_locked_working_copy_is_not_saved(signed_in, article, editor):
    freeze_revision(article, editor, state="submitted")
    text = document_from_article(article=article).replace("Claim 1.1", "Changed")
    response = _save(signed_in, article, text, working_copy_version(article))
    assert response.status_code == 409
    assert "locked" in response.content.decode()
    assert not Claim.objects.filter(text__startswith="Changed").exists()


def test_a_document_with_problems_is_not_saved_and_the_page_lists_them(signed_in, article):
    text = document_from_article(article=article) + "\n- Heat. [@nobody]\n"
    response = _save(signed_in, article, text, working_copy_version(article))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Line {_line_of(text, '[@nobody]')}:" in page
    assert "[@nobody]" in page  # the text is kept in the textarea
    assert not Claim.objects.filter(text__startswith="Heat.").exists()


def test_without_javascript_the_check_button_shows_problems_and_preview_without_saving(
    signed_in, article
):
    text = document_from_article(article=article).replace("Claim 1.1", "Checked only")
    url = reverse("editor:document", args=[article.slug])
    version = working_copy_version(article)
    response = signed_in.post(url, {"text": text, "version": version, "action": "check"})
    assert response.status_code == 200
    assert "Checked only about treatment." in response.content.decode()
    assert not Claim.objects.filter(text__startswith="Checked only").exists()


def test_the_page_shows_the_working_copy_as_a_document_in_a_form(signed_in, article):
    response = signed_in.get(reverse("editor:document", args=[article.slug]))
    page = response.content.decode()
    assert 'name="text"' in page
    assert "question: What helps back pain?" in page
    assert f'value="{working_copy_version(article)}"' in page
    assert "Save the working copy" in page


def test_a_board_member_reads_the_document_but_gets_no_save_button(client, article, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("editor:document", args=[article.slug])).content.decode()
    assert "question: What helps back pain?" in page
    assert " readonly" in page
    assert "Save the working copy" not in page
    response = _save(client, article, document_from_article(article=article), "")
    assert response.status_code == 403


def test_a_locked_working_copy_says_so_and_offers_no_save(signed_in, article, editor):
    freeze_revision(article, editor, state="submitted")
    page = signed_in.get(reverse("editor:document", args=[article.slug])).content.decode()
    assert "working copy is locked" in page
    assert "Save the working copy" not in page
