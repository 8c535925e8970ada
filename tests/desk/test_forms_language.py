"""The desk's forms in Spanish: the new article's fields and choices, the reference
import's, and the history's comparison, with nothing left in English."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from reviews.workflow import article_withdrawal_schedule, revision_approve, revision_submit
from tests.conftest import PASSWORD, make_article

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_the_new_article_form_is_spanish_with_its_choices(client, editor):
    client.force_login(editor)

    page = _text(client.get(reverse("editor:article-new"), **ES).content.decode())

    for spanish in ("Pregunta", "Especialidad", "Sin especialidad", "Escrito por personas"):
        assert spanish in page
    for english in ("Question:", "No specialty", "Written by people", "From the site's list"):
        assert english not in page


def test_the_reference_import_form_is_spanish(client, editor):
    client.force_login(editor)

    page = _text(client.get(reverse("editor:reference-import"), **ES).content.decode())

    for spanish in ("Formato", "Según el nombre del archivo", "Por qué importa este archivo"):
        assert spanish in page
    for english in ("From the file name", "Why you import this file", "Reason"):
        assert english not in page


def test_the_history_compares_with_the_working_copy_in_spanish(client, editor, reviewer):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="First")
    revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
    client.force_login(editor)

    page = _text(client.get(reverse("editor:history", args=[article.slug]), **ES).content.decode())

    assert "la copia de trabajo" in page
    assert "Revisión 1 (aprobado)" in page
    assert "inició la revisión (Enviado → En revisión)" in page
    assert "the working copy" not in page and "Revision 1" not in page


def test_a_scheduled_withdrawal_on_the_desk_is_told_in_spanish_with_a_spanish_date(
    client, editor, reviewer, chief
):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="First")
    revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
    when = timezone.now() + dt.timedelta(days=7)
    article_withdrawal_schedule(article=article, actor=chief, reason="Outdated.", withdraw_at=when)
    client.force_login(editor)

    page = _text(client.get(reverse("editor:article", args=[article.slug]), **ES).content.decode())

    assert "Retirada programada: el artículo deja la vista pública el" in page
    assert f"{timezone.localtime(when).day} de " in page
    assert "Withdrawal scheduled" not in page and "can cancel it until then" not in page


def test_a_submission_is_confirmed_in_spanish(client, editor):
    article = make_article(editor)
    client.force_login(editor)

    response = client.post(
        reverse("editor:submit", args=[article.slug]),
        {"comment": "Primera versión.", "change_type": "update", "public_summary": "Publicado."},
        **ES,
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = _text(client.get(reverse("editor:article", args=[article.slug]), **ES).content.decode())

    assert "La revisión 1 se envió a revisión." in page
    assert "was submitted for review" not in page


def test_the_comparison_names_what_it_compares_in_spanish(client, editor, reviewer):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="First")
    revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
    client.force_login(editor)

    compare = reverse("editor:compare", args=[article.slug]) + "?old=1&new=working"
    page = _text(client.get(compare, **ES).content.decode())

    assert "La copia de trabajo comparada con revisión 1" in page
