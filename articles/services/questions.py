"""Readers' follow-up questions: filing them from the public page, and the editors' triage."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from articles.errors import ArticleError
from articles.models import Article, QuestionStatus, ReaderQuestion
from articles.permissions import user_can_triage_questions
from articles.services.articles import QUESTION_MAX, article_create
from config.characters import CODE, refused_message
from config.history import history_save


@transaction.atomic
def reader_question_create(*, article: Article | None, audience: str, text: str) -> ReaderQuestion:
    if message := refused_message(text, label=gettext("The question")):
        raise ValidationError({"text": ValidationError(message, code=CODE)})
    question = ReaderQuestion(article=article, audience=audience, text=text)
    question._change_reason = "Question sent from the article page"
    question.full_clean()
    question.save()
    return question


def _require_triage(actor) -> None:
    if not user_can_triage_questions(actor):
        raise ArticleError(gettext("Only editors can sort readers' questions."), code="forbidden")


@transaction.atomic
def reader_question_set_status(
    *, question: ReaderQuestion, actor, status: str, reason: str = ""
) -> ReaderQuestion:
    """Mark a question answered, duplicate or spam (or new again), with its history."""
    _require_triage(actor)
    if status not in QuestionStatus.values:
        raise ArticleError(
            gettext("'%(value)s' is not a status of a question.") % {"value": status},
            code="invalid",
        )
    question = ReaderQuestion.objects.select_for_update().get(pk=question.pk)
    if question.status != status:
        question.status = status
        history_save(
            question,
            actor=actor,
            reason=reason or f"Marked {QuestionStatus(status).label.lower()}",
        )
    return question


def _question_as_heading(text: str) -> str:
    """A reader's question cut to fit an article's question (the page's H1) at a word."""
    text = " ".join(text.split())
    if len(text) <= QUESTION_MAX:
        return text
    cut = text[: QUESTION_MAX - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


@transaction.atomic
def article_create_from_question(*, question: ReaderQuestion, actor) -> Article:
    """Start a draft article that answers the question; the question is marked answered,
    with the new article named in its history."""
    _require_triage(actor)
    question = ReaderQuestion.objects.select_for_update().get(pk=question.pk)
    article = article_create(actor=actor, question=_question_as_heading(question.text))
    reader_question_set_status(
        question=question,
        actor=actor,
        status=QuestionStatus.ANSWERED,
        reason=f"Answered by a new draft article, {article.slug}",
    )
    return article
