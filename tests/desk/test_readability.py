"""Readability on the desk: the JSON endpoint the editor's script calls, and each text's
grade against its audience's target on the editor page."""

from django.urls import reverse

from articles.readability import readability_grade
from tests.articles.test_readability import DENSE, PLAIN


def test_the_endpoint_answers_the_grade_and_target_as_json(client, editor):
    client.force_login(editor)
    response = client.post(reverse("editor:readability"), {"text": DENSE, "audience": "patient"})

    data = response.json()
    assert data["audience"] == "patient"
    assert data["target_grade"] == 8
    assert data["within_target"] is False
    assert data["grade"] == readability_grade(DENSE)


def test_the_endpoint_refuses_huge_bodies_and_strangers(client, editor, outsider):
    client.force_login(editor)
    assert client.post(reverse("editor:readability"), {"text": "a " * 20_000}).status_code == 400
    client.force_login(outsider)
    assert client.post(reverse("editor:readability"), {"text": PLAIN}).status_code == 403


def test_the_editor_page_shows_each_texts_grade_against_its_target(client, article, editor):
    from articles.models import SectionKind
    from articles.services import claim_text_set

    claim = article.sections.get(kind=SectionKind.LEAD).claims.get()
    claim_text_set(claim=claim, actor=editor, audience="patient", text=DENSE)
    client.force_login(editor)

    url = reverse("editor:article", args=[article.slug])
    compact = client.get(url).content.decode()
    opened = client.get(url, {"edit": claim.pk}).content.decode()

    grade = readability_grade(DENSE)
    assert f"Patient or caregiver · grade {grade:.0f}</span>" in compact
    assert "badge-over" in compact
    assert f"Grade {grade:.1f} · <strong>above the target of 8</strong>" in opened
    assert "No text yet · target grade 12" in opened


def test_the_editor_script_is_a_static_file_and_the_page_has_no_inline_script(
    client, article, editor
):
    client.force_login(editor)
    page = client.get(reverse("editor:article", args=[article.slug])).content.decode()

    assert '<script src="/static/js/editor.js" defer></script>' in page
    assert "<script>" not in page
    assert " onclick=" not in page
