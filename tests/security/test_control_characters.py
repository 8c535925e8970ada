"""Control characters, bidirectional overrides and lone surrogates (config.characters) in
every kind of input: refused with a 400 that names the field, the character and where it
is; nothing written; never a 500 (a NUL in a search was one on PostgreSQL)."""

import pytest
from django.urls import reverse

from articles.models import Article, Claim, ReaderQuestion
from articles.versions import article_version, claim_versions
from tests.conftest import make_article
from tests.security.hostile import row_counts


def _claim(article) -> Claim:
    return Claim.objects.filter(section__article=article, section__kind="body").order_by("pk")[0]


def test_a_nul_in_the_editors_reference_search_is_a_400_page_not_a_500(client, editor):
    client.force_login(editor)
    response = client.get("/editor/references/?q=%00")
    assert response.status_code == 400
    assert (
        "The search contains a control character (U+0000) at position 1; remove it."
        in response.content.decode()
    )


def test_a_nul_in_the_citation_forms_query_is_refused_and_nothing_is_cited(client, editor):
    article = make_article(editor)
    claim = _claim(article)
    client.force_login(editor)
    before = row_counts()
    response = client.post(
        reverse("editor:citation-add", kwargs={"slug": article.slug, "pk": claim.pk}),
        {"query": "Smith\x00 2020"},
    )
    assert response.status_code == 400
    assert "The field &#x27;query&#x27; contains a control character (U+0000) at position 6" in (
        response.content.decode()
    )
    assert row_counts() == before


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x85", "\u202e", "\u2067"])
def test_a_claim_text_with_a_control_or_bidi_character_is_refused_and_not_stored(
    client, editor, char
):
    article = make_article(editor)
    claim = _claim(article)
    client.force_login(editor)
    before = row_counts()
    response = client.post(
        reverse("editor:claim-save", kwargs={"slug": article.slug, "pk": claim.pk}),
        {
            "text": f"Take 5 mg{char} daily.",
            "evidence": "low",
            "version": claim_versions([claim.pk])[claim.pk],
        },
    )
    assert response.status_code == 400
    assert f"(U+{ord(char):04X}) at position 10; remove it." in response.content.decode()
    assert row_counts() == before
    claim.refresh_from_db()
    assert char not in claim.text


def test_a_question_heading_with_a_bidi_override_is_refused(client, editor):
    article = make_article(editor)
    client.force_login(editor)
    response = client.post(
        reverse("editor:article-details", kwargs={"slug": article.slug}),
        {
            "question": "Is 10\u202e mg safe?",
            "origin": "human",
            "version": article_version(article),
        },
    )
    assert response.status_code == 400
    article.refresh_from_db()
    assert "\u202e" not in article.question
    assert Article.objects.filter(question__contains="\u202e").count() == 0


def test_a_readers_question_with_a_control_character_is_refused(client, editor):
    from tests.conftest import freeze_revision

    article = make_article(editor)
    freeze_revision(article, editor)
    response = client.post(
        reverse("articles:question", kwargs={"slug": article.slug}), {"text": "Why\x1b[31m?"}
    )
    assert response.status_code == 400
    assert ReaderQuestion.objects.count() == 0


def test_a_control_character_in_an_api_query_is_a_json_400(client, editor):
    from api.tokens import api_token_create

    token = api_token_create(user=editor, name="t", actor=editor)[1]
    response = client.get("/api/v1/references/?q=%1B", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400
    assert response.json() == {
        "error": "control_character",
        "detail": "The search contains a control character (U+001B) at position 1; remove it.",
        "fields": {
            "q": ["The search contains a control character (U+001B) at position 1; remove it."]
        },
    }


# --- Imports: refused with the line ------------------------------------------------------

DOCUMENT = "---\nquestion: Does heat help?\n---\n\nHeat helps{char} most people.\n"


@pytest.mark.parametrize(
    ("char", "described"),
    [
        ("\x85", "a control character (U+0085)"),
        ("\u202d", "a bidirectional-text control (U+202D)"),
        ("\u2066", "a bidirectional-text control (U+2066)"),
        ("\x1b", "a control character (U+001B)"),
    ],
)
def test_an_article_document_with_a_control_or_bidi_character_is_refused_with_its_line(
    editor, char, described
):
    from articles.documents import article_import
    from articles.errors import ArticleImportError, DocumentError

    before = row_counts()
    with pytest.raises(ArticleImportError) as refused:
        article_import(text=DOCUMENT.format(char=char), owner=editor)
    assert refused.value.errors == [
        DocumentError(f"the document contains {described} at column 11; remove it", 5)
    ]
    assert row_counts() == before


def test_a_yaml_escape_for_a_bidi_override_is_refused():
    from articles.documents import document_parse
    from articles.errors import ArticleImportError

    with pytest.raises(ArticleImportError) as refused:
        document_parse(text='---\nquestion: "Is 10\\u202e mg safe?"\n---\n\nText.\n')
    assert [e.line for e in refused.value.errors] == [2]


@pytest.mark.parametrize("char", ["\x85", "\u202e", "\x1b"])
def test_a_reference_file_with_a_control_or_bidi_character_is_refused_with_its_line(editor, char):
    from references.errors import ReferenceFormatError
    from references.importing import references_import

    ris = f"TY  - JOUR\nTI  - Heat{char} for pain\nPY  - 2021\nER  - \n"
    before = row_counts()
    with pytest.raises(ReferenceFormatError) as refused:
        references_import(data=ris.encode(), fmt="ris", actor=editor)
    assert refused.value.code == "not_text"
    assert refused.value.errors == [f"line 2: {_described(char)} at column 11"]
    assert row_counts() == before


@pytest.mark.parametrize("escape", ["\\u0085", "\\u202e", "\\u001b"])
def test_a_csl_json_escape_for_a_control_character_is_refused(editor, escape):
    from references.errors import ReferenceFormatError
    from references.importing import references_import

    data = '[{"type": "book", "title": "Heat' + escape + '"}]'
    with pytest.raises(ReferenceFormatError):
        references_import(data=data.encode(), fmt="csl-json", actor=editor)


def _described(char: str) -> str:
    from config.characters import refused_character

    return refused_character(char).described


def test_the_admin_refuses_a_control_character_before_saving(admin_client):
    from references.models import Reference

    response = admin_client.post(
        "/admin/references/reference/add/",
        {"csl_type": "book", "title": "Heat\u202e therapy", "authors": "[]", "editors": "[]"},
    )
    assert response.status_code == 400
    assert "The field &#x27;title&#x27; contains a bidirectional-text control (U+202E)" in (
        response.content.decode()
    )
    assert Reference.objects.count() == 0
