"""Spanish as a second article language, an approved English source, its Spanish
translation and a Spanish-speaking board member: shared by the translation tests."""

import pytest

from articles.models import Claim
from articles.services import translation_start
from config.history import history_save
from reviews.workflow import revision_approve, revision_submit
from tests.conftest import make_article, make_board_member, make_user

SPANISH = [("en", "English", "english"), ("es", "Español", "spanish")]


@pytest.fixture
def spanish(settings):
    settings.ARTICLE_LANGUAGES = SPANISH
    return settings


@pytest.fixture
def hispanist(db, spanish):
    """A board member who reviews in English and Spanish."""
    user = make_user("hispanist")
    member = make_board_member(user, name="Lucía Revisora", credentials="MD")
    member.languages = ["en", "es"]
    member.save()
    return user


def approve(revision, user, password):
    return revision_approve(revision=revision, actor=user, password=password, checked_claims=None)


@pytest.fixture
def source(editor, reviewer, password, spanish):
    """An English article approved through the workflow (revision 1 live)."""
    article = make_article(editor)
    approve(revision_submit(article=article, actor=editor, comment="First"), reviewer, password)
    article.refresh_from_db()
    return article


def translate_texts(article, editor) -> None:
    """Write Spanish over every prefilled claim (as a translator would)."""
    for claim in Claim.objects.filter(section__article=article):
        claim.text = f"Traducción: {claim.text}"
        history_save(claim, actor=editor, reason="Translated")


@pytest.fixture
def translation(source, editor):
    """The source's Spanish translation, its working copy translated, not yet submitted."""
    article = translation_start(source=source, language="es", actor=editor)
    translate_texts(article, editor)
    return article


@pytest.fixture
def live_translation(translation, editor, hispanist, password):
    approve(
        revision_submit(article=translation, actor=editor, comment="Spanish"), hispanist, password
    )
    translation.refresh_from_db()
    return translation
