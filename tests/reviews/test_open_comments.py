"""Open comments: a reviewer's own comments on an article must be resolved or explicitly
carried forward before that reviewer approves; both are in the log."""

import pytest
from django.urls import reverse

from reviews.models import Action, Signature, WorkflowEvent
from reviews.workflow import claim_comment_add, claim_comment_resolve, revision_approve
from tests.conftest import PASSWORD
from tests.reviews.conftest import refused


@pytest.fixture
def comment(in_review, reviewer):
    claim = in_review.content["sections"][0]["claims"][0]["uuid"]
    return claim_comment_add(revision=in_review, actor=reviewer, claim_uuid=claim, text="Dose?")


def _approve(revision, actor, **kwargs):
    return revision_approve(revision=revision, actor=actor, password=PASSWORD, **kwargs)


def test_approving_with_an_own_open_comment_is_refused(in_review, reviewer, comment):
    with refused(in_review, code="open_comments", status=409) as caught:
        _approve(in_review, reviewer, carry_forward_comments=False)
    assert caught.value.message == (
        "You have 1 open comment on this article. Resolve it, or carry it forward "
        "explicitly, before approving."
    )


def test_carrying_open_comments_forward_is_recorded_in_the_approval(in_review, reviewer, comment):
    _approve(in_review, reviewer, carry_forward_comments=True)
    approval = WorkflowEvent.objects.get(action=Action.APPROVE)
    assert approval.details["comments_carried_forward"] == [comment.pk]


def test_a_resolved_comment_no_longer_blocks_the_approval(in_review, reviewer, comment):
    event = claim_comment_resolve(revision=in_review, actor=reviewer, comment_id=comment.pk)
    assert (event.action, event.details, str(event.claim_uuid)) == (
        Action.RESOLVE_COMMENT,
        {"comment": comment.pk},
        str(comment.claim_uuid),
    )
    _approve(in_review, reviewer, carry_forward_comments=False)
    assert Signature.objects.filter(signer=reviewer).exists()


def test_another_reviewer_s_comments_do_not_block(in_review, reviewer2, comment):
    _approve(in_review, reviewer2, carry_forward_comments=False)
    assert Signature.objects.filter(signer=reviewer2).exists()


def test_a_caller_that_does_not_track_comments_is_not_asked(in_review, reviewer, comment):
    _approve(in_review, reviewer)
    assert "comments_carried_forward" not in WorkflowEvent.objects.get(action="approve").details


@pytest.mark.parametrize(
    ("who", "which", "code", "status"),
    [
        ("reviewer2", "comment", "not_comment_author", 403),
        ("reviewer", "unknown", "unknown_comment", 400),
    ],
)
def test_a_resolution_is_refused_with_its_reason(
    request, in_review, comment, who, which, code, status
):
    comment_id = comment.pk if which == "comment" else comment.pk + 1000
    before = WorkflowEvent.objects.count()
    with pytest.raises(Exception) as caught:
        claim_comment_resolve(
            revision=in_review, actor=request.getfixturevalue(who), comment_id=comment_id
        )
    assert (caught.value.code, caught.value.status) == (code, status)
    assert WorkflowEvent.objects.count() == before


def test_a_comment_is_resolved_once(in_review, reviewer, comment):
    claim_comment_resolve(revision=in_review, actor=reviewer, comment_id=comment.pk)
    with refused(in_review, code="already_resolved", status=409):
        claim_comment_resolve(revision=in_review, actor=reviewer, comment_id=comment.pk)


SIGN = {"password": PASSWORD, "meaning": "Approved for medical accuracy", "confirm_unchecked": "on"}


def test_the_review_page_lists_open_comments_beside_the_form_and_resolves_them(
    client, in_review, reviewer, comment
):
    client.force_login(reviewer)
    url = reverse("reviews:revision", args=[in_review.pk])
    page = client.get(url).content.decode()
    assert "Your open comments (1)" in page and "Carry my open comments forward" in page

    refused_page = client.post(reverse("reviews:approve", args=[in_review.pk]), SIGN)
    assert refused_page.status_code == 409
    assert "You have 1 open comment on this article." in refused_page.content.decode()

    resolved = client.post(
        reverse("reviews:resolve_comment", args=[in_review.pk]), {"comment": comment.pk}
    )
    assert resolved.status_code == 302
    assert "Your open comments" not in client.get(url).content.decode()
    signed = client.post(reverse("reviews:approve", args=[in_review.pk]), SIGN)
    assert signed.status_code == 302 and Signature.objects.filter(signer=reviewer).exists()


def test_signing_on_the_page_can_carry_open_comments_forward(client, in_review, reviewer, comment):
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:approve", args=[in_review.pk]), {**SIGN, "carry_forward_comments": "on"}
    )
    assert response.status_code == 302
    approval = WorkflowEvent.objects.get(action=Action.APPROVE)
    assert approval.details["comments_carried_forward"] == [comment.pk]
