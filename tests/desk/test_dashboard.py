"""The dashboard: my drafts, changes requested, in review, recently approved, due for
re-review, counts per state, and search by question."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import SectionKind
from articles.services import claim_update
from desk.selectors import dashboard_for, working_copy_last_edits
from reviews.workflow import revision_start_review, revision_submit
from tests.conftest import freeze_revision, make_article


def _questions(rows) -> list[str]:
    return [row.article.question for row in rows]


@pytest.fixture
def shelf(editor, editor2, reviewer):
    """One article in each state, owned by `editor`, plus one of someone else's."""
    draft = make_article(editor, slug="draft", question="Draft: does rest help?")
    in_review = make_article(editor, slug="in-review", question="In review: is heat safe?")
    revision_submit(article=in_review, actor=editor, comment="First")
    sent_back = make_article(editor, slug="sent-back", question="Sent back: which NSAID?")
    sent_back_revision = revision_submit(article=sent_back, actor=editor, comment="First")
    revision_start_review(revision=sent_back_revision, actor=reviewer)
    from reviews.workflow import revision_request_changes

    revision_request_changes(revision=sent_back_revision, actor=reviewer, comment="Cite dosing.")
    approved = make_article(editor, slug="approved", question="Approved: ice or heat?")
    freeze_revision(approved, editor, state="approved")
    approved.refresh_from_db()
    approved.next_review_due = timezone.localdate() - datetime.timedelta(days=1)
    approved.save()
    others = make_article(editor2, slug="others", question="Someone else's article?")
    return {"draft": draft, "review": in_review, "back": sent_back, "ok": approved, "x": others}


def test_each_article_is_listed_under_its_state(editor, shelf):
    board = dashboard_for(user=editor)

    assert _questions(board.drafts) == ["Draft: does rest help?"]
    assert _questions(board.in_review) == ["In review: is heat safe?"]
    assert _questions(board.changes_requested) == ["Sent back: which NSAID?"]
    assert [n.text for n in board.changes_requested[0].notes] == ["Cite dosing."]
    assert _questions(board.recently_approved) == ["Approved: ice or heat?"]
    assert _questions(board.due_for_review) == ["Approved: ice or heat?"]
    assert dict(board.counts) == {
        "Drafts": 1,
        "Changes requested": 1,
        "In review": 1,
        "Recently approved": 1,
        "Due for re-review": 1,
    }


def test_an_approved_article_edited_since_is_a_draft_again(editor, shelf):
    claim = shelf["ok"].sections.get(kind=SectionKind.LEAD).claims.get()
    claim_update(claim=claim, actor=editor, text="New.", evidence="low", no_citation_needed=False)

    assert "Approved: ice or heat?" in _questions(dashboard_for(user=editor).drafts)


def test_a_co_edited_article_is_listed_and_others_are_not(editor2, shelf):
    shelf["draft"].co_editors.add(editor2)

    board = dashboard_for(user=editor2)

    assert _questions(board.drafts) == ["Draft: does rest help?", "Someone else's article?"]


def test_an_editor_in_chief_may_list_every_article(chief, shelf):
    assert dashboard_for(user=chief).drafts == []
    every = dashboard_for(user=chief, scope="all")
    assert "Someone else's article?" in _questions(every.drafts)


def test_a_plain_editor_asking_for_all_articles_still_sees_only_theirs(editor2, shelf):
    board = dashboard_for(user=editor2, scope="all")
    assert (board.scope, _questions(board.drafts)) == ("mine", ["Someone else's article?"])


def test_search_by_question_filters_every_list(client, editor, shelf):
    client.force_login(editor)
    page = client.get(reverse("editor:dashboard"), {"q": "heat"}).content.decode()

    assert "In review: is heat safe?" in page
    assert "Approved: ice or heat?" in page
    assert "Draft: does rest help?" not in page


def test_the_last_edit_of_a_working_copy_counts_deleted_rows(editor, article):
    before = working_copy_last_edits([article.pk])[article.pk]
    claim = article.sections.get(kind=SectionKind.LEAD).claims.get()
    from articles.services import claim_delete

    claim_delete(claim=claim, actor=editor)

    assert working_copy_last_edits([article.pk])[article.pk] > before


def test_the_dashboard_takes_a_fixed_number_of_queries(
    client, editor, django_assert_max_num_queries
):
    for number in range(6):
        make_article(editor, slug=f"a{number}", question=f"Question {number}?")
    client.force_login(editor)
    # 22: the staff bar (articles/staff.py) asks who this person is and counts their work.
    with django_assert_max_num_queries(22):
        assert client.get(reverse("editor:dashboard")).status_code == 200
