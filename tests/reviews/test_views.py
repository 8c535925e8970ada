"""The reviewers' workspace over HTTP: who sees what, and refusals as 409/403/400."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Claim, RevisionState
from articles.services import working_copy_restore
from references.models import Reference
from reviews.models import Action, Signature, WorkflowEvent
from reviews.workflow import (
    revision_approve,
    revision_request_changes,
    revision_start_review,
    revision_submit,
    revision_withdraw,
)
from tests.conftest import make_board_member


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _url(name, revision):
    return reverse(f"reviews:{name}", kwargs={"pk": revision.pk})


def _state(revision):
    revision.refresh_from_db()
    return revision.state


def _publish(article, editor, reviewer, password, *, comment: str):
    revision = revision_submit(article=article, actor=editor, comment=comment)
    revision_start_review(revision=revision, actor=reviewer)
    return revision_approve(revision=revision, actor=reviewer, password=password)


def _reword_first_claim(article, text: str) -> None:
    claim = Claim.objects.filter(section__article=article, section__order=1).first()
    claim.text = text
    claim.save()


# --- the queue --------------------------------------------------------------------------


def test_the_queue_needs_a_login(client):
    response = client.get(reverse("reviews:queue"))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_only_board_members_see_the_queue(client, editor):
    client.force_login(editor)
    assert client.get(reverse("reviews:queue")).status_code == 403


def test_the_queue_lists_submitted_revisions_and_mine_under_review(
    client, submitted, reviewer, reviewer2, editor
):
    client.force_login(reviewer2)
    page = client.get(reverse("reviews:queue")).content.decode()
    assert "Submitted, waiting for a reviewer" in page
    assert _url("revision", submitted) in page

    revision_start_review(revision=submitted, actor=reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("reviews:queue")).content.decode()
    assert "Assigned to you" in page  # starting a review puts it in your hands
    assert "Submitted, waiting for a reviewer" not in page


def test_the_queue_leaves_out_revisions_the_member_authored(client, article, editor):
    make_board_member(editor, name="Eda Editor")
    revision_submit(article=article, actor=editor, comment="Mine")
    client.force_login(editor)

    page = client.get(reverse("reviews:queue")).content.decode()

    assert "Nothing needs your review right now." in page


def test_the_queue_shows_revisions_assigned_to_me(client, submitted, chief, reviewer2):
    client.force_login(chief)
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    client.post(_url("assign", submitted), {"reviewer": reviewer2.pk, "due_on": due})

    client.force_login(reviewer2)
    page = client.get(reverse("reviews:queue")).content.decode()

    assert "Assigned to you" in page


def test_the_queue_shows_re_reviews_due(client, in_review, reviewer, reviewer2, password):
    with time_machine.travel(dt.datetime(2024, 1, 1, tzinfo=dt.UTC), tick=False):
        revision_approve(revision=in_review, actor=reviewer, password=password)
    client.force_login(reviewer2)

    page = client.get(reverse("reviews:queue")).content.decode()

    assert "Re-reviews due" in page
    assert "January 1, 2025" in page


# --- the review page --------------------------------------------------------------------


def test_the_review_page_shows_the_changes_word_by_word(
    client, article, editor, reviewer, reviewer2, password
):
    _publish(article, editor, reviewer, password, comment="First")
    _reword_first_claim(article, "Claim 1.1 about early treatment.")
    second = revision_submit(article=article, actor=editor, comment="Earlier")
    client.force_login(reviewer2)

    response = client.get(_url("revision", second))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Changes since revision 1" in page
    assert "<ins>early </ins>" in page
    assert "0 added · 1 changed · 0 removed" in page
    assert "Patient or caregiver" in page
    assert "Claims above target" in page


def test_a_spanish_review_page_says_what_changed_in_whole_spanish_sentences(
    client, article, editor, reviewer, reviewer2, password
):
    _publish(article, editor, reviewer, password, comment="First")
    _reword_first_claim(article, "Claim 1.1 about early treatment.")
    second = revision_submit(article=article, actor=editor, comment="Earlier")
    client.force_login(reviewer2)

    page = client.get(_url("revision", second), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Cambios desde la revisión 1 (publicada)" in page
    assert "Añadidas: 0 · modificadas: 1 · eliminadas: 0" in page


def test_the_review_page_renders_each_audience(client, submitted, reviewer):
    client.force_login(reviewer)
    clinician = client.get(_url("revision", submitted)).content.decode()
    patient = client.get(_url("revision", submitted) + "?audience=patient").content.decode()
    assert "Keep moving and use heat." in clinician
    assert "Stay active." in patient


def test_the_article_editors_may_see_the_review_page_but_others_may_not(
    client, submitted, editor, editor2
):
    client.force_login(editor)
    assert client.get(_url("revision", submitted)).status_code == 200
    client.force_login(editor2)
    assert client.get(_url("revision", submitted)).status_code == 403


def test_reference_warnings_are_shown_to_reviewers(client, submitted, reviewer):
    key = next(iter(submitted.content["references"]))
    Reference.objects.filter(pk=int(key)).update(retracted_on=dt.date(2026, 1, 1))
    client.force_login(reviewer)

    page = client.get(_url("revision", submitted)).content.decode()

    assert "Reference warnings" in page
    assert "was retracted on 2026-01-01" in page


# --- decisions --------------------------------------------------------------------------


def test_a_board_member_starts_the_review_from_the_page(client, submitted, reviewer):
    client.force_login(reviewer)
    response = client.post(_url("start", submitted))
    assert response.status_code == 302
    assert _state(submitted) == RevisionState.UNDER_REVIEW


def test_an_approval_signed_with_the_right_password_publishes(
    client, in_review, reviewer, password
):
    client.force_login(reviewer)
    response = client.post(
        _url("approve", in_review),
        # Signing on the page says which claims were checked, or confirms leaving them.
        {
            "password": password,
            "meaning": "Approved for medical accuracy",
            "confirm_unchecked": "on",
        },
        follow=True,
    )
    assert "The quorum is met: this revision is now live." in response.content.decode()
    assert _state(in_review) == RevisionState.APPROVED


def test_a_wrong_password_is_a_403_and_signs_nothing(client, in_review, reviewer):
    client.force_login(reviewer)
    response = client.post(_url("approve", in_review), {"password": "nope", "meaning": "OK"})
    assert response.status_code == 403
    assert "The password is not correct" in response.content.decode()
    assert not Signature.objects.exists()
    assert _state(in_review) == RevisionState.UNDER_REVIEW


def test_a_meaning_over_the_limit_is_refused_with_the_limit_not_as_missing(
    client, in_review, reviewer, password
):
    client.force_login(reviewer)
    meaning = "M" * 201
    response = client.post(_url("approve", in_review), {"password": password, "meaning": meaning})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The meaning of a signature is at most 200 characters." in page
    assert "State what your signature means" not in page
    assert meaning in page  # what was typed comes back
    assert password not in page
    assert not Signature.objects.exists()
    assert _state(in_review) == RevisionState.UNDER_REVIEW


def test_approving_a_withdrawn_revision_is_a_409(client, in_review, editor, reviewer, password):
    revision_withdraw(revision=in_review, actor=editor)
    client.force_login(reviewer)
    response = client.post(_url("approve", in_review), {"password": password})
    assert response.status_code == 409
    assert "This revision was withdrawn" in response.content.decode()


def test_an_author_on_the_board_gets_a_403_when_approving(client, in_review, editor, password):
    make_board_member(editor, name="Eda Editor")
    client.force_login(editor)
    response = client.post(_url("approve", in_review), {"password": password})
    assert response.status_code == 403
    assert _state(in_review) == RevisionState.UNDER_REVIEW


def test_a_changes_request_without_a_comment_is_a_400(client, in_review, reviewer):
    client.force_login(reviewer)
    response = client.post(_url("request_changes", in_review), {"comment": ""})
    assert response.status_code == 400
    assert _state(in_review) == RevisionState.UNDER_REVIEW


def test_a_resubmission_opens_on_the_changes_since_it_was_sent_back(
    client, in_review, editor, reviewer
):
    revision_request_changes(revision=in_review, actor=reviewer, comment="Date the dose.")
    _reword_first_claim(in_review.article, "Claim 1.1, dated 2026.")
    second = revision_submit(article=in_review.article, actor=editor, comment="Dated")
    client.force_login(reviewer)

    everything = client.get(_url("revision", second), {"against": "live"}).content.decode()
    since_sent_back = client.get(_url("revision", second))

    # By default the page shows what changed since the board's last look; nothing is
    # live, so against the live revision all of it is new.
    assert "nothing approved before it: everything is new" in everything
    assert "Only what changed since revision 1, which the board sent back" in everything
    page = since_sent_back.content.decode()
    assert page.index('id="diff-heading"') < page.index('id="decide-heading"')
    assert "Changes since revision 1 (sent back for changes)" in page
    assert "0 added · 1 changed · 0 removed" in page
    assert "<del>about</del><ins>dated</ins> <del>treatment</del><ins>2026</ins>." in page


def test_without_a_sent_back_revision_there_is_nothing_else_to_compare_with(
    client, submitted, reviewer
):
    client.force_login(reviewer)

    page = client.get(_url("revision", submitted), {"against": "sent-back"}).content.decode()

    assert "nothing approved before it: everything is new" in page
    assert "sent back" not in page


def test_the_review_page_says_when_a_revision_restores_an_earlier_one(
    client, article, editor, reviewer, reviewer2, password
):
    first = _publish(article, editor, reviewer, password, comment="First")
    _reword_first_claim(article, "Claim 1.1, reworded.")
    _publish(article, editor, reviewer, password, comment="Reworded")
    working_copy_restore(article=article, revision=first, actor=editor)
    third = revision_submit(article=article, actor=editor, comment="Back to the first wording")
    client.force_login(reviewer2)

    page = client.get(_url("revision", third)).content.decode()

    assert "began as a restore of revision 1" in page
    assert "brought back as a new draft, unchanged." in page
    client.force_login(editor)
    history = client.get(reverse("editor:history", args=[article.slug])).content.decode()
    assert "restores revision 1" in history


def test_a_changes_request_with_a_comment_sends_it_back(client, in_review, reviewer):
    client.force_login(reviewer)
    response = client.post(_url("request_changes", in_review), {"comment": "Add a source."})
    assert response.status_code == 302
    assert _state(in_review) == RevisionState.CHANGES_REQUESTED


def test_the_submitter_withdraws_from_the_page(client, submitted, editor):
    client.force_login(editor)
    assert client.post(_url("withdraw", submitted)).status_code == 302
    assert _state(submitted) == RevisionState.WITHDRAWN


def test_a_comment_is_anchored_to_its_claim(client, submitted, reviewer):
    claim = submitted.content["sections"][1]["claims"][0]["uuid"]
    client.force_login(reviewer)

    response = client.post(_url("comment", submitted), {"claim_uuid": claim, "text": "Dose?"})

    assert response.status_code == 302
    # No #fragment: the page opens on the confirmation at the claim, which takes the focus
    # (tests/reviews/test_confirmations.py).
    assert "#" not in response["Location"]
    event = WorkflowEvent.objects.get(action=Action.COMMENT)
    assert (str(event.claim_uuid), event.comment) == (claim, "Dose?")
    assert "Dose?" in client.get(_url("revision", submitted)).content.decode()


def test_comments_stay_with_their_claim_in_the_next_revision(client, submitted, editor, reviewer):
    claim = submitted.content["sections"][1]["claims"][0]["uuid"]
    client.force_login(reviewer)
    client.post(_url("comment", submitted), {"claim_uuid": claim, "text": "Dose?"})
    revision_withdraw(revision=submitted, actor=editor)
    Claim.objects.filter(uuid=claim).update(text="Claim with a dose.")
    second = revision_submit(article=submitted.article, actor=editor, comment="Dose added")

    page = client.get(_url("revision", second)).content.decode()

    assert "Dose?" in page
    assert "on revision 1" in page


def test_signing_attempts_are_rate_limited(client, in_review, reviewer):
    client.force_login(reviewer)
    statuses = [
        client.post(_url("approve", in_review), {"password": "guess", "meaning": "OK"}).status_code
        for _ in range(11)
    ]
    assert statuses == [403] * 10 + [429]


def test_a_board_member_reaffirms_from_the_live_revisions_page(
    client, in_review, reviewer, reviewer2, password
):
    revision_approve(revision=in_review, actor=reviewer, password=password)
    client.force_login(reviewer2)

    response = client.post(
        reverse("reviews:reaffirm", kwargs={"slug": in_review.article.slug}),
        {"password": password, "comment": "Still current"},
    )

    assert response.status_code == 302
    assert WorkflowEvent.objects.filter(action=Action.REAFFIRM).count() == 1


# --- the public page --------------------------------------------------------------------


def test_the_public_page_keeps_the_live_revision_until_the_next_is_approved(
    client, in_review, editor, reviewer, reviewer2, password
):
    revision_approve(revision=in_review, actor=reviewer, password=password)
    article = Article.objects.get(pk=in_review.article_id)
    claim = Claim.objects.filter(section__article=article, section__order=1).first()
    claim.text = "A newer statement still in review."
    claim.save()
    second = revision_submit(article=article, actor=editor, comment="Newer")
    revision_start_review(revision=second, actor=reviewer2)

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Claim 1.1 about treatment." in page
    assert "A newer statement still in review." not in page

    revision_approve(revision=second, actor=reviewer2, password=password)

    page = client.get(article.get_absolute_url()).content.decode()
    assert "A newer statement still in review." in page
    assert "Claim 1.1 about treatment." not in page
    assert "Ravi Second, PharmD" in page


# --- the admin --------------------------------------------------------------------------


def test_the_admin_shows_the_review_record_but_cannot_change_it(
    client, in_review, reviewer, password, admin_user
):
    revision_approve(revision=in_review, actor=reviewer, password=password)
    client.force_login(admin_user)
    signature = Signature.objects.get()
    event = WorkflowEvent.objects.first()

    assert client.get(reverse("admin:reviews_signature_changelist")).status_code == 200
    assert client.get(reverse("admin:reviews_signature_add")).status_code == 403
    assert client.get(reverse("admin:reviews_workflowevent_add")).status_code == 403
    delete = reverse("admin:reviews_workflowevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:reviews_signature_change", args=[signature.pk])
    client.post(change, {"printed_name": "Forged"})
    signature.refresh_from_db()
    assert signature.printed_name == "Rhea Viewer"
