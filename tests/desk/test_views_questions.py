"""Readers' questions at /editor/questions/: newest first, with their article and audience;
marked answered, duplicate or spam; turned into a draft article."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article, QuestionStatus, ReaderQuestion
from tests.editing import nothing_written


@pytest.fixture
def questions(article):
    made = []
    for day, text, audience in (
        (1, "Is ice better than heat?", "patient"),
        (3, "What dose of ibuprofen?", "clinician"),
        (2, "Does yoga help?", ""),
    ):
        with time_machine.travel(datetime.datetime(2026, 5, day, 9, tzinfo=datetime.UTC)):
            made.append(
                ReaderQuestion.objects.create(article=article, audience=audience, text=text)
            )
    return made


def test_new_questions_are_listed_newest_first_with_article_and_audience(client, editor, questions):
    client.force_login(editor)
    page = client.get(reverse("editor:questions")).content.decode()

    positions = [page.index(q.text) for q in sorted(questions, key=lambda q: -q.created_at.day)]
    assert positions == sorted(positions)
    assert 'from <a href="/articles/back-pain/">What helps back pain?</a>' in page
    assert "reading as patient" in page


def test_marking_a_question_moves_it_out_of_the_new_list_and_keeps_history(
    client, editor, questions
):
    client.force_login(editor)
    question = questions[0]

    response = client.post(
        reverse("editor:question-status", args=[question.pk]),
        {"status": "duplicate", "shown": "new"},
    )

    assert response["Location"] == reverse("editor:questions") + "?status=new"
    question.refresh_from_db()
    assert question.status == QuestionStatus.DUPLICATE
    assert question.history.latest().history_user == editor
    listing = client.get(reverse("editor:questions")).content.decode()
    assert question.text not in listing
    duplicates = client.get(reverse("editor:questions"), {"status": "duplicate"}).content.decode()
    assert question.text in duplicates


@pytest.mark.parametrize("status", ["answered", "spam"])
def test_a_question_can_be_marked_answered_or_spam(client, editor, questions, status):
    client.force_login(editor)
    client.post(reverse("editor:question-status", args=[questions[1].pk]), {"status": status})
    questions[1].refresh_from_db()
    assert questions[1].status == status


def test_an_unknown_status_is_refused(client, editor, questions):
    client.force_login(editor)
    with nothing_written():
        response = client.post(
            reverse("editor:question-status", args=[questions[0].pk]), {"status": "deleted"}
        )
    assert response.status_code == 400


def test_a_draft_article_is_started_from_a_question(client, editor, questions):
    client.force_login(editor)
    response = client.post(reverse("editor:question-draft", args=[questions[2].pk]))

    article = Article.objects.get(question="Does yoga help?")
    assert response["Location"] == reverse("editor:article", args=[article.slug])
    assert article.owner == editor
    questions[2].refresh_from_db()
    assert questions[2].status == QuestionStatus.ANSWERED


def test_board_members_and_outsiders_cannot_triage_questions(client, reviewer, outsider, questions):
    for person in (reviewer, outsider):
        client.force_login(person)
        assert client.get(reverse("editor:questions")).status_code == 403
        with nothing_written():
            response = client.post(
                reverse("editor:question-status", args=[questions[0].pk]), {"status": "spam"}
            )
        assert response.status_code == 403


def _slot(page: str, place: str) -> str:
    start = page.index(f'data-placed="{place}"')
    return page[start : page.index("</div>", start)]


def test_a_marked_question_is_confirmed_beside_it_or_above_the_list_it_left(
    client, editor, questions
):
    client.force_login(editor)
    url = reverse("editor:question-status", args=[questions[0].pk])

    left = client.get(client.post(url, {"status": "spam", "shown": "new"})["Location"])
    stays = client.get(client.post(url, {"status": "answered", "shown": ""})["Location"])

    assert "Question marked spam." in _slot(left.content.decode(), "questions")
    slot = _slot(stays.content.decode(), f"question-{questions[0].pk}")
    assert "Question marked answered." in slot and "autofocus" in slot


def test_a_draft_from_a_question_opens_with_its_confirmation_under_the_heading(
    client, editor, questions
):
    client.force_login(editor)
    response = client.post(reverse("editor:question-draft", args=[questions[2].pk]))

    page = client.get(response["Location"]).content.decode()
    assert "A draft article was started from the question." in _slot(page, "article")
    assert 'class="messages"' not in page
