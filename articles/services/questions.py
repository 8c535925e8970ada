"""Writes to articles that are not part of the review workflow."""

from django.db import transaction

from articles.models import Article, ReaderQuestion


@transaction.atomic
def reader_question_create(*, article: Article | None, audience: str, text: str) -> ReaderQuestion:
    question = ReaderQuestion(article=article, audience=audience, text=text)
    question._change_reason = "Question sent from the article page"
    question.full_clean()
    question.save()
    return question
