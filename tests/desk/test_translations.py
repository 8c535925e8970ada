"""The desk's side of translations: starting one from an approved article, seeing what
changed in the source, catching up; the dashboard and the review queue list translations
behind their source."""

from django.test import Client, override_settings

from articles.models import Article, Claim
from config.history import history_save
from reviews.workflow import revision_submit
from tests.translating import approve


def _client(user) -> Client:
    client = Client()
    with override_settings(AXES_ENABLED=False):
        client.force_login(user)
    return client


def _source_goes_live_again(source, editor, reviewer, password):
    claim = Claim.objects.filter(section__article=source).order_by("pk").first()
    claim.text = "Keep moving and use heat for up to 20 minutes at a time."
    history_save(claim, actor=editor, reason="Edited")
    approve(revision_submit(article=source, actor=editor, comment="Heat"), reviewer, password)


def test_an_editor_starts_a_spanish_translation_from_the_desk(source, editor):
    client = _client(editor)
    page = client.get("/editor/articles/back-pain/translations/").content.decode()
    assert '<option value="es" lang="es">Español (es)</option>' in page
    response = client.post("/editor/articles/back-pain/translations/", {"language": "es"})
    assert response.status_code == 302
    assert response["Location"] == "/editor/articles/back-pain-es/"
    translation = Article.objects.get(slug="back-pain-es")
    assert translation.translation_of == source and translation.language == "es"
    assert translation.source_revision == source.live_revision


def test_a_second_translation_in_one_language_is_refused_with_the_reason(
    source, translation, editor
):
    response = _client(editor).post("/editor/articles/back-pain/translations/", {"language": "es"})
    assert response.status_code == 409
    assert "already has a translation in Español (back-pain-es)" in response.content.decode()


def test_the_translation_page_shows_what_changed_in_the_source_and_catches_up(
    source, live_translation, editor, reviewer, password
):
    _source_goes_live_again(source, editor, reviewer, password)
    client = _client(editor)
    page = client.get("/editor/articles/back-pain-es/translations/").content.decode()
    assert "Behind the source." in page
    assert "What changed in the source since revision 1" in page
    assert "<ins>" in page and "20" in page
    response = client.post("/editor/articles/back-pain-es/translations/", {"action": "catch-up"})
    assert response.status_code == 302
    live_translation.refresh_from_db()
    assert live_translation.source_revision.number == 2


def test_the_dashboard_lists_a_translation_behind_its_source(
    source, live_translation, editor, reviewer, password
):
    _source_goes_live_again(source, editor, reviewer, password)
    page = _client(editor).get("/editor/").content.decode()
    assert '<h2 id="behind-heading">Behind the source</h2>' in page
    assert 'href="/editor/articles/back-pain-es/" lang="es"' in page


def test_the_review_queue_lists_it_for_members_who_review_in_spanish_only(
    source, live_translation, editor, reviewer, hispanist, password
):
    _source_goes_live_again(source, editor, reviewer, password)
    assert "Translations behind the source" in _client(hispanist).get("/review/").content.decode()
    assert (
        "Translations behind the source" not in _client(reviewer).get("/review/").content.decode()
    )


def test_a_submitted_translation_waits_in_the_queue_of_fluent_members_only(
    translation, editor, reviewer, hispanist
):
    from django.urls import reverse

    revision = revision_submit(article=translation, actor=editor, comment="Spanish")
    link = reverse("reviews:revision", args=[revision.pk])
    assert f'href="{link}" lang="es"' in _client(hispanist).get("/review/").content.decode()
    assert link not in _client(reviewer).get("/review/").content.decode()
