"""The demo (manage.py load_demo) shows the review queue's filters at work: one revision
assigned with a due date ahead, one whose review is overdue, and a chain that verifies."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from reviews.audit import audit_log_verify
from reviews.models import ReviewAssignment, WorkflowEvent
from reviews.selectors import review_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def test_the_demo_has_an_overdue_review_and_one_due_ahead(demo):
    today = timezone.localdate()
    sarah = review_queue(user=User.objects.get(username="reviewer1"))
    david = review_queue(user=User.objects.get(username="reviewer2"))

    (correction,) = sarah.mine
    assert correction.article.slug == "upper-back-pain-treatment"
    assert correction.my_assignment.due_on == today + dt.timedelta(days=5)
    assert not correction.overdue
    (late,) = david.overdue
    assert late.article.slug == "sore-throat-when-to-see-a-doctor"
    assert late.my_assignment.due_on == today - dt.timedelta(days=2)


def test_the_demos_backdated_story_verifies(demo):
    assert audit_log_verify().ok


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (ReviewAssignment.objects.count(), WorkflowEvent.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (ReviewAssignment.objects.count(), WorkflowEvent.objects.count()) == counts


def test_with_spanish_the_demo_has_an_approved_translation_behind_its_source(spanish):
    from articles.models import Article
    from articles.translations import translation_behind
    from reviews.models import Signature

    call_command("load_demo", stdout=StringIO())
    translation = Article.objects.get(slug="upper-back-pain-treatment-es")
    assert translation.language == "es"
    assert translation.live_revision.content["question"].startswith("¿Cuáles son")
    (signature,) = Signature.objects.filter(revision=translation.live_revision)
    assert signature.signer.username == "reviewer3"
    assert translation_behind(translation)
    assert audit_log_verify().ok
