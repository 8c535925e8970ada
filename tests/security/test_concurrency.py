"""Races on PostgreSQL with real threads, each with its own database connection, released
together: no lost update, one open revision, one outcome per decision.

Concurrent last approvals (one publication, an unforked event chain) are in
tests/reviews/test_concurrency.py; here, the editors' saves, submissions, and decisions
racing each other across the web and the API.

SQLite has no row locks and serialises every write, so there is no race to lose there:
these tests are skipped on it, and run in CI on PostgreSQL (make test-postgres)."""

import pytest
from django.test import Client
from django.urls import reverse

from api.tokens import api_token_create
from articles.errors import ArticleError
from articles.models import Article, Claim, Revision, RevisionState
from articles.services import claim_update
from articles.versions import claim_versions
from reviews.audit import audit_log_verify
from reviews.errors import WorkflowError
from reviews.models import Action, Signature, WorkflowEvent
from reviews.workflow import (
    revision_approve,
    revision_start_review,
    revision_submit,
    revision_withdraw,
)
from tests.conftest import PASSWORD, make_article
from tests.races import postgresql_only, race  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_only"),
]


def _body_claims(article) -> list[Claim]:
    return list(Claim.objects.filter(section__article=article, section__kind="body").order_by("pk"))


# --- Saving the working copy ------------------------------------------------------------


def test_two_editors_saving_one_claim_at_once_lose_nothing(editor, editor2):
    article = make_article(editor)
    article.co_editors.add(editor2)
    claim = _body_claims(article)[0]
    loaded = claim_versions([claim.pk])[claim.pk]  # both opened the page before either saved

    results = race(
        [
            lambda who=who: claim_update(
                claim=claim,
                actor=who,
                text=f"Wording by {who.username}",
                evidence="low",
                no_citation_needed=False,
                version=loaded,
            )
            for who in (editor, editor2)
        ]
    )

    saved = [r for r in results if isinstance(r, Claim)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(saved) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], ArticleError) and refused[0].code == "stale"
    claim.refresh_from_db()
    assert claim.text == saved[0].text  # the winner's words, not a mix or the loser's
    winner = editor if saved[0].text == "Wording by editor" else editor2
    # The loser is told who got there first, and that nothing of theirs was overwritten.
    assert (winner.get_full_name() or winner.username) in refused[0].message
    assert "nothing of theirs was overwritten" in refused[0].message


def test_ten_saves_of_one_claim_through_the_web_at_once_save_exactly_one(editor):
    article = make_article(editor)
    claim = _body_claims(article)[0]
    loaded = claim_versions([claim.pk])[claim.pk]
    url = reverse("editor:claim-save", kwargs={"slug": article.slug, "pk": claim.pk})

    def save(number):
        client = Client()
        client.force_login(editor)
        data = {"text": f"Version {number}", "evidence": "low", "version": loaded}
        return client.post(url, data).status_code

    statuses = race([lambda n=n: save(n) for n in range(10)])

    assert sorted(statuses) == [302] + [409] * 9, statuses
    assert claim.history.filter(history_type="~").count() == 1


def test_saves_of_different_claims_at_once_all_land(editor, editor2):
    article = make_article(editor, sections=3, claims_per_section=3)
    article.co_editors.add(editor2)
    claims = _body_claims(article)
    versions = claim_versions([c.pk for c in claims])

    results = race(
        [
            lambda c=claim, who=(editor, editor2)[i % 2]: claim_update(
                claim=c,
                actor=who,
                text=f"New text {c.pk}",
                evidence="moderate",
                no_citation_needed=False,
                version=versions[c.pk],
            )
            for i, claim in enumerate(claims)
        ]
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    assert {c.text for c in _body_claims(article)} == {f"New text {c.pk}" for c in claims}


# --- Submitting ---------------------------------------------------------------------------


def test_two_submissions_at_once_open_exactly_one_revision(editor, editor2, chief):
    article = make_article(editor)
    article.co_editors.add(editor2)

    results = race(
        [
            lambda who=who: revision_submit(article=article, actor=who, comment=f"By {who}")
            for who in (editor, editor2, chief)
        ]
    )

    opened = [r for r in results if isinstance(r, Revision)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(opened) == 1, results
    assert all(isinstance(r, WorkflowError) and r.code == "revision_open" for r in refused)
    assert Revision.objects.filter(article=article).count() == 1
    assert Article.objects.get(pk=article.pk).pending_revision_id == opened[0].pk
    assert WorkflowEvent.objects.filter(action=Action.SUBMIT).count() == 1


def test_an_edit_racing_a_submission_is_in_the_revision_or_refused(editor, editor2):
    for attempt in range(5):  # either order can win; every order must hold the rule
        article = make_article(editor, slug=f"race-{attempt}")
        article.co_editors.add(editor2)
        claim = _body_claims(article)[0]
        loaded = claim_versions([claim.pk])[claim.pk]

        edit, submission = race(
            [
                lambda c=claim, v=loaded: claim_update(
                    claim=c,
                    actor=editor2,
                    text="Edited in the race",
                    evidence="low",
                    no_citation_needed=False,
                    version=v,
                ),
                lambda a=article: revision_submit(article=a, actor=editor, comment="Ready"),
            ]
        )

        assert isinstance(submission, Revision), submission
        frozen = {c["uuid"]: c["text"] for s in submission.content["sections"] for c in s["claims"]}
        if isinstance(edit, Claim):  # it went first, so the revision has it
            assert frozen[str(claim.uuid)] == "Edited in the race"
        else:  # it came second and found the working copy locked
            assert isinstance(edit, ArticleError) and edit.code == "locked", edit
            assert frozen[str(claim.uuid)] != "Edited in the race"
        claim.refresh_from_db()
        assert claim.text == frozen[str(claim.uuid)]  # the working copy is what was frozen


# --- Decisions racing each other ----------------------------------------------------------


def test_approvals_through_the_page_and_the_api_at_once_publish_once(editor, reviewer, reviewer2):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="First")
    revision_start_review(revision=revision, actor=reviewer)
    _, token = api_token_create(user=reviewer2, name="race", actor=reviewer2)

    def on_the_page():
        client = Client()
        client.force_login(reviewer)
        url = reverse("reviews:approve", kwargs={"pk": revision.pk})
        return client.post(url, {"password": PASSWORD, "meaning": "Approved"}).status_code

    def through_the_api():
        url = f"/api/v1/articles/{article.slug}/revisions/{revision.number}/approve"
        return (
            Client()
            .post(
                url,
                {"password": PASSWORD},
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
            .status_code
        )

    statuses = race([on_the_page, through_the_api])

    assert sorted(statuses) == [200, 409] or sorted(statuses) == [302, 409], statuses
    assert Signature.objects.filter(revision=revision).count() == 1
    assert WorkflowEvent.objects.filter(action=Action.PUBLISH).count() == 1
    assert Article.objects.get(pk=article.pk).live_revision_id == revision.pk
    assert audit_log_verify().ok


def test_a_withdrawal_racing_the_last_approval_has_one_outcome(editor, reviewer):
    for attempt in range(4):
        article = make_article(editor, slug=f"decide-{attempt}")
        revision = revision_submit(article=article, actor=editor, comment="First")
        revision_start_review(revision=revision, actor=reviewer)

        approval, withdrawal = race(
            [
                lambda r=revision: revision_approve(revision=r, actor=reviewer, password=PASSWORD),
                lambda r=revision: revision_withdraw(revision=r, actor=editor, comment="Oops"),
            ]
        )

        outcomes = [not isinstance(approval, Exception), not isinstance(withdrawal, Exception)]
        assert outcomes.count(True) == 1, (approval, withdrawal)
        revision.refresh_from_db()
        article.refresh_from_db()
        if outcomes[0]:
            assert revision.state == RevisionState.APPROVED
            assert article.live_revision_id == revision.pk
            assert withdrawal.code == "already_approved"
        else:
            assert revision.state == RevisionState.WITHDRAWN
            assert article.live_revision_id is None and article.pending_revision_id is None
            assert not Signature.objects.filter(revision=revision).exists()
    assert audit_log_verify().ok
