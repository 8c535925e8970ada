"""The services' refusals speak the interface's language where they are raised: Spanish on
a Spanish desk or review page, English by default, and the API's in the language its URL
names (`?lang=es`), with the same machine code either way."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from articles import versions
from articles.errors import ArticleError
from articles.models import SectionKind
from articles.services import claim_update
from config.errors import DomainError
from reviews.workflow import revision_start_review, revision_submit
from tests.api.conftest import client_for
from tests.conftest import make_article
from tests.editing import nothing_written

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
NOON = datetime.datetime(2026, 3, 4, 12, 30, tzinfo=datetime.UTC)


def _lead_claim(article):
    return article.sections.get(kind=SectionKind.LEAD).claims.get()


@pytest.fixture
def in_review(editor, reviewer):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="First version")
    return revision_start_review(revision=revision, actor=reviewer)


@pytest.mark.django_db
def test_a_refused_submission_on_a_spanish_desk_lists_its_problems_in_spanish(client, editor):
    article = make_article(editor)
    _lead_claim(article).citations.all().delete()
    client.force_login(editor)
    with nothing_written():
        response = client.post(
            reverse("editor:submit", args=[article.slug]),
            {"comment": "Primera versión", "change_type": "update", "public_summary": "Nuevo."},
            **SPANISH,
        )
    page = response.content.decode()
    assert response.status_code == 409
    assert "El artículo aún no se puede enviar: corrija primero 1 problema." in page
    assert "Resumen inicial, afirmación 1 no cita ninguna fuente" in page
    assert "cannot be submitted" not in page


@pytest.mark.django_db
def test_the_same_refusal_stays_english_on_an_english_desk(client, editor):
    article = make_article(editor)
    _lead_claim(article).citations.all().delete()
    client.force_login(editor)
    response = client.post(
        reverse("editor:submit", args=[article.slug]),
        {"comment": "First version", "change_type": "update", "public_summary": "New."},
    )
    assert "The article cannot be submitted yet: fix 1 problem first." in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_password_on_a_spanish_review_page_is_refused_in_spanish(
    client, in_review, reviewer
):
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:approve", kwargs={"pk": in_review.pk}),
        {"password": "nope", "meaning": "OK"},
        **SPANISH,
    )
    assert response.status_code == 403
    assert "La contraseña no es correcta, así que no se firmó nada." in response.content.decode()


def _update(claim, actor, text, version):
    claim_update(
        claim=claim,
        actor=actor,
        text=text,
        evidence=claim.evidence,
        no_citation_needed=claim.no_citation_needed,
        version=version,
    )


@pytest.mark.django_db
def test_a_stale_save_names_who_changed_what_and_when_in_spanish(editor, editor2):
    article = make_article(editor)
    article.co_editors.add(editor2)
    editor2.first_name, editor2.last_name = "Segunda", "Editora"
    editor2.save()
    claim = _lead_claim(article)
    loaded = versions.claim_versions([claim.pk])[claim.pk]
    with time_machine.travel(NOON, tick=False):
        _update(claim, editor2, "Their wording.", None)

    with translation.override("es"), pytest.raises(ArticleError) as refused:
        _update(claim, editor, "My wording.", loaded)

    assert refused.value.message.startswith(
        "Segunda Editora cambió el texto de esta afirmación el 4 de marzo de 2026 a las 12:30, "
        "después de que usted abriera esta página. Su cambio no se guardó"
    )


@pytest.mark.django_db
def test_a_message_marked_at_import_is_put_into_words_when_raised():
    from articles.permissions import LOCKED_MESSAGE

    with translation.override("es"):
        error = ArticleError(LOCKED_MESSAGE, code="locked")
    assert isinstance(error.message, str)
    assert error.message.startswith("Este artículo tiene una revisión en curso")
    assert str(DomainError(LOCKED_MESSAGE)).startswith("This article has a revision in review")


@pytest.mark.django_db
def test_the_api_refuses_in_english_by_default_and_in_spanish_when_its_url_asks(
    in_review, reviewer
):
    url = f"/api/v1/articles/{in_review.article.slug}/revisions/1/approve"
    english = client_for(reviewer).post(url, {"password": "guess"}, format="json")
    spanish = client_for(reviewer).post(url + "?lang=es", {"password": "guess"}, format="json")
    assert english.json()["error"] == spanish.json()["error"] == "wrong_password"
    assert english.json()["detail"].startswith("The password is not correct")
    assert spanish.json()["detail"].startswith("La contraseña no es correcta")
