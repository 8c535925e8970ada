"""Assigning reviewers through the API (api/views/assignments.py): an editor-in-chief
assigns, reassigns, moves a due day and cancels, each answered with the assignment as a
revision lists it; each refusal carries the workflow's code and changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from reviews.models import Action, AssignmentState, ReviewAssignment, WorkflowEvent
from reviews.workflow import revision_submit
from tests.api.conftest import client_for
from tests.conftest import make_article

BASE = "/api/v1/"
ASSIGN = f"{BASE}articles/back-pain/revisions/1/assignments"


@pytest.fixture
def submitted(editor):
    return revision_submit(article=make_article(editor), actor=editor, comment="First version")


def _day(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _post(user, url: str, body: dict):
    return client_for(user).post(url, body, format="json")


def _record() -> tuple:
    return (
        tuple(
            ReviewAssignment.objects.order_by("pk").values_list("reviewer_id", "state", "due_on")
        ),
        WorkflowEvent.objects.count(),
    )


@pytest.fixture
def assigned(submitted, chief, reviewer2):
    response = _post(chief, ASSIGN, {"reviewer": "reviewer2", "due_on": _day(7)})
    assert response.status_code == 201, response.json()
    return ReviewAssignment.objects.get(pk=response.json()["id"])


def test_an_editor_in_chief_assigns_a_board_member_by_username_with_a_due_day(
    submitted, chief, reviewer2
):
    response = _post(chief, ASSIGN, {"reviewer": "reviewer2", "due_on": _day(7)})

    assert response.status_code == 201
    body = response.json()
    assert (body["reviewer"], body["reviewer_name"], body["assigned_by"]) == (
        "reviewer2",
        "Ravi Second, PharmD",
        "chief",
    )
    assert (body["origin"], body["state"], body["due_on"]) == ("editor", "active", _day(7))
    made = ReviewAssignment.objects.get(pk=body["id"])
    assert (made.revision_id, made.reviewer) == (submitted.pk, reviewer2)
    assert WorkflowEvent.objects.filter(action=Action.ASSIGN, revision=submitted).exists()


@pytest.mark.parametrize(
    ("who", "body", "expected"),
    [
        ("editor", {"reviewer": "reviewer2", "due_on": "+7"}, (403, "not_editor_in_chief")),
        ("chief", {"reviewer": "nobody", "due_on": "+7"}, (400, "reviewer_not_board_member")),
        ("chief", {"reviewer": "editor", "due_on": "+7"}, (400, "reviewer_not_board_member")),
        ("chief", {"reviewer": "reviewer2", "due_on": "-1"}, (400, "due_in_past")),
        ("chief", {"reviewer": "reviewer2"}, (400, "due_required")),
        ("chief", {"due_on": "+7"}, (400, "invalid")),
    ],
)
def test_an_assignment_refused_says_why_and_assigns_nobody(
    submitted, editor, chief, reviewer2, who, body, expected
):
    if "due_on" in body:
        body = {**body, "due_on": _day(int(body["due_on"]))}
    before = _record()

    response = _post({"editor": editor, "chief": chief}[who], ASSIGN, body)

    assert (response.status_code, response.json()["error"]) == expected
    assert _record() == before


def test_an_unknown_revision_or_assignment_is_a_404(submitted, chief):
    gone = f"{BASE}articles/back-pain/revisions/9/assignments"
    assert _post(chief, gone, {"reviewer": "reviewer2", "due_on": _day(3)}).status_code == 404
    response = _post(chief, f"{BASE}assignments/999/cancel", {"reason": "x"})
    assert (response.status_code, response.json()["error"]) == (404, "not_found")


def test_assigning_needs_a_sign_in(submitted):
    from rest_framework.test import APIClient

    response = APIClient().post(ASSIGN, {"reviewer": "reviewer2", "due_on": _day(3)})
    assert response.status_code == 401


def test_a_review_is_reassigned_to_another_member_who_takes_over(assigned, chief, reviewer):
    response = _post(chief, f"{BASE}assignments/{assigned.pk}/reassign", {"reviewer": "reviewer1"})

    assert response.status_code == 200
    body = response.json()
    assert (body["reviewer"], body["reassigned_from"], body["due_on"]) == (
        "reviewer1",
        assigned.pk,
        _day(7),  # the due day is kept when none is given
    )
    assigned.refresh_from_db()
    assert assigned.state == AssignmentState.REASSIGNED


def test_a_due_day_is_moved_and_moving_it_to_the_same_day_is_refused(assigned, chief):
    url = f"{BASE}assignments/{assigned.pk}/due"

    moved = _post(chief, url, {"due_on": _day(10)})
    before = _record()
    again = _post(chief, url, {"due_on": _day(10)})

    assert (moved.status_code, moved.json()["due_on"]) == (200, _day(10))
    assert (again.status_code, again.json()["error"]) == (409, "due_unchanged")
    assert _record() == before


def test_an_assignment_is_cancelled_only_with_a_reason(assigned, chief):
    url = f"{BASE}assignments/{assigned.pk}/cancel"
    before = _record()

    refused = _post(chief, url, {"reason": "  "})
    assert (refused.status_code, refused.json()["error"]) == (400, "comment_required")
    assert _record() == before

    cancelled = _post(chief, url, {"reason": "On leave."})
    assert (cancelled.status_code, cancelled.json()["state"]) == (200, "cancelled")
    assert cancelled.json()["ended_at"] is not None
