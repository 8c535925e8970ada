"""Authorship follows the content: whoever wrote any text, citation or audience text a
submitted revision contains is one of its authors, however the text came back (restore,
import, the API, a reference edit), and can never approve it."""

import pytest
from django.contrib.auth.models import Group

from articles.documents.exporting import document_from_content
from articles.models import Article, Claim
from articles.services import (
    article_co_editors_set,
    claim_create,
    claim_delete,
    claim_text_set,
    claim_update,
    section_heading_texts_set,
    working_copy_import,
    working_copy_restore,
)
from references.services import reference_save
from reviews.workflow import (
    revision_approve,
    revision_start_review,
    revision_submit,
    revision_withdraw,
)
from tests.api.conftest import client_for, markdown
from tests.conftest import PASSWORD, make_article
from tests.reviews.conftest import refused

SNEAKY = "Stop all pain medicines at once."


@pytest.fixture
def article(editor, reviewer):
    """An article the board member `reviewer` co-edits (a clinician who also writes)."""
    reviewer.groups.add(Group.objects.get_or_create(name="Editors")[0])
    article = make_article(editor)
    article_co_editors_set(article=article, actor=editor, co_editors=[reviewer])
    return Article.objects.get(pk=article.pk)


def _approve(article, editor, approver, *, comment):
    revision = revision_submit(
        article=Article.objects.get(pk=article.pk), actor=editor, comment=comment
    )
    revision_start_review(revision=revision, actor=approver)
    return revision_approve(revision=revision, actor=approver, password=PASSWORD)


def _sneaky_claim(article, author) -> Claim:
    section = article.sections.get(order=1)
    return claim_create(section=section, actor=author, text=SNEAKY, no_citation_needed=True)


@pytest.fixture
def cleaned_up(article, editor, reviewer, reviewer2):
    """The acceptance-test path: the co-editing board member adds a claim; the owner
    submits it, withdraws, removes the claim and gets a clean revision approved by
    someone else. Returns the first (withdrawn) revision, which holds the claim."""
    claim = _sneaky_claim(article, reviewer)
    first = revision_submit(article=article, actor=editor, comment="With the new claim")
    revision_withdraw(revision=first, actor=editor, comment="Not yet")
    claim_delete(claim=Claim.objects.get(pk=claim.pk), actor=editor)
    _approve(article, editor, reviewer2, comment="Without it")
    return first


def _submitted_back(article, editor):
    return revision_submit(
        article=Article.objects.get(pk=article.pk), actor=editor, comment="Brought back"
    )


def test_restoring_a_board_members_claim_makes_them_an_author_they_cannot_approve(
    cleaned_up, article, editor, reviewer
):
    working_copy_restore(article=article, revision=cleaned_up, actor=editor)
    revision = _submitted_back(article, editor)
    assert reviewer.pk in revision.author_ids
    with refused(revision, code="own_change", status=403):
        revision_start_review(revision=revision, actor=reviewer)


def test_importing_a_document_with_a_board_members_claim_keeps_them_an_author(
    cleaned_up, article, editor, reviewer
):
    working_copy_import(
        article=article, text=document_from_content(content=cleaned_up.content), actor=editor
    )
    revision = _submitted_back(article, editor)
    assert reviewer.pk in revision.author_ids


def test_putting_a_document_through_the_api_keeps_the_claims_author(
    cleaned_up, article, editor, reviewer
):
    response = markdown(
        client_for(editor),
        "put",
        f"/api/v1/articles/{article.slug}/document",
        document_from_content(content=cleaned_up.content),
    )
    assert response.status_code == 200, response.content
    revision = _submitted_back(article, editor)
    assert reviewer.pk in revision.author_ids


def test_an_audience_text_written_before_an_approval_still_counts(
    article, editor, reviewer, reviewer2
):
    claim = article.sections.get(order=1).claims.get(order=0)
    claim_text_set(claim=claim, actor=reviewer, audience="patient", text="Rest is fine.")
    _approve(article, editor, reviewer2, comment="Patient text")
    claim = Claim.objects.get(pk=claim.pk)
    claim_update(
        claim=claim,
        actor=editor,
        text="Reworded by the owner.",
        evidence="low",
        no_citation_needed=False,
    )
    revision = _submitted_back(article, editor)
    assert reviewer.pk in revision.author_ids


def test_text_a_board_member_wrote_and_the_owner_replaced_no_longer_counts(
    article, editor, reviewer, reviewer2
):
    claim = article.sections.get(order=1).claims.get(order=0)
    claim_text_set(claim=claim, actor=reviewer, audience="patient", text="Rest is fine.")
    _approve(article, editor, reviewer2, comment="Patient text")
    claim_text_set(claim=claim, actor=editor, audience="patient", text="Keep gently active.")
    _approve(article, editor, reviewer2, comment="Owner's patient text")
    claim_update(
        claim=Claim.objects.get(pk=claim.pk),
        actor=editor,
        text="Owner's words again.",
        evidence="not-graded",
        no_citation_needed=False,
    )
    revision = _submitted_back(article, editor)
    assert reviewer.pk not in revision.author_ids


def test_a_board_member_who_edited_a_cited_reference_is_an_author(
    article, editor, reviewer, reviewer2
):
    reference = article.sections.get(order=0).claims.get().citations.get().reference
    reference.title = "Guideline on back pain, revised"
    reference_save(reference=reference, actor=reviewer, reason="Fixed the title")
    _approve(article, editor, reviewer2, comment="Reference title")
    claim = article.sections.get(order=1).claims.get(order=0)
    claim_update(
        claim=claim,
        actor=editor,
        text="An unrelated change.",
        evidence="not-graded",
        no_citation_needed=False,
    )
    revision = _submitted_back(article, editor)
    assert reviewer.pk in revision.author_ids


def test_a_reviewer_who_wrote_nothing_the_revision_contains_may_approve(
    article, editor, reviewer, reviewer2
):
    revision = revision_submit(article=article, actor=editor, comment="First version")
    assert reviewer.pk not in revision.author_ids
    revision_start_review(revision=revision, actor=reviewer)
    revision = revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
    assert revision.state == "approved"


def test_a_heading_audience_text_written_before_an_approval_still_counts(
    article, editor, reviewer, reviewer2
):
    section = article.sections.get(order=1)
    section_heading_texts_set(section=section, actor=reviewer, texts={"patient": "What you can do"})
    _approve(article, editor, reviewer2, comment="Patient heading")
    claim = section.claims.get(order=0)
    claim_update(
        claim=claim, actor=editor, text="Reworded.", evidence="low", no_citation_needed=False
    )
    revision = _submitted_back(article, editor)
    assert reviewer.pk in revision.author_ids
