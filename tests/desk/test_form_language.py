"""The project's own forms refuse bad input in the desk's language: Spanish on a Spanish
desk or review page, English by default."""

import pytest
from django.urls import reverse

from reviews.workflow import revision_start_review, revision_submit
from tests.conftest import make_article
from tests.editing import nothing_written

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def test_an_empty_import_is_refused_in_spanish_on_a_spanish_desk(client, editor):
    client.force_login(editor)
    with nothing_written():
        response = client.post(reverse("editor:import"), {"text": "  "}, **SPANISH)
    page = response.content.decode()
    assert "Elija un archivo o pegue un documento." in page
    assert "Choose a file or paste a document." not in page


def test_an_empty_import_is_refused_in_english_by_default(client, editor):
    client.force_login(editor)
    response = client.post(reverse("editor:import"), {"text": "  "})
    assert "Choose a file or paste a document." in response.content.decode()


def test_an_approval_set_to_go_live_at_no_time_is_refused_in_spanish(client, editor, reviewer):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="First version")
    revision_start_review(revision=revision, actor=reviewer)
    client.force_login(reviewer)
    with nothing_written():
        response = client.post(
            reverse("reviews:approve", kwargs={"pk": revision.pk}),
            {"password": "pw", "meaning": "OK", "go_live": "at", "publish_at": ""},
            **SPANISH,
        )
    page = response.content.decode()
    assert "Elija la fecha y la hora en que se publica." in page
    assert "Se publica el" in page
