"""Specialties come from the site's list: the desk offers it, the services (and so the
API and document imports) check it with a sentence naming the list, and a value an
article already has is kept, never dropped."""

import importlib

import pytest
from django.urls import reverse

from articles.documents import article_import, working_copy_replace
from articles.errors import ArticleError, ArticleImportError
from articles.models import Article, Specialty
from articles.services import article_create, article_update_metadata
from tests.conftest import make_article

seed = importlib.import_module("articles.migrations.0018_specialties_seed")


def test_the_migration_seeded_the_demo_specialties(db):
    assert {"Musculoskeletal medicine", "Primary care"} <= set(
        Specialty.objects.values_list("name", flat=True)
    )


def test_the_seed_keeps_every_specialty_articles_already_have(editor):
    from django.apps import apps

    article = make_article(editor)
    Article.objects.filter(pk=article.pk).update(
        specialty="sports Medicine ", public_specialty="Old"
    )
    seed.seed(apps, None)
    names = set(Specialty.objects.values_list("name", flat=True))
    assert {"sports Medicine ", "Old"} <= names


def test_a_listed_specialty_is_taken_in_the_lists_spelling(editor):
    article = article_create(actor=editor, question="Q?", specialty="primary CARE")
    assert article.specialty == "Primary care"


def test_an_unlisted_specialty_is_refused_naming_the_list(editor):
    with pytest.raises(ArticleError) as caught:
        article_create(actor=editor, question="Q?", specialty="Cardiology")
    assert caught.value.code == "invalid"
    assert "'Cardiology' is not one of the site's specialties" in caught.value.message
    assert "Musculoskeletal medicine; Primary care" in caught.value.message
    assert not Article.objects.filter(question="Q?").exists()


def test_an_article_keeps_a_specialty_that_left_the_list(editor):
    article = make_article(editor)
    Article.objects.filter(pk=article.pk).update(specialty="Retired specialty")
    article.refresh_from_db()
    article = article_update_metadata(
        article=article,
        actor=editor,
        question="Changed?",
        title="",
        specialty="Retired specialty",
        origin="human",
    )
    assert article.specialty == "Retired specialty"


DOCUMENT = """---
question: Does heat help?
slug: heat
specialty: {specialty}
references: []
---

Heat helps. {{.uncited}}
"""


def test_a_document_with_an_unlisted_specialty_is_refused_at_its_line(editor):
    with pytest.raises(ArticleImportError) as caught:
        article_import(text=DOCUMENT.format(specialty="Astrology"), owner=editor)
    (error,) = caught.value.errors
    assert error.line == 4
    assert "'Astrology' is not one of the site's specialties" in error.message
    assert "Primary care" in error.message
    assert not Article.objects.filter(slug="heat").exists()


def test_replacing_a_working_copy_keeps_the_articles_own_unlisted_specialty(editor):
    article = article_import(text=DOCUMENT.format(specialty="Primary care"), owner=editor)
    Article.objects.filter(pk=article.pk).update(specialty="Retired")
    article.refresh_from_db()
    article = working_copy_replace(
        article=article, text=DOCUMENT.format(specialty="Retired"), actor=editor
    )
    assert article.specialty == "Retired"


def test_the_api_refuses_an_unlisted_specialty_naming_the_list(editor):
    from tests.api.conftest import client_for, markdown

    response = markdown(
        client_for(editor), "post", "/api/v1/articles/", DOCUMENT.format(specialty="Astrology")
    )
    assert response.status_code == 400
    assert "Primary care" in response.content.decode()


def test_the_new_article_form_offers_the_list_and_explains_question_and_title(client, editor):
    client.force_login(editor)
    page = client.get(reverse("editor:article-new")).content.decode()
    assert '<select name="specialty"' in page
    assert '<option value="Primary care">Primary care</option>' in page
    assert "What helps upper back pain?" in page and "not a question" in page


def test_the_details_form_offers_an_unlisted_current_value_as_kept(client, editor):
    article = make_article(editor)
    Article.objects.filter(pk=article.pk).update(specialty="Retired")
    client.force_login(editor)
    page = client.get(reverse("editor:article", args=[article.slug])).content.decode()
    assert '<option value="Retired" selected>Retired (no longer in the list' in page
