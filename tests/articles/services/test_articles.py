"""Starting articles, their own fields, co-editors, restoring a revision, readers' questions."""

import pytest

from articles.errors import ArticleError
from articles.models import Article, QuestionStatus, ReaderQuestion, SectionKind
from articles.services import (
    article_co_editors_set,
    article_create,
    article_create_from_question,
    article_update_metadata,
    claim_delete,
    claim_update,
    reader_question_set_status,
    section_create,
    working_copy_restore,
)
from articles.snapshot import working_copy_snapshot
from tests.conftest import freeze_revision
from tests.editing import nothing_written


def test_an_editor_starts_an_article_with_an_empty_lead_summary(editor):
    article = article_create(actor=editor, question="Does heat help back pain?")

    assert (article.slug, article.owner) == ("does-heat-help-back-pain", editor)
    assert list(article.sections.values_list("kind", "heading")) == [(SectionKind.LEAD, "")]
    assert article.history.latest().history_user == editor


def test_a_taken_address_gets_a_number(editor):
    article_create(actor=editor, question="Does heat help?")
    second = article_create(actor=editor, question="Does heat help?")

    assert second.slug == "does-heat-help-2"


def test_someone_outside_the_editors_cannot_start_an_article(outsider, reviewer):
    for person in (outsider, reviewer):
        with nothing_written(), pytest.raises(ArticleError) as refused:
            article_create(actor=person, question="Anything?")
        assert refused.value.code == "forbidden"


def test_an_article_needs_a_question(editor):
    with nothing_written(), pytest.raises(ArticleError, match="reader's question"):
        article_create(actor=editor, question=" ")


def test_a_bad_address_is_refused(editor):
    with nothing_written(), pytest.raises(ArticleError, match="cannot be a web address"):
        article_create(actor=editor, question="Q?", slug="Not A Slug")


def test_the_articles_fields_are_edited_with_history(article, editor):
    article_update_metadata(
        article=article,
        actor=editor,
        question="What helps upper back pain?",
        title="Upper back pain",
        specialty="Musculoskeletal medicine",
        origin="ai-drafted",
    )

    article.refresh_from_db()
    assert (article.question, article.specialty, article.origin) == (
        "What helps upper back pain?",
        "Musculoskeletal medicine",
        "ai-drafted",
    )
    assert article.history.latest().history_change_reason == "Article details edited"


def test_the_owner_chooses_co_editors_who_then_may_edit(article, editor, editor2):
    article_co_editors_set(article=article, actor=editor, co_editors=[editor2])

    assert list(article.co_editors.all()) == [editor2]
    section_create(article=article, actor=editor2, heading="Added by the co-editor")


def test_a_co_editor_cannot_choose_co_editors(article, editor2, chief):
    article.co_editors.add(editor2)
    with pytest.raises(ArticleError) as refused:
        article_co_editors_set(article=article, actor=editor2, co_editors=[editor2, chief])
    assert refused.value.code == "forbidden"


def test_only_editors_can_be_co_editors(article, editor, outsider):
    with pytest.raises(ArticleError, match="outsider is not an editor"):
        article_co_editors_set(article=article, actor=editor, co_editors=[outsider])


def test_restoring_a_revision_rebuilds_the_working_copy_with_the_same_claim_uuids(article, editor):
    revision = freeze_revision(article, editor, state="approved")
    lead_claim = article.sections.get(kind=SectionKind.LEAD).claims.get()
    claim_update(
        claim=lead_claim, actor=editor, text="Rewritten.", evidence="low", no_citation_needed=True
    )
    claim_delete(claim=article.sections.order_by("order").last().claims.first(), actor=editor)
    section_create(article=article, actor=editor, heading="New section")
    article_update_metadata(
        article=article, actor=editor, question="Changed?", title="", specialty="", origin="human"
    )

    working_copy_restore(article=article, revision=revision, actor=editor)

    article.refresh_from_db()
    assert working_copy_snapshot(article) == revision.content
    assert article.pending_revision is None
    assert article.history.latest().history_change_reason == "Restored from revision 1"


def test_restoring_is_refused_while_a_revision_is_in_review(article, editor):
    approved = freeze_revision(article, editor, state="approved")
    freeze_revision(article, editor, state="submitted", number=2)
    with nothing_written(), pytest.raises(ArticleError) as refused:
        working_copy_restore(article=article, revision=approved, actor=editor)
    assert refused.value.code == "locked"


def test_marking_a_question_keeps_who_marked_it_in_history(article, editor):
    question = ReaderQuestion.objects.create(article=article, audience="patient", text="And ice?")

    reader_question_set_status(question=question, actor=editor, status=QuestionStatus.SPAM)

    question.refresh_from_db()
    assert question.status == QuestionStatus.SPAM
    record = question.history.latest()
    assert (record.history_user, record.history_change_reason) == (editor, "Marked spam")


def test_only_editors_sort_questions(article, outsider):
    question = ReaderQuestion.objects.create(article=article, text="And ice?")
    with nothing_written(), pytest.raises(ArticleError) as refused:
        reader_question_set_status(question=question, actor=outsider, status="answered")
    assert refused.value.code == "forbidden"


def test_a_draft_article_can_be_started_from_a_question(editor):
    question = ReaderQuestion.objects.create(text="Is ice better than heat for a stiff neck?")

    article = article_create_from_question(question=question, actor=editor)

    assert article.question == "Is ice better than heat for a stiff neck?"
    assert Article.objects.get(pk=article.pk).owner == editor
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert article.slug in question.history.latest().history_change_reason


def test_a_long_question_is_cut_at_a_word_to_fit_an_articles_question(editor):
    question = ReaderQuestion.objects.create(text="Why " + "really " * 80 + "?")

    article = article_create_from_question(question=question, actor=editor)

    assert len(article.question) <= 300
    assert article.question.endswith("really…")
