"""Change types (the Cochrane vocabulary): chosen at submission, reclassified by a board
member before anyone signs, recorded in every signature, and shown in the change log,
the feeds and the API."""

from io import StringIO
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.db.utils import DatabaseError
from django.urls import reverse

from articles.models import ChangeType, Revision
from reviews.models import Action, Signature, WorkflowEvent
from reviews.workflow import (
    revision_approve,
    revision_reclassify,
    revision_start_review,
    revision_submit,
)
from tests.api.conftest import client_for
from tests.conftest import PASSWORD, make_article
from tests.reviews.conftest import refused


@pytest.fixture
def correction(article, editor):
    return revision_submit(
        article=article,
        actor=editor,
        comment="Typo in claim 2",
        public_summary="Fixed a typo",
        change_type="correction",
    )


# --- Submission ---------------------------------------------------------------------


def test_the_submitter_s_change_type_is_stored_on_the_revision(correction):
    assert Revision.objects.get(pk=correction.pk).change_type == ChangeType.CORRECTION


def test_a_submission_without_a_change_type_from_a_service_caller_is_an_update(submitted):
    assert submitted.change_type == ChangeType.UPDATE


@pytest.mark.parametrize(
    ("value", "code"),
    [("", "change_type_required"), ("typo", "unknown_change_type")],
)
def test_a_submission_with_no_or_an_unknown_change_type_is_refused(article, editor, value, code):
    with pytest.raises(Exception) as caught:
        revision_submit(article=article, actor=editor, comment="Why", change_type=value)
    assert (caught.value.code, caught.value.status) == (code, 400)
    assert not Revision.objects.exists() and not WorkflowEvent.objects.exists()


def test_the_submit_page_makes_the_editor_choose_a_kind_of_change(client, article, editor):
    client.force_login(editor)
    url = reverse("editor:submit", args=[article.slug])
    page = client.get(url).content.decode()
    assert page.count('name="change_type"') == 3 and "checked" not in page.split("fieldset")[1]

    refused_page = client.post(url, {"comment": "Why"})
    assert refused_page.status_code == 400
    assert "Say what kind of change this is" in refused_page.content.decode()
    assert not Revision.objects.exists()

    client.post(
        url, {"comment": "Why", "change_type": "conclusions_changed", "public_summary": "New."}
    )
    assert Revision.objects.get().change_type == ChangeType.CONCLUSIONS_CHANGED


# --- Signatures -----------------------------------------------------------------------


def test_a_signature_records_the_change_type_it_approved(correction, reviewer):
    revision_start_review(revision=correction, actor=reviewer)
    revision_approve(revision=correction, actor=reviewer, password=PASSWORD)
    assert Signature.objects.get().change_type == "correction"


# --- Reclassifying --------------------------------------------------------------------


def test_a_board_member_reclassifies_an_open_revision_with_a_reason(correction, reviewer):
    revision_reclassify(
        revision=correction,
        actor=reviewer,
        change_type="conclusions_changed",
        comment="The dose advice changes.",
    )
    revision = Revision.objects.get(pk=correction.pk)
    assert revision.change_type == ChangeType.CONCLUSIONS_CHANGED
    event = WorkflowEvent.objects.get(action=Action.RECLASSIFY)
    assert (event.actor, event.from_state, event.to_state) == (reviewer, "submitted", "submitted")
    assert event.comment == "correction → conclusions_changed: The dose advice changes."
    assert revision.history.first().history_change_reason == (
        "Reclassified from correction to conclusions_changed"
    )


def test_signing_after_a_reclassification_records_the_new_type(correction, reviewer):
    revision_reclassify(revision=correction, actor=reviewer, change_type="update", comment="Why")
    revision_start_review(revision=correction, actor=reviewer)
    revision_approve(revision=correction, actor=reviewer, password=PASSWORD)
    assert Signature.objects.get().change_type == "update"


def test_reclassifying_after_a_signature_is_refused(in_review, reviewer, reviewer2, article):
    article.review_quorum = 2
    article.save()
    revision_approve(revision=in_review, actor=reviewer, password=PASSWORD)
    with refused(in_review, code="already_signed_as_type", status=409) as caught:
        revision_reclassify(
            revision=in_review, actor=reviewer2, change_type="correction", comment="Typo only"
        )
    assert "signed this revision as “Update (new or changed evidence)”" in caught.value.message


@pytest.mark.parametrize(
    ("who", "change_type", "comment", "code", "status"),
    [
        ("editor", "correction", "Why", "own_change", 403),
        ("outsider", "correction", "Why", "not_board_member", 403),
        ("reviewer", "typo", "Why", "unknown_change_type", 400),
        ("reviewer", "", "Why", "change_type_required", 400),
        ("reviewer", "correction", " ", "comment_required", 400),
        ("reviewer", "update", "Why", "same_change_type", 409),
    ],
)
def test_a_reclassification_is_refused_with_its_reason(
    request, submitted, who, change_type, comment, code, status
):
    if who == "editor":
        from reviews.models import BoardMember

        BoardMember.objects.create(
            user=request.getfixturevalue("editor"), display_name="Eda", credentials="MD", slug="e"
        )
    actor = request.getfixturevalue(who)
    with refused(submitted, code=code, status=status):
        revision_reclassify(
            revision=submitted, actor=actor, change_type=change_type, comment=comment
        )


def test_an_approved_revision_cannot_be_reclassified(in_review, reviewer, reviewer2):
    revision_approve(revision=in_review, actor=reviewer, password=PASSWORD)
    with refused(in_review, code="already_approved", status=409):
        revision_reclassify(
            revision=in_review, actor=reviewer2, change_type="correction", comment="Why"
        )


def test_the_review_page_offers_reclassifying_until_someone_signs(client, correction, reviewer):
    client.force_login(reviewer)
    page_url = reverse("reviews:revision", args=[correction.pk])
    page = client.get(page_url).content.decode()
    assert "Correction (no clinical change)" in page and 'id="reclassify"' in page

    response = client.post(
        reverse("reviews:reclassify", args=[correction.pk]),
        {"change_type": "update", "comment": "New trial cited"},
    )
    assert response.status_code == 302
    assert Revision.objects.get(pk=correction.pk).change_type == ChangeType.UPDATE

    revision_start_review(revision=correction, actor=reviewer)
    revision_approve(revision=correction, actor=reviewer, password=PASSWORD)
    page = client.get(page_url).content.decode()
    assert 'id="reclassify"' not in page
    assert "approved as: Update (new or changed evidence)" in page


def test_a_refused_reclassification_on_the_review_page_says_why(client, submitted, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:reclassify", args=[submitted.pk]), {"change_type": "update"}
    )
    assert response.status_code == 400
    assert "Say why the change is of another kind" in response.content.decode()


# --- Readers, feeds and the API ---------------------------------------------------------


def test_the_public_change_log_and_the_feeds_name_the_change_type(
    client, correction, reviewer, article
):
    revision_start_review(revision=correction, actor=reviewer)
    revision_approve(revision=correction, actor=reviewer, password=PASSWORD)
    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<span class="change-type" data-change-type="correction">'
        'Correction (no clinical change).</span> <span class="change-summary">Fixed a typo'
    ) in page

    rss = ElementTree.fromstring(client.get("/feeds/approved.rss").content)
    item = rss.find("channel/item")
    assert item.find("category").text == "correction"
    assert item.find("description").text.startswith("Correction (no clinical change). Fixed")


def test_the_api_submits_reads_and_reclassifies_change_types(editor, reviewer):
    make_article(editor)
    base = "/api/v1/articles/back-pain/"
    response = client_for(editor).post(
        base + "submit", {"comment": "Why", "change_type": "correction"}, format="json"
    )
    assert response.status_code == 201
    assert client_for(editor).get(base + "revisions/1/").json()["change_type"] == "correction"

    bad = client_for(reviewer).post(
        base + "revisions/1/reclassify", {"change_type": "typo", "comment": "x"}, format="json"
    )
    assert (bad.status_code, bad.json()["error"]) == (400, "unknown_change_type")

    good = client_for(reviewer).post(
        base + "revisions/1/reclassify",
        {"change_type": "conclusions_changed", "comment": "Changes advice"},
        format="json",
    )
    assert good.status_code == 200
    client_for(reviewer).post(base + "revisions/1/start-review")
    client_for(reviewer).post(base + "revisions/1/approve", {"password": PASSWORD}, format="json")
    body = client_for(editor).get(base + "revisions/1/").json()
    assert body["change_type"] == "conclusions_changed"
    assert body["signatures"][0]["change_type"] == "conclusions_changed"
    live = client_for(editor).get(base).json()
    assert live["review_status"]["change_type"] == "conclusions_changed"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the table rebuild is SQLite's")
def test_signatures_stay_append_only_after_the_change_type_column_was_added(correction, reviewer):
    # Adding the column rebuilds the table on SQLite; migration 0004 puts the triggers back.
    revision_start_review(revision=correction, actor=reviewer)
    revision_approve(revision=correction, actor=reviewer, password=PASSWORD)
    with pytest.raises(DatabaseError, match="append-only"):
        Signature.objects.update(change_type="update")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the table rebuild is SQLite's")
def test_revision_content_stays_immutable_after_the_change_type_column_was_added(correction):
    # Adding the column rebuilds the table on SQLite; articles 0009 puts the trigger back.
    with pytest.raises(DatabaseError, match="cannot change"):
        Revision.objects.filter(pk=correction.pk).update(content={"question": "Other?"})


# --- In the audit chain ----------------------------------------------------------------


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def _verify_failure() -> str:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError) as caught:
        call_command("verify_audit_log", stdout=StringIO())
    return str(caught.value)


def test_the_chain_records_each_change_type_and_the_one_each_signature_approved(
    correction, reviewer
):
    from django.core.management import call_command

    revision_reclassify(revision=correction, actor=reviewer, change_type="update", comment="Why")
    revision_start_review(revision=correction, actor=reviewer)
    revision_approve(revision=correction, actor=reviewer, password=PASSWORD)
    submit, reclassify = (
        WorkflowEvent.objects.get(action=a) for a in (Action.SUBMIT, Action.RECLASSIFY)
    )
    assert submit.details == {"change_type": "correction", "public_summary": "Fixed a typo"}
    assert reclassify.details == {"change_type": "update", "previous_change_type": "correction"}
    approval = WorkflowEvent.objects.get(action=Action.APPROVE)
    assert approval.details["signature"]["change_type"] == "update"
    call_command("verify_audit_log", stdout=StringIO())  # a clean record verifies


def test_a_revision_s_change_type_rewritten_in_sql_is_found(correction):
    _sql(
        "UPDATE articles_revision SET change_type = %s WHERE id = %s",
        ["conclusions_changed", correction.pk],
    )
    assert _verify_failure().endswith(
        "is classified 'conclusions_changed', but the chain records 'correction': its change "
        "type was changed outside the workflow."
    )


def test_a_signature_s_change_type_rewritten_in_sql_is_found(correction, reviewer):
    revision_start_review(revision=correction, actor=reviewer)
    revision_approve(revision=correction, actor=reviewer, password=PASSWORD)
    table = "reviews_signature"
    if connection.vendor == "sqlite":
        _sql(f"DROP TRIGGER {table}_no_update")
    else:
        _sql(f"DROP TRIGGER {table}_append_only ON {table}")
    _sql(f"UPDATE {table} SET change_type = %s", ["update"])
    assert "its change type is 'update' but the chain" in _verify_failure()
