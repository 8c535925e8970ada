"""The review queue's filters (mine, unassigned, overdue) and the review page's reviewers
table with the editor-in-chief's assignment forms."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from articles.models import Revision
from reviews.models import AssignmentState, ReviewAssignment, WorkflowEvent
from reviews.workflow import (
    assignment_create,
    assignment_reassign,
    revision_start_review,
    revision_submit,
)
from tests.conftest import make_article, make_board_member

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


@pytest.fixture
def three(editor, chief, reviewer, reviewer2):
    """Three revisions in review: one assigned to reviewer2 and overdue, one assigned to
    reviewer2 due next week, one nobody is assigned to."""
    revisions = []
    for n in range(3):
        article = make_article(editor, slug=f"topic-{n}", question=f"Question {n}?")
        revisions.append(revision_submit(article=article, actor=editor, comment=f"Topic {n}"))
    with time_machine.travel(MONDAY - dt.timedelta(days=10), tick=False):
        assignment_create(
            revision=revisions[0], actor=chief, reviewer=reviewer2, due_on=dt.date(2026, 2, 27)
        )
    assignment_create(
        revision=revisions[1], actor=chief, reviewer=reviewer2, due_on=dt.date(2026, 3, 9)
    )
    return revisions


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(MONDAY, tick=False):
        yield


def queue(client, user, show: str = "") -> str:
    client.force_login(user)
    url = reverse("reviews:queue") + (f"?show={show}" if show else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_filters_show_their_counts_and_mark_the_current_one(client, three, reviewer2):
    page = queue(client, reviewer2)

    assert 'aria-current="page">All</a>' in page
    assert 'Mine <span class="count">(2)</span>' in page
    assert 'Unassigned <span class="count">(1)</span>' in page
    assert 'Overdue <span class="count">(1)</span>' in page


def test_mine_lists_what_is_assigned_to_me_soonest_due_first(client, three, reviewer2):
    page = queue(client, reviewer2, "mine")

    assert 'aria-current="page">Mine' in page
    first, second = (page.index(f"/review/revisions/{r.pk}/") for r in three[:2])
    assert first < second
    assert f"/review/revisions/{three[2].pk}/" not in page


def test_unassigned_lists_revisions_nobody_is_assigned_to(client, three, reviewer):
    page = queue(client, reviewer, "unassigned")

    assert f"/review/revisions/{three[2].pk}/" in page
    assert f"/review/revisions/{three[0].pk}/" not in page


def test_starting_a_review_takes_it_out_of_unassigned(client, three, reviewer):
    revision_start_review(revision=three[2], actor=reviewer)
    page = queue(client, reviewer, "unassigned")
    assert "Every revision in review has a reviewer assigned." in page


def test_overdue_lists_late_reviews_highlighted_in_words(client, three, reviewer):
    page = queue(client, reviewer, "overdue")

    assert '<li class="queue-overdue">' in page
    assert '<strong class="flag-overdue">Overdue</strong>' in page
    assert 'due <time datetime="2026-02-27">Feb 27, 2026</time>' in page
    assert f"/review/revisions/{three[1].pk}/" not in page


def test_an_unknown_filter_shows_the_whole_queue(client, three, reviewer2):
    page = queue(client, reviewer2, "everything")
    assert 'aria-current="page">All</a>' in page
    assert "Assigned to you" in page


def test_an_editor_in_chief_who_is_not_on_the_board_sees_the_queue(client, three, chief):
    page = queue(client, chief, "overdue")
    assert f"/review/revisions/{three[0].pk}/" in page
    assert ">Mine" not in page  # nothing is assigned to them
    assert 'aria-current="page">All</a>' in queue(client, chief, "mine")


# --- the review page --------------------------------------------------------------------


def test_the_review_page_lists_reviewers_with_due_dates_and_overdue_ones(client, three, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("reviews:revision", args=[three[0].pk])).content.decode()

    assert "Reviewers and due dates" in page
    assert "Ravi Second, PharmD" in page
    assert '<strong class="flag-overdue">Overdue</strong>' in page
    assert 'action="/review/assignments/' not in page  # a reviewer may not change them


def test_an_editor_in_chief_assigns_on_the_review_page(client, three, chief, reviewer):
    client.force_login(chief)
    page = client.get(reverse("reviews:revision", args=[three[2].pk])).content.decode()
    assert 'type="date" name="due_on"' in page
    assert 'min="2026-03-02"' in page

    response = client.post(
        reverse("reviews:assign", args=[three[2].pk]),
        {"reviewer": reviewer.pk, "due_on": "2026-03-10"},
    )

    assert response.status_code == 302
    # No #fragment: the page opens on the confirmation in the reviewers table, which takes
    # the focus (autofocus, ignored by a page opened at a fragment).
    assert "#" not in response["Location"]
    made = ReviewAssignment.objects.get(revision=three[2])
    assert (made.reviewer, made.due_on) == (reviewer, dt.date(2026, 3, 10))


def test_a_past_due_date_on_the_page_is_refused_with_its_reason(client, three, chief, reviewer):
    client.force_login(chief)
    events = WorkflowEvent.objects.count()

    response = client.post(
        reverse("reviews:assign", args=[three[2].pk]),
        {"reviewer": reviewer.pk, "due_on": "2026-03-01"},
    )

    assert response.status_code == 400
    assert "The due date is in the past; choose today or a later day." in response.content.decode()
    assert not ReviewAssignment.objects.filter(revision=three[2]).exists()
    assert WorkflowEvent.objects.count() == events


def test_the_page_reassigns_moves_the_date_and_cancels(client, three, chief, reviewer, reviewer2):
    client.force_login(chief)
    assignment = ReviewAssignment.objects.get(revision=three[1])

    client.post(reverse("reviews:reassign", args=[assignment.pk]), {"reviewer": reviewer.pk})
    new = ReviewAssignment.objects.get(revision=three[1], state=AssignmentState.ACTIVE)
    assert new.reviewer == reviewer

    client.post(reverse("reviews:set_due", args=[new.pk]), {"due_on": "2026-03-20"})
    new.refresh_from_db()
    assert new.due_on == dt.date(2026, 3, 20)

    response = client.post(
        reverse("reviews:cancel_assignment", args=[new.pk]), {"reason": "Conflict of interest"}
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.state == AssignmentState.CANCELLED
    page = client.get(reverse("reviews:revision", args=[three[1].pk])).content.decode()
    assert "Reassigned" in page and "Cancelled" in page


def test_a_reviewer_cannot_reassign_through_the_page(client, three, reviewer, reviewer2):
    client.force_login(reviewer)
    assignment = ReviewAssignment.objects.get(revision=three[1])

    response = client.post(
        reverse("reviews:reassign", args=[assignment.pk]), {"reviewer": reviewer.pk}
    )

    assert response.status_code == 403
    assignment.refresh_from_db()
    assert (assignment.reviewer, assignment.state) == (reviewer2, AssignmentState.ACTIVE)


def test_an_outsider_cannot_reach_an_assignment(client, three, outsider):
    client.force_login(outsider)
    assignment = ReviewAssignment.objects.get(revision=three[1])
    response = client.post(
        reverse("reviews:cancel_assignment", args=[assignment.pk]), {"reason": "x"}
    )
    assert response.status_code == 403
    assert Revision.objects.get(pk=three[1].pk).assignments.get().state == "active"


def test_the_revisions_timeline_and_the_articles_audit_trail_show_the_reassignment(
    client, three, chief, reviewer, admin_user
):
    assignment_reassign(
        assignment=ReviewAssignment.objects.get(revision=three[1]), actor=chief, reviewer=reviewer
    )
    comment = "Reassigned from Ravi Second, PharmD to Rhea Viewer, MD, FACP, due 2026-03-09"

    client.force_login(reviewer)
    page = client.get(reverse("reviews:revision", args=[three[1].pk])).content.decode()
    assert f"Reassigned a review: {comment}" in page

    client.force_login(admin_user)
    article_id = three[1].article_id
    audit = client.get(reverse("audit:article", args=[article_id])).content.decode()
    assert "Reassigned a review" in audit
    assert "Review assignment" in audit  # the assignment's own history rows


def test_the_assign_form_offers_only_members_who_may_review_the_revision(
    client, three, chief, reviewer, reviewer2, editor
):
    make_board_member(editor, name="Eda Editor")  # wrote the revisions
    client.force_login(chief)
    page = client.get(reverse("reviews:revision", args=[three[1].pk])).content.decode()
    start = page.index('id="assign"')
    form = page[start : page.index("</form>", start)]

    assert f'<option value="{reviewer.pk}">Rhea Viewer, MD, FACP</option>' in form
    assert f'value="{reviewer2.pk}"' not in form  # already assigned
    assert f'value="{editor.pk}"' not in form  # an author
