"""An approval is an electronic signature over one revision's exact content."""

import datetime as dt
import json
import re

import pytest
import time_machine
from django.db import DatabaseError, transaction

from articles.models import Article, Claim, Revision
from articles.snapshot import content_hash
from references.models import Reference
from reviews.models import Action, Signature, WorkflowEvent
from reviews.workflow import article_reaffirm, revision_approve, revision_submit
from tests.conftest import make_board_member
from tests.reviews.conftest import refused


@time_machine.travel(dt.datetime(2026, 4, 1, 12, 0, tzinfo=dt.UTC), tick=False)
def test_a_signature_records_name_credentials_time_meaning_and_the_content_hash(
    in_review, reviewer, password
):
    revision_approve(
        revision=in_review, actor=reviewer, password=password, meaning="Approved for dosing"
    )

    signature = Signature.objects.get()
    assert signature.signer == reviewer
    assert signature.printed_name == "Rhea Viewer"
    assert signature.credentials == "MD, FACP"
    assert signature.meaning == "Approved for dosing"
    assert signature.signed_at == dt.datetime(2026, 4, 1, 12, 0, tzinfo=dt.UTC)
    assert signature.content_hash == in_review.content_hash == content_hash(in_review.content)
    assert WorkflowEvent.objects.get(action=Action.APPROVE).signature == signature


def test_the_default_meaning_is_approval_for_medical_accuracy(in_review, reviewer, password):
    revision_approve(revision=in_review, actor=reviewer, password=password)
    assert Signature.objects.get().meaning == "Approved for medical accuracy"


def test_a_signature_without_a_meaning_is_refused(in_review, reviewer, password):
    with refused(in_review, code="meaning_required", status=400):
        revision_approve(revision=in_review, actor=reviewer, password=password, meaning="  ")


def test_a_signature_cannot_be_edited_or_deleted(in_review, reviewer, password):
    revision_approve(revision=in_review, actor=reviewer, password=password)
    signature = Signature.objects.get()

    signature.printed_name = "Someone Else"
    with pytest.raises(DatabaseError), transaction.atomic():
        signature.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        Signature.objects.all().delete()
    assert Signature.objects.get().printed_name == "Rhea Viewer"


def test_a_revision_content_cannot_be_changed_after_signing(in_review, reviewer, password):
    revision_approve(revision=in_review, actor=reviewer, password=password)
    revision = Revision.objects.get(pk=in_review.pk)
    revision.content = {**revision.content, "question": "Something else?"}

    with pytest.raises(DatabaseError), transaction.atomic():
        revision.save()


# --- reaffirm ---------------------------------------------------------------------------


@pytest.fixture
def live(in_review, reviewer, password):
    with time_machine.travel(dt.datetime(2025, 1, 10, tzinfo=dt.UTC), tick=False):
        return revision_approve(revision=in_review, actor=reviewer, password=password)


def test_reaffirming_moves_the_review_dates_but_not_the_last_updated_date(
    live, reviewer2, password
):
    with time_machine.travel(dt.datetime(2026, 1, 8, tzinfo=dt.UTC), tick=False):
        article = article_reaffirm(
            article=live.article, actor=reviewer2, password=password, comment="Still current"
        )

    article = Article.objects.get(pk=article.pk)
    assert article.last_updated_at == dt.datetime(2025, 1, 10, tzinfo=dt.UTC)
    assert article.last_reviewed_at == dt.datetime(2026, 1, 8, tzinfo=dt.UTC)
    assert article.next_review_due == dt.date(2027, 1, 8)
    assert article.live_revision_id == live.pk
    event = WorkflowEvent.objects.latest("pk")
    assert (event.action, event.revision_id, event.comment) == (
        Action.REAFFIRM,
        live.pk,
        "Still current",
    )
    reviewers = Revision.objects.get(pk=live.pk).reviewers
    assert [(r["name"], r["kind"]) for r in reviewers] == [
        ("Rhea Viewer", "approved"),
        ("Ravi Second", "reaffirmed"),
    ]


def test_a_later_reaffirmation_replaces_the_earlier_one_on_the_page(
    live, reviewer, reviewer2, password
):
    article_reaffirm(article=live.article, actor=reviewer2, password=password)
    article_reaffirm(article=live.article, actor=reviewer, password=password)

    reviewers = Revision.objects.get(pk=live.pk).reviewers
    assert [(r["name"], r["kind"]) for r in reviewers] == [("Rhea Viewer", "approved")]


PLACES = ("page", "json-ld", "api", "api revisions")


def _shown_reviewers(client, article, user) -> dict:
    """The reviewers' names on the page, in its JSON-LD and in the API (detail, revisions)."""
    html = client.get(article.get_absolute_url()).content.decode()
    line = re.search(r'<p class="reviewed-by">(.*?)</p>', html, re.S).group(1)
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    detail = client.get(f"/api/v1/articles/{article.slug}/").json()
    client.force_login(user)
    revisions = client.get(f"/api/v1/articles/{article.slug}/revisions/").json()
    return {
        "page": re.findall(r'<a href="/board/#[^"]*">([^,<]*),', line),
        "json-ld": [p["name"] for p in json.loads(jsonld.group(1))["reviewedBy"]],
        "api": [r["name"] for r in detail["reviewers"]],
        "api revisions": [r["name"] for r in revisions[0]["reviewers"]],
    }


def test_an_approver_who_reaffirms_is_listed_once_everywhere_with_a_quorum_of_two(
    client, in_review, reviewer, reviewer2, password
):
    article = in_review.article
    article.review_quorum = 2
    article.save()
    revision_approve(revision=in_review, actor=reviewer, password=password)
    revision_approve(revision=in_review, actor=reviewer2, password=password)

    article_reaffirm(article=article, actor=reviewer, password=password)

    reviewers = Revision.objects.get(pk=in_review.pk).reviewers
    assert [(r["name"], r["kind"]) for r in reviewers] == [
        ("Rhea Viewer", "approved"),
        ("Ravi Second", "approved"),
    ]
    last_reviewed = Article.objects.get(pk=article.pk).last_reviewed_at
    assert last_reviewed > dt.datetime.fromisoformat(reviewers[1]["signed_at"])
    expected = ["Rhea Viewer", "Ravi Second"]
    assert _shown_reviewers(client, article, reviewer) == dict.fromkeys(PLACES, expected)


def test_a_reviewer_recorded_twice_before_the_fix_is_shown_once(client, live, reviewer):
    """Revisions reaffirmed before: their stored list has the approver twice."""
    stored = Revision.objects.get(pk=live.pk)
    again = {**stored.reviewers[0], "kind": "reaffirmed", "signed_at": "2026-01-08T00:00:00+00:00"}
    stored.reviewers = [*stored.reviewers, again]
    stored.save(update_fields=["reviewers"])

    shown = _shown_reviewers(client, live.article, reviewer)
    once = ["Rhea Viewer"]
    assert shown == dict.fromkeys(PLACES, once)


def test_reaffirming_needs_the_password(live, reviewer2):
    with refused(live, code="wrong_password", status=403):
        article_reaffirm(article=live.article, actor=reviewer2, password="guess")


def test_an_author_of_the_live_revision_cannot_reaffirm_it(live, editor, password):
    make_board_member(editor, name="Eda Editor")
    with refused(live, code="own_change", status=403):
        article_reaffirm(article=live.article, actor=editor, password=password)


def test_an_unpublished_article_cannot_be_reaffirmed(submitted, reviewer, password):
    with refused(submitted, code="not_published", status=409):
        article_reaffirm(article=submitted.article, actor=reviewer, password=password)


def test_a_live_text_citing_a_retracted_source_cannot_be_reaffirmed(live, reviewer2, password):
    key = next(iter(live.content["references"]))
    reference = Reference.objects.get(pk=int(key))
    reference.retracted_on = dt.date(2025, 6, 1)
    reference.save()

    with refused(live, code="cites_retracted", status=409):
        article_reaffirm(article=live.article, actor=reviewer2, password=password)


def test_nobody_off_the_board_can_reaffirm(live, chief, password):
    with refused(live, code="not_board_member", status=403):
        article_reaffirm(article=live.article, actor=chief, password=password)


def test_a_new_submission_does_not_hide_the_signed_revision(live, editor, password):
    claim = Claim.objects.filter(section__article=live.article).first()
    claim.text = "Changed"
    claim.save()
    revision_submit(article=live.article, actor=editor, comment="Second")

    article = Article.objects.get(pk=live.article_id)
    assert article.live_revision_id == live.pk
    assert live.signatures.count() == 1
