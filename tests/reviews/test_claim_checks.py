"""Per-claim verification: the signature records which claims its signer checked against
their sources; approving with new or changed claims unchecked needs an explicit, recorded
confirmation; the public page says every statement was checked only when that is true."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from articles.models import Claim, Revision
from reviews.models import Action, Signature, WorkflowEvent
from reviews.verification import claim_uuids
from reviews.workflow import revision_approve, revision_start_review, revision_submit
from tests.api.conftest import client_for
from tests.conftest import PASSWORD, make_article, make_reference
from tests.reviews.conftest import refused


def _all(revision) -> list[str]:
    return claim_uuids(revision.content)


def _reword(article, editor, text: str) -> str:
    claim = Claim.objects.filter(section__article=article).order_by("section__order").last()
    claim.text = text
    claim._history_user = editor
    claim.save()
    return str(claim.uuid)


def _next(article, editor, reviewer):
    revision = revision_submit(article=article, actor=editor, comment="Next")
    return revision_start_review(revision=revision, actor=reviewer)


def test_a_signature_records_the_claims_checked_in_reading_order(in_review, reviewer):
    claims = _all(in_review)
    revision_approve(
        revision=in_review, actor=reviewer, password=PASSWORD, checked_claims=claims[::-1]
    )
    signature = Signature.objects.get()
    assert (signature.checked_claims, signature.unchecked_confirmed) == (claims, False)
    event = WorkflowEvent.objects.get(action=Action.APPROVE)
    assert event.details["signature"]["checked_claims"] == claims


def test_approving_with_changed_claims_unchecked_is_refused_without_confirmation(
    in_review, reviewer
):
    claims = _all(in_review)
    with refused(in_review, code="unchecked_claims", status=409) as caught:
        revision_approve(
            revision=in_review, actor=reviewer, password=PASSWORD, checked_claims=claims[:2]
        )
    assert caught.value.message == (
        f"{len(claims) - 2} new or changed claims are not marked as checked against the "
        "sources. Check them, or confirm that you approve without checking them."
    )


def test_the_confirmation_of_unchecked_claims_is_recorded_in_the_signature(in_review, reviewer):
    claims = _all(in_review)
    revision_approve(
        revision=in_review,
        actor=reviewer,
        password=PASSWORD,
        checked_claims=claims[:1],
        confirm_unchecked=True,
    )
    signature = Signature.objects.get()
    assert (signature.checked_claims, signature.unchecked_confirmed) == (claims[:1], True)
    assert WorkflowEvent.objects.get(action=Action.APPROVE).details["signature"][
        "unchecked_confirmed"
    ]
    assert Revision.objects.get(pk=in_review.pk).all_claims_checked is False


def test_a_claim_that_is_not_in_the_revision_cannot_be_marked_checked(in_review, reviewer):
    with refused(in_review, code="unknown_claim", status=400):
        revision_approve(
            revision=in_review,
            actor=reviewer,
            password=PASSWORD,
            checked_claims=["00000000-0000-0000-0000-000000000000"],
            confirm_unchecked=True,
        )


def test_a_caller_that_reports_no_checks_records_none(in_review, reviewer):
    revision_approve(revision=in_review, actor=reviewer, password=PASSWORD)
    assert Signature.objects.get().checked_claims is None
    assert Revision.objects.get(pk=in_review.pk).all_claims_checked is False


def test_only_new_or_changed_claims_need_checking_after_a_fully_checked_version(
    in_review, reviewer, article, editor
):
    revision_approve(
        revision=in_review, actor=reviewer, password=PASSWORD, checked_claims=_all(in_review)
    )
    changed = _reword(article, editor, "Heat helps for a few days.")
    second = _next(article, editor, reviewer)
    revision_approve(revision=second, actor=reviewer, password=PASSWORD, checked_claims=[changed])
    assert Revision.objects.get(pk=second.pk).all_claims_checked is True


def test_unchanged_claims_count_as_checked_only_if_the_version_before_was_fully_checked(
    in_review, reviewer, article, editor
):
    revision_approve(revision=in_review, actor=reviewer, password=PASSWORD)
    changed = _reword(article, editor, "Heat helps for a few days.")
    second = _next(article, editor, reviewer)
    revision_approve(revision=second, actor=reviewer, password=PASSWORD, checked_claims=[changed])
    assert Revision.objects.get(pk=second.pk).all_claims_checked is False


def test_the_public_page_says_each_statement_was_checked_only_when_all_were(
    client, in_review, reviewer, reviewer2, article
):
    sentence = "Each statement checked against its source by a member of our"
    revision_approve(
        revision=in_review, actor=reviewer, password=PASSWORD, checked_claims=_all(in_review)
    )
    assert sentence in client.get(article.get_absolute_url()).content.decode()

    other = make_article(article.owner, slug="neck-pain")
    partly = revision_submit(article=other, actor=article.owner, comment="First")
    revision_start_review(revision=partly, actor=reviewer2)
    revision_approve(
        revision=partly,
        actor=reviewer2,
        password=PASSWORD,
        checked_claims=_all(partly)[:1],
        confirm_unchecked=True,
    )
    assert sentence not in client.get(other.get_absolute_url()).content.decode()


def _verify_failure() -> str:
    with pytest.raises(CommandError) as caught:
        call_command("verify_audit_log", stdout=StringIO())
    return str(caught.value)


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def test_a_checked_claim_list_rewritten_in_sql_is_found(in_review, reviewer):
    revision_approve(
        revision=in_review,
        actor=reviewer,
        password=PASSWORD,
        checked_claims=_all(in_review)[:1],
        confirm_unchecked=True,
    )
    call_command("verify_audit_log", stdout=StringIO())
    if connection.vendor == "sqlite":
        _sql("DROP TRIGGER reviews_signature_no_update")
    else:
        _sql("DROP TRIGGER reviews_signature_append_only ON reviews_signature")
    _sql("UPDATE reviews_signature SET unchecked_confirmed = %s", [False])
    assert "its confirmation of unchecked claims is False but the chain" in _verify_failure()


def test_an_all_checked_claim_set_in_sql_is_found(in_review, reviewer):
    revision_approve(revision=in_review, actor=reviewer, password=PASSWORD)
    _sql("UPDATE articles_revision SET all_claims_checked = %s", [True])
    assert "says every claim was checked against its sources (True)" in _verify_failure()


# --- The review page and the API ------------------------------------------------------


@pytest.fixture
def with_doi(editor):
    reference = make_reference(title="A trial of heat", doi="10.1000/heat.1", pmid="12345")
    return make_article(editor, references=[reference, reference])


def test_the_review_page_offers_a_check_with_its_sources_beside_each_changed_claim(
    client, with_doi, editor, reviewer
):
    revision = revision_submit(article=with_doi, actor=editor, comment="First")
    revision_start_review(revision=revision, actor=reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("reviews:revision", args=[revision.pk])).content.decode()
    for uuid in _all(revision):
        assert f'name="checked_claims" value="{uuid}" form="approve"' in page
    assert 'href="https://doi.org/10.1000/heat.1"' in page
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/12345/"' in page
    assert "5 new or changed claims to check" in page


SIGN = {"password": PASSWORD, "meaning": "Approved for medical accuracy"}


def test_signing_on_the_review_page_records_the_ticked_claims(client, in_review, reviewer):
    client.force_login(reviewer)
    url = reverse("reviews:approve", args=[in_review.pk])
    claims = _all(in_review)
    refused_page = client.post(url, {**SIGN, "checked_claims": claims[:2]})
    assert refused_page.status_code == 409
    html = refused_page.content.decode()
    assert "3 new or changed claims are not marked as checked" in html
    assert f'value="{claims[0]}" form="approve" checked' in html  # the ticks are kept
    assert not Signature.objects.exists()

    response = client.post(url, {**SIGN, "checked_claims": claims})
    assert response.status_code == 302
    assert Signature.objects.get().checked_claims == claims
    page = client.get(reverse("reviews:revision", args=[in_review.pk])).content.decode()
    assert "5 claims checked against sources" in page


def test_the_api_records_checked_claims_and_asks_for_the_confirmation(in_review, reviewer):
    url = "/api/v1/articles/back-pain/revisions/1/"
    claims = _all(in_review)
    api = client_for(reviewer)
    refused_answer = api.post(
        url + "approve", {"password": PASSWORD, "checked_claims": claims[:1]}, format="json"
    )
    assert (refused_answer.status_code, refused_answer.json()["error"]) == (
        409,
        "unchecked_claims",
    )
    answer = api.post(
        url + "approve",
        {"password": PASSWORD, "checked_claims": claims[:1], "confirm_unchecked": True},
        format="json",
    )
    assert answer.status_code == 200
    signature = api.get(url).json()["signatures"][0]
    assert (signature["checked_claims"], signature["unchecked_confirmed"]) == (claims[:1], True)
    status = client_for(reviewer).get("/api/v1/articles/back-pain/").json()["review_status"]
    assert status["all_claims_checked"] is False
