"""A translation is reviewed like an original, by board members who review in its
language, and falls behind when its source goes live again."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.errors import ArticleError
from articles.models import Article, Claim, RevisionState
from articles.services import translation_catch_up, translation_start
from articles.translations import translation_behind, translations_behind
from reviews.models import BoardMember, Signature
from reviews.workflow import (
    assignment_create,
    revision_actions,
    revision_start_review,
    revision_submit,
)
from tests.conftest import make_article
from tests.reviews.conftest import refused
from tests.translating import approve, translate_texts


def test_a_translation_starts_from_the_live_source_claim_by_claim(source, translation):
    assert translation.language == "es"
    assert translation.translation_of == source
    assert translation.source_revision == source.live_revision
    assert translation.slug == "back-pain-es"
    source_uuids = [
        c["uuid"] for s in source.live_revision.content["sections"] for c in s["claims"]
    ]
    claims = Claim.objects.filter(section__article=translation).order_by("section__order", "order")
    assert [str(c.source_uuid) for c in claims] == source_uuids
    assert not {str(c.uuid) for c in claims} & set(source_uuids)
    assert all(c.citations.exists() for c in claims)


def test_a_submitted_translation_freezes_its_language_and_source_revision(
    source, translation, editor
):
    revision = revision_submit(article=translation, actor=editor, comment="Spanish")
    assert revision.source_revision == source.live_revision
    assert revision.content["language"] == "es"
    assert revision.content["source"] == {
        "slug": source.slug,
        "revision": 1,
        "content_hash": source.live_revision.content_hash,
    }
    assert all(c["source_uuid"] for s in revision.content["sections"] for c in s["claims"])


def test_a_board_member_who_does_not_review_in_spanish_cannot_review_the_translation(
    translation, editor, reviewer, password
):
    revision = revision_submit(article=translation, actor=editor, comment="Spanish")
    with refused(revision, code="not_fluent", status=403) as caught:
        approve(revision, reviewer, password)
    assert str(caught.value) == (
        "This translation is in Español (es); only board members who review in Español "
        "can review it."
    )
    with refused(revision, code="not_fluent", status=403):
        revision_start_review(revision=revision, actor=reviewer)
    actions = revision_actions(user=reviewer, revision=revision)
    assert not actions.approve and not actions.start and not actions.request_changes


def test_a_spanish_speaking_member_approves_the_translation_and_it_goes_live(
    translation, editor, hispanist, password
):
    revision = revision_submit(article=translation, actor=editor, comment="Spanish")
    assert revision_actions(user=hispanist, revision=revision).approve
    approve(revision, hispanist, password)
    revision.refresh_from_db()
    translation.refresh_from_db()
    assert revision.state == RevisionState.APPROVED
    assert translation.live_revision == revision
    assert Signature.objects.get(revision=revision).signer == hispanist


def test_the_quorum_of_a_translation_counts_only_fluent_members(
    translation, editor, hispanist, reviewer, password, settings
):
    settings.REVIEW_QUORUM = 2
    revision = revision_submit(article=translation, actor=editor, comment="Spanish")
    approve(revision, hispanist, password)
    with refused(revision, code="not_fluent", status=403):
        approve(revision, reviewer, password)
    assert Article.objects.get(pk=translation.pk).live_revision is None


def test_the_translator_cannot_approve_their_own_translation_even_when_fluent(
    source, hispanist, password, spanish
):
    from django.contrib.auth.models import Group

    hispanist.groups.add(Group.objects.get_or_create(name="Editors")[0])
    article = translation_start(source=source, language="es", actor=hispanist)
    translate_texts(article, hispanist)
    revision = revision_submit(article=article, actor=hispanist, comment="Mine")
    with refused(revision, code="own_change", status=403):
        approve(revision, hispanist, password)


def test_an_editor_in_chief_cannot_assign_a_member_who_does_not_review_in_spanish(
    translation, editor, chief, reviewer
):
    revision = revision_submit(article=translation, actor=editor, comment="Spanish")
    with refused(revision, code="reviewer_not_fluent", status=400) as caught:
        assignment_create(
            revision=revision, actor=chief, reviewer=reviewer, due_on=timezone.localdate()
        )
    assert "Rhea Viewer does not review in Español (es)" in str(caught.value)


def test_english_articles_need_members_who_review_in_english(article_in_review_for_lapsed):
    revision, lapsed, password = article_in_review_for_lapsed
    with refused(revision, code="not_fluent", status=403):
        approve(revision, lapsed, password)


@pytest.fixture
def article_in_review_for_lapsed(editor, reviewer, password, spanish):
    member = BoardMember.objects.get(user=reviewer)
    member.languages = ["es"]
    member.save()
    article = make_article(editor)
    return revision_submit(article=article, actor=editor, comment="First"), reviewer, password


def test_a_translation_falls_behind_when_its_source_goes_live_again(
    source, live_translation, editor, reviewer, password
):
    assert not translation_behind(live_translation)
    claim = Claim.objects.filter(section__article=source).order_by("pk").first()
    claim.text = "Keep moving, use heat, and walk daily."
    claim.save()
    approve(revision_submit(article=source, actor=editor, comment="Walk"), reviewer, password)
    live_translation.refresh_from_db()
    assert translation_behind(live_translation)
    assert list(translations_behind()) == [live_translation]


def test_an_approved_catch_up_brings_the_translation_level_again(
    source, live_translation, editor, reviewer, hispanist, password
):
    claim = Claim.objects.filter(section__article=source).order_by("pk").first()
    claim.text = "Keep moving, use heat, and walk daily."
    claim.save()
    approve(revision_submit(article=source, actor=editor, comment="Walk"), reviewer, password)
    done = translation_catch_up(article=live_translation, actor=editor)
    assert (done.added, done.removed, done.source_number) == (0, 0, 2)
    approve(
        revision_submit(article=live_translation, actor=editor, comment="Caught up"),
        hispanist,
        password,
    )
    live_translation.refresh_from_db()
    assert not translation_behind(live_translation)
    assert live_translation.live_revision.content["source"]["revision"] == 2


def test_catching_up_adds_new_source_claims_and_removes_deleted_ones(
    source, live_translation, editor, reviewer, password
):
    from articles.services import claim_create, claim_delete

    section = source.sections.get(order=1)
    gone = section.claims.order_by("order").last()
    claim_delete(claim=gone, actor=editor)
    new = claim_create(section=section, actor=editor, text="A new cited claim.", position=0)
    new.no_citation_needed = True
    new.save()
    approve(revision_submit(article=source, actor=editor, comment="Changed"), reviewer, password)
    done = translation_catch_up(article=live_translation, actor=editor)
    assert (done.added, done.removed) == (1, 1)
    claims = list(live_translation.sections.get(order=1).claims.order_by("order"))
    assert claims[0].source_uuid == new.uuid and claims[0].text == "A new cited claim."
    assert gone.uuid not in {
        c.source_uuid for c in Claim.objects.filter(section__article=live_translation)
    }


def test_a_translation_must_translate_every_claim_of_its_source_revision(translation, editor):
    Claim.objects.filter(section__article=translation, section__order=1).first().delete()
    with pytest.raises(Exception) as caught:
        revision_submit(article=translation, actor=editor, comment="Spanish")
    assert caught.value.code == "submission_problems"
    assert "has no translation" in str(caught.value)


def test_only_an_approved_article_in_another_language_can_be_translated(
    editor, spanish, source, translation
):
    draft = make_article(editor, slug="draft")
    with pytest.raises(ArticleError) as caught:
        translation_start(source=draft, language="es", actor=editor)
    assert caught.value.code == "not_published"
    for language, code in (("en", "invalid"), ("fr", "invalid"), ("es", "duplicate")):
        with pytest.raises(ArticleError) as caught:
            translation_start(source=source, language=language, actor=editor)
        assert caught.value.code == code
    with pytest.raises(ArticleError) as caught:
        translation_start(source=translation, language="en", actor=editor)
    assert caught.value.code == "invalid"


def test_the_database_refuses_a_second_translation_in_one_language(source, translation, editor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            slug="otra",
            question="¿Otra?",
            owner=editor,
            language="es",
            translation_of=source,
            source_revision=source.live_revision,
        )


def test_the_database_refuses_a_translation_of_a_translation(source, translation, editor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            slug="nested",
            question="Nested?",
            owner=editor,
            language="en",
            translation_of=translation,
            source_revision=source.live_revision,
        )


def test_the_database_refuses_a_translation_in_its_sources_language_or_of_anothers_revision(
    source, editor, reviewer, password
):
    other = make_article(editor, slug="other")
    approve(revision_submit(article=other, actor=editor, comment="Other"), reviewer, password)
    other.refresh_from_db()
    for language, revision in (("en", source.live_revision), ("es", other.live_revision)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.create(
                slug=f"bad-{language}",
                question="Bad?",
                owner=editor,
                language=language,
                translation_of=source,
                source_revision=revision,
            )
