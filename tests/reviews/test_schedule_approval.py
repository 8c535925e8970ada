"""Choosing when an approved revision goes live, as part of the signature: on the review
page (site time zone), in the API, and shown on the review page, the queue and the desk."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from articles.models import Article, RevisionState
from reviews.audit import audit_log_verify
from reviews.models import Action, Signature, WorkflowEvent
from reviews.workflow import revision_approve, revision_schedule
from tests.conftest import PASSWORD
from tests.reviews.conftest import refused

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
GO_LIVE = dt.datetime(2026, 3, 3, 6, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock():
    cache.clear()  # the signing rate limit
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def quorum_two(in_review):
    Article.objects.filter(pk=in_review.article_id).update(review_quorum=2)
    return in_review


def _approve_url(revision) -> str:
    return reverse("reviews:approve", kwargs={"pk": revision.pk})


def _page(client, revision) -> str:
    return client.get(reverse("reviews:revision", kwargs={"pk": revision.pk})).content.decode()


def test_the_first_signer_schedules_the_publication_as_part_of_the_signature(in_review, reviewer):
    revision = revision_approve(
        revision=in_review, actor=reviewer, password=PASSWORD, publish_at=GO_LIVE
    )

    assert revision.state == RevisionState.SCHEDULED
    assert Signature.objects.get(revision=revision).publish_at == GO_LIVE
    actions = list(
        WorkflowEvent.objects.filter(revision=revision)
        .exclude(action__in=[Action.SUBMIT, Action.START_REVIEW])
        .values_list("action", "actor_id")
    )
    # The time is logged as set by the signer, before the signature that approves it, and
    # the quorum's approval makes it wait.
    assert actions == [
        (Action.SCHEDULE, reviewer.pk),
        (Action.APPROVE, reviewer.pk),
        (Action.SCHEDULE, reviewer.pk),
    ]
    assert Article.objects.get(pk=revision.article_id).live_revision_id is None
    assert audit_log_verify().ok


def test_the_first_signer_may_choose_to_publish_at_once_instead_of_the_requested_time(
    in_review, editor, reviewer
):
    revision_schedule(revision=in_review, actor=editor, publish_at=GO_LIVE)

    revision = revision_approve(
        revision=in_review, actor=reviewer, password=PASSWORD, publish_at=None
    )

    assert revision.state == RevisionState.APPROVED
    assert revision.publish_at is None
    assert Article.objects.get(pk=revision.article_id).live_revision_id == revision.pk


def test_a_later_signer_cannot_choose_another_time_than_the_one_already_signed(
    quorum_two, reviewer, reviewer2
):
    revision_approve(revision=quorum_two, actor=reviewer, password=PASSWORD, publish_at=GO_LIVE)

    with refused(quorum_two, code="schedule_signed", status=409) as refusal:
        revision_approve(
            revision=quorum_two,
            actor=reviewer2,
            password=PASSWORD,
            publish_at=GO_LIVE + dt.timedelta(hours=1),
        )
    assert "2026-03-03 06:00 UTC" in refusal.value.message


def test_a_later_signer_approving_the_same_time_schedules_it(quorum_two, reviewer, reviewer2):
    revision_approve(revision=quorum_two, actor=reviewer, password=PASSWORD, publish_at=GO_LIVE)
    revision = revision_approve(
        revision=quorum_two, actor=reviewer2, password=PASSWORD, publish_at=GO_LIVE
    )

    assert revision.state == RevisionState.SCHEDULED
    assert set(Signature.objects.values_list("publish_at", flat=True)) == {GO_LIVE}


def test_a_publication_time_in_the_past_is_refused_and_nothing_is_signed(in_review, reviewer):
    with refused(in_review, code="schedule_past", status=400):
        revision_approve(
            revision=in_review,
            actor=reviewer,
            password=PASSWORD,
            publish_at=NOW - dt.timedelta(minutes=1),
        )


# --- the review page ----------------------------------------------------------------------


def test_the_review_page_offers_publish_now_or_at_a_time_in_the_site_time_zone(
    client, in_review, reviewer, settings
):
    settings.TIME_ZONE = "Europe/Berlin"
    client.force_login(reviewer)

    page = _page(client, in_review)

    assert "When it goes live" in page
    assert 'name="go_live" value="now"' in page
    assert 'type="datetime-local"' in page
    assert "time zone: Europe/Berlin" in page
    assert "Changing it after approval needs a new decision" in page


def test_signing_with_a_time_reads_it_in_the_site_time_zone_and_leaves_the_public_page(
    client, in_review, reviewer, settings
):
    settings.TIME_ZONE = "America/New_York"
    client.force_login(reviewer)

    response = client.post(
        _approve_url(in_review),
        {
            "password": PASSWORD,
            "meaning": "Accurate",
            "confirm_unchecked": "on",
            "go_live": "at",
            "publish_at": "2026-03-03T01:00",
        },
    )

    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.state == RevisionState.SCHEDULED
    assert in_review.publish_at == GO_LIVE  # 01:00 in New York is 06:00 UTC
    page = client.get(response["Location"]).content.decode()
    assert (
        'Goes live <strong><time datetime="2026-03-03T01:00:00-05:00">March 3, 2026, 01:00 EST'
        in page
    )
    assert "Approved, scheduled" in page
    client.logout()
    public = client.get(Article.objects.get(pk=in_review.article_id).get_absolute_url())
    # A first revision waiting for its time reads as in review, as before the approval.
    assert "Under Review" in public.content.decode()


def test_choosing_a_set_time_without_a_time_is_refused_with_a_message(client, in_review, reviewer):
    client.force_login(reviewer)

    response = client.post(
        _approve_url(in_review), {"password": PASSWORD, "go_live": "at", "publish_at": ""}
    )

    assert response.status_code == 400
    assert "Choose the date and time it goes live." in response.content.decode()
    assert not Signature.objects.exists()


def test_a_later_signer_sees_the_signed_time_instead_of_a_choice(
    client, quorum_two, reviewer, reviewer2
):
    revision_approve(revision=quorum_two, actor=reviewer, password=PASSWORD, publish_at=GO_LIVE)
    client.force_login(reviewer2)

    page = _page(client, quorum_two)

    assert 'name="go_live"' not in page
    assert "1 member has approved it to go live" in page
    assert "Another time needs a new decision" in page


def test_the_scheduled_revision_shows_its_time_and_cancelling_to_the_submitter(
    client, in_review, reviewer, editor
):
    revision_approve(revision=in_review, actor=reviewer, password=PASSWORD, publish_at=GO_LIVE)
    client.force_login(editor)

    page = _page(client, in_review)

    assert "Goes live <strong><time" in page
    assert "Cancel the publication" in page
    assert "Withdraw and cancel the publication" in page
