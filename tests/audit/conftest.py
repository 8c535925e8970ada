"""A small, dated history: two articles edited by two editors, one reference, and a
revision taken through the workflow, each step at a known time."""

from datetime import UTC, datetime

import pytest
import time_machine

from articles.models import Claim, ClaimText
from reviews.workflow import revision_approve, revision_start_review, revision_submit
from tests.conftest import make_article


def at(day: int, hour: int = 12):
    return datetime(2025, 3, day, hour, 0, tzinfo=UTC)


def save_as(instance, user, reason: str):
    instance._history_user = user
    instance._change_reason = reason
    instance.save()
    return instance


@pytest.fixture
def staff(admin_user):
    return admin_user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def story(editor, editor2, reviewer, password):
    """Day 1: editor writes back-pain (history rows without a user: the test helper).
    Day 2: editor changes a claim. Day 3: editor2 adds a text to a neck-pain claim.
    Day 4: editor deletes that claim's text... Day 5: back-pain goes through review."""
    with time_machine.travel(at(1), tick=False):
        back = make_article(editor, slug="back-pain", question="What helps back pain?")
        neck = make_article(editor2, slug="neck-pain", question="What helps neck pain?")
    claim = Claim.objects.filter(section__article=back, section__order=1).order_by("order")[0]
    with time_machine.travel(at(2), tick=False):
        claim.text = "Heat helps most people within a week."
        save_as(claim, editor, "Sharper wording")
    neck_claim = Claim.objects.filter(section__article=neck, section__order=1).first()
    with time_machine.travel(at(3), tick=False):
        text = save_as(
            ClaimText(claim=neck_claim, audience="student", text="Mostly self-limiting."),
            editor2,
            "Text for students",
        )
    with time_machine.travel(at(4), tick=False):
        text._history_user = editor2
        text._change_reason = "Not needed"
        text.delete()
    with time_machine.travel(at(5, 9), tick=False):
        revision = revision_submit(article=back, actor=editor, comment="First version")
    with time_machine.travel(at(5, 10), tick=False):
        revision_start_review(revision=revision, actor=reviewer)
    with time_machine.travel(at(6), tick=False):
        revision_approve(revision=revision, actor=reviewer, password=password)
    return {"back": back, "neck": neck, "claim": claim, "neck_claim": neck_claim}
