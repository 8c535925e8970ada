"""Which changes are events: once per transition, and only once it is committed."""

import datetime as dt

import pytest
from django.db import transaction

from references.services import reference_mark_retracted
from reviews.workflow import (
    revision_approve,
    revision_request_changes,
    revision_start_review,
    revision_submit,
)
from tests.conftest import PASSWORD, make_article
from webhooks.endpoints import endpoint_create
from webhooks.models import EventType, WebhookDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook(admin_user, monkeypatch):
    """An endpoint for every event, and the deliveries queued (nothing is sent)."""
    queued = []
    monkeypatch.setattr(
        "webhooks.tasks.delivery_enqueue",
        lambda *, delivery_id, run_after=None: queued.append(delivery_id),
    )
    endpoint_create(
        url="https://pipeline.example.com/hooks", events=list(EventType.values), actor=admin_user
    )
    return queued


def _types() -> list[str]:
    return list(WebhookDelivery.objects.order_by("pk").values_list("event_type", flat=True))


def test_each_transition_is_one_event_sent_after_commit(
    hook, editor, reviewer, django_capture_on_commit_callbacks
):
    article = make_article(editor)
    with django_capture_on_commit_callbacks(execute=True):
        revision = revision_submit(article=article, actor=editor, comment="c", public_summary="s")
        assert hook == []  # not before the commit
    assert _types() == ["revision.submitted"] and len(hook) == 1

    with django_capture_on_commit_callbacks(execute=True):
        revision_start_review(revision=revision, actor=reviewer)
    assert _types() == ["revision.submitted"]

    with django_capture_on_commit_callbacks(execute=True):
        revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
    assert _types() == ["revision.submitted", "revision.approved", "revision.published"]
    assert len(hook) == 3


def test_a_changes_request_is_an_event_with_its_comment(
    hook, editor, reviewer, django_capture_on_commit_callbacks
):
    import json

    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="c")
    with django_capture_on_commit_callbacks(execute=True):
        revision_request_changes(revision=revision, actor=reviewer, comment="Cite the trial.")
    delivery = WebhookDelivery.objects.get(event_type="revision.changes_requested")
    data = json.loads(delivery.body)["data"]
    assert (data["comment"], data["revision"]["state"]) == ("Cite the trial.", "changes_requested")


def test_a_rolled_back_transition_sends_nothing(hook, editor, django_capture_on_commit_callbacks):
    article = make_article(editor)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        revision_submit(article=article, actor=editor, comment="c")
        raise RuntimeError("something after the submission failed")
    assert not WebhookDelivery.objects.exists()
    assert hook == [] and callbacks == []


def test_a_refused_transition_sends_nothing(hook, editor, reviewer):
    from reviews.errors import WorkflowError

    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="c")
    with pytest.raises(WorkflowError):
        revision_approve(revision=revision, actor=reviewer, password="wrong")
    assert _types() == ["revision.submitted"]


def test_a_retracted_source_is_an_event_naming_the_articles_that_cite_it(
    hook, editor, reviewer, django_capture_on_commit_callbacks
):
    import json

    from references.models import Reference

    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="c")
    revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
    cited = Reference.objects.get(pk=int(next(iter(revision.content["references"]))))
    with django_capture_on_commit_callbacks(execute=True):
        reference_mark_retracted(
            reference=cited, on=dt.date(2025, 1, 2), notice_url="", actor=editor
        )
    delivery = WebhookDelivery.objects.get(event_type="reference.retracted")
    data = json.loads(delivery.body)["data"]
    assert data["reference"]["retracted_on"] == "2025-01-02"
    assert [a["slug"] for a in data["articles"]] == [article.slug]


def test_a_superseded_source_is_not_a_retraction_event(hook, editor):
    from references.services import reference_mark_superseded
    from tests.conftest import make_reference

    old, new = make_reference(title="Old"), make_reference(title="New")
    reference_mark_superseded(reference=old, by=new, actor=editor)
    assert not WebhookDelivery.objects.filter(event_type="reference.retracted").exists()


def test_an_inactive_endpoint_gets_nothing(hook, editor):
    from webhooks.models import WebhookEndpoint

    WebhookEndpoint.objects.update(is_active=False)
    revision_submit(article=make_article(editor), actor=editor, comment="c")
    assert not WebhookDelivery.objects.exists()
