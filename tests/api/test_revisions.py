"""The review workflow through the API: every transition, and each refusal with the
workflow's own code and status, leaving the revision as it was."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article, Revision
from reviews.models import Signature, WorkflowEvent
from reviews.workflow import assignment_create, revision_start_review, revision_submit
from tests.api.conftest import client_for
from tests.conftest import PASSWORD, make_article

BASE = "/api/v1/articles/back-pain/revisions/"


@pytest.fixture
def submitted(editor):
    return revision_submit(article=make_article(editor), actor=editor, comment="First version")


@pytest.fixture
def in_review(submitted, reviewer):
    return revision_start_review(revision=submitted, actor=reviewer)


def post(user, action: str, body=None, number: int = 1):
    return client_for(user).post(f"{BASE}{number}/{action}", body or {}, format="json")


def refusal(response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error", "detail", "fields"}
    return response.status_code, body["error"]


def unchanged(revision: Revision) -> tuple:
    revision = Revision.objects.get(pk=revision.pk)
    return (
        revision.state,
        WorkflowEvent.objects.count(),
        Signature.objects.count(),
        Article.objects.get().live_revision_id,
    )


# --- Reading --------------------------------------------------------------------------


def test_a_revision_lists_its_assignments_with_due_dates(submitted, chief, reviewer2, editor):
    due = timezone.localdate() + dt.timedelta(days=7)
    made = assignment_create(revision=submitted, actor=chief, reviewer=reviewer2, due_on=due)
    expected = {
        "id": made.pk,
        "reviewer": "reviewer2",
        "reviewer_name": "Ravi Second, PharmD",
        "assigned_by": "chief",
        "origin": "editor",
        "due_on": due.isoformat(),
        "state": "active",
        "ended_at": None,
        "reassigned_from": None,
    }

    (listed,) = client_for(editor).get(BASE).json()
    detail = client_for(editor).get(f"{BASE}1/").json()

    for body in (listed, detail):
        (assignment,) = body["assignments"]
        assert {k: v for k, v in assignment.items() if k != "assigned_at"} == expected


def test_the_revisions_of_an_article_are_listed_newest_first(submitted, editor):
    body = client_for(editor).get(BASE).json()
    assert [(r["number"], r["state"]) for r in body] == [(1, "submitted")]
    assert body[0]["content_hash"] == submitted.content_hash
    assert body[0]["submitted_by"] == "editor"


def test_a_revision_shows_its_events_and_signatures(in_review, editor, reviewer):
    post(reviewer, "approve", {"password": PASSWORD, "meaning": "Checked every dose"})
    body = client_for(editor).get(f"{BASE}1/").json()
    assert body["state"] == "approved"
    assert [e["action"] for e in body["events"]] == ["submit", "start_review", "approve", "publish"]
    assert body["events"][0]["actor"] == "editor"
    assert all(e["revision_hash"] == in_review.content_hash for e in body["events"])
    (signature,) = body["signatures"]
    assert signature["printed_name"] == "Rhea Viewer"
    assert signature["meaning"] == "Checked every dose"
    assert signature["content_hash"] == in_review.content_hash


def test_revisions_are_for_editors_and_board_members_only(submitted, reviewer2, outsider, chief):
    assert client_for(reviewer2).get(BASE).status_code == 200
    assert client_for(chief).get(f"{BASE}1/").status_code == 200
    assert refusal(client_for(outsider).get(BASE)) == (403, "not_allowed")
    assert refusal(client_for(outsider).get(f"{BASE}1/")) == (403, "not_allowed")


def test_an_unknown_revision_is_a_404(submitted, editor):
    response = client_for(editor).get(f"{BASE}9/")
    assert refusal(response) == (404, "not_found")
    assert response.json()["detail"] == "The article 'back-pain' has no revision 9."
    assert refusal(post(editor, "withdraw", number=9)) == (404, "not_found")


def test_anonymous_callers_get_401(api, submitted):
    assert refusal(api.get(BASE)) == (401, "not_authenticated")
    assert refusal(api.post(f"{BASE}1/start-review")) == (401, "not_authenticated")


# --- Start review ---------------------------------------------------------------------


def test_a_board_member_starts_the_review(submitted, reviewer):
    response = post(reviewer, "start-review")
    assert response.status_code == 200
    assert response.json() == {"revision": 1, "state": "under_review"}


def test_only_a_board_member_may_start_a_review(submitted, outsider):
    before = unchanged(submitted)
    assert refusal(post(outsider, "start-review")) == (403, "not_board_member")
    assert unchanged(submitted) == before


def test_an_author_who_is_a_board_member_may_not_review_their_own_change(editor, reviewer):
    article = make_article(editor)
    article.co_editors.add(reviewer)
    revision = revision_submit(article=article, actor=reviewer, comment="My own change")
    assert refusal(post(reviewer, "start-review")) == (403, "own_change")
    assert Revision.objects.get(pk=revision.pk).state == "submitted"


def test_starting_a_review_twice_is_a_409(in_review, reviewer2):
    assert refusal(post(reviewer2, "start-review")) == (409, "already_under_review")


# --- Approve --------------------------------------------------------------------------


def test_an_approval_with_the_password_publishes_at_quorum_one(in_review, reviewer):
    response = post(reviewer, "approve", {"password": PASSWORD})
    assert response.status_code == 200
    assert response.json() == {"revision": 1, "state": "approved"}
    assert Article.objects.get().live_revision_id == in_review.pk
    assert Signature.objects.get().meaning == "Approved for medical accuracy"


def test_a_wrong_password_signs_nothing(in_review, reviewer):
    before = unchanged(in_review)
    assert refusal(post(reviewer, "approve", {"password": "guess"})) == (403, "wrong_password")
    assert refusal(post(reviewer, "approve", {})) == (403, "wrong_password")
    assert unchanged(in_review) == before


def test_approving_a_submitted_revision_starts_the_review_too(submitted, reviewer):
    response = post(reviewer, "approve", {"password": PASSWORD})
    assert response.json() == {"revision": 1, "state": "approved"}
    assert WorkflowEvent.objects.filter(action="start_review", actor=reviewer).count() == 1


def test_an_editor_may_not_approve(in_review, editor):
    assert refusal(post(editor, "approve", {"password": PASSWORD})) == (403, "not_board_member")


def test_a_meaning_over_the_limit_is_a_400(in_review, reviewer):
    response = post(reviewer, "approve", {"password": PASSWORD, "meaning": "x" * 201})
    assert refusal(response) == (400, "meaning_too_long")
    assert list(response.json()["fields"]) == ["meaning"]


def test_signing_attempts_are_limited_per_reviewer(in_review, reviewer):
    for _ in range(10):
        post(reviewer, "approve", {"password": "guess"})
    response = post(reviewer, "approve", {"password": PASSWORD})
    assert refusal(response) == (429, "too_many_attempts")
    assert Signature.objects.count() == 0


# --- Request changes and withdraw ----------------------------------------------------


def test_a_board_member_requests_changes_with_a_comment(in_review, reviewer):
    response = post(reviewer, "request-changes", {"comment": "Cite the 2024 guideline"})
    assert response.json() == {"revision": 1, "state": "changes_requested"}
    assert Article.objects.get().pending_revision_id is None


def test_a_changes_request_without_a_comment_is_a_400(in_review, reviewer):
    before = unchanged(in_review)
    response = post(reviewer, "request-changes", {"comment": "  "})
    assert refusal(response) == (400, "comment_required")
    assert response.json()["fields"] == {"comment": [response.json()["detail"]]}
    assert unchanged(in_review) == before


def test_requesting_changes_on_a_submitted_revision_starts_the_review_too(submitted, reviewer):
    response = post(reviewer, "request-changes", {"comment": "x"})
    assert response.json() == {"revision": 1, "state": "changes_requested"}
    assert WorkflowEvent.objects.filter(action="start_review", actor=reviewer).count() == 1


def test_the_submitter_withdraws(submitted, editor):
    response = post(editor, "withdraw", {"comment": "Found a mistake"})
    assert response.json() == {"revision": 1, "state": "withdrawn"}
    assert WorkflowEvent.objects.last().comment == "Found a mistake"


def test_only_the_submitter_or_an_editor_in_chief_withdraws(submitted, editor2, chief):
    assert refusal(post(editor2, "withdraw")) == (403, "not_submitter")
    assert post(chief, "withdraw").status_code == 200


def test_an_approved_revision_cannot_be_withdrawn(in_review, reviewer, editor):
    post(reviewer, "approve", {"password": PASSWORD})
    assert refusal(post(editor, "withdraw")) == (409, "already_approved")


def test_a_transition_body_that_is_not_an_object_is_a_400(in_review, reviewer):
    response = client_for(reviewer).post(f"{BASE}1/approve", [1, 2], format="json")
    assert refusal(response) == (400, "invalid")


def test_a_transition_answers_405_to_get(submitted, reviewer):
    response = client_for(reviewer).get(f"{BASE}1/start-review")
    assert refusal(response) == (405, "method_not_allowed")
    assert "GET" in response.json()["detail"]


def test_the_first_signer_schedules_the_publication_and_the_revision_shows_it_signed(
    in_review, reviewer
):
    import datetime as dt

    go_live = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).replace(microsecond=0)

    response = post(reviewer, "approve", {"password": PASSWORD, "publish_at": go_live.isoformat()})

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "scheduled"
    body = client_for(reviewer).get(f"{BASE}1/").json()
    expected = go_live.isoformat().replace("+00:00", "Z")
    assert body["publish_at"] == expected
    assert body["signatures"][0]["publish_at"] == expected
    assert Article.objects.get().live_revision_id is None
