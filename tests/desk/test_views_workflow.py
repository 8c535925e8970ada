"""Submitting, withdrawing, the history page, comparing and restoring revisions, and
moving articles in and out as documents, through the workspace."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import versions
from articles.documents import document_from_article
from articles.models import Article, Revision, RevisionState, SectionKind
from articles.services import claim_update
from reviews.models import Action, WorkflowEvent
from reviews.workflow import (
    claim_comment_add,
    revision_approve,
    revision_request_changes,
    revision_start_review,
    revision_submit,
)
from tests.editing import nothing_written


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def _lead_claim(article):
    return article.sections.get(kind=SectionKind.LEAD).claims.get()


def test_the_submit_page_lists_every_problem_with_a_link_to_its_claim(signed_in, article):
    first = _lead_claim(article)
    first.citations.all().delete()
    second = article.sections.get(heading="Section 2").claims.first()
    second.citations.all().delete()

    page = signed_in.get(reverse("editor:submit", args=[article.slug])).content.decode()

    assert "2 problems to fix first" in page
    editor_page = reverse("editor:article", args=[article.slug])
    assert f'href="{editor_page}#claim-{first.uuid}"' in page
    assert f'href="{editor_page}#claim-{second.uuid}"' in page


def test_submitting_with_problems_is_refused_and_lists_them(signed_in, article):
    _lead_claim(article).citations.all().delete()
    with nothing_written():
        response = signed_in.post(
            reverse("editor:submit", args=[article.slug]),
            {"comment": "First version", "change_type": "update", "public_summary": "New."},
        )
    assert response.status_code == 409
    assert "Lead summary, claim 1 cites no source" in response.content.decode()
    assert not Revision.objects.exists()


def test_a_submission_needs_a_comment(signed_in, article):
    response = signed_in.post(reverse("editor:submit", args=[article.slug]), {"comment": ""})
    assert response.status_code == 400
    assert "Say what changed and why" in response.content.decode()
    assert not Revision.objects.exists()


def test_submitting_freezes_a_revision_and_locks_the_working_copy(signed_in, article, editor):
    response = signed_in.post(
        reverse("editor:submit", args=[article.slug]),
        {
            "comment": "First version, from the guideline.",
            "change_type": "update",
            "public_summary": "First published.",
        },
    )

    assert response.status_code == 302
    revision = Revision.objects.get(article=article)
    assert (revision.state, revision.comment, revision.submitted_by) == (
        RevisionState.SUBMITTED,
        "First version, from the guideline.",
        editor,
    )
    page = signed_in.get(reverse("editor:article", args=[article.slug])).content.decode()
    assert "the working copy is locked" in page
    # The confirmation is in the "In review" panel it speaks of, not a banner.
    assert "Revision 1 was submitted for review." in _slot(page, "review-state")
    assert 'class="messages"' not in page


def test_withdrawing_unlocks_the_working_copy(signed_in, article, editor):
    revision = revision_submit(article=article, actor=editor, comment="First")

    response = signed_in.post(
        reverse("editor:withdraw", args=[article.slug]), {"comment": "Found a typo"}
    )

    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.state == RevisionState.WITHDRAWN
    article.refresh_from_db()
    assert article.pending_revision is None
    page = signed_in.get(reverse("editor:article", args=[article.slug])).content.decode()
    assert "Add claim" in page
    assert "Revision 1 was withdrawn" in _slot(page, "article")


def test_withdrawing_with_nothing_in_review_answers_409(signed_in, article):
    response = signed_in.post(reverse("editor:withdraw", args=[article.slug]))
    assert response.status_code == 409


def test_the_changes_request_and_claim_comments_are_shown_to_the_editor(
    signed_in, article, editor, reviewer
):
    revision = revision_submit(article=article, actor=editor, comment="First")
    revision_start_review(revision=revision, actor=reviewer)
    claim = _lead_claim(article)
    claim_comment_add(
        revision=revision, actor=reviewer, claim_uuid=str(claim.uuid), text="Say which NSAID."
    )
    revision_request_changes(revision=revision, actor=reviewer, comment="Dosing needs sources.")

    dashboard = signed_in.get(reverse("editor:dashboard")).content.decode()
    editor_page = signed_in.get(reverse("editor:article", args=[article.slug])).content.decode()

    assert "Dosing needs sources." in dashboard
    assert "Say which NSAID." in dashboard
    assert "Rhea Viewer, MD, FACP" in dashboard
    assert "Dosing needs sources." in editor_page
    claim_block = editor_page[editor_page.index(f'id="claim-{claim.uuid}"') :]
    assert "Say which NSAID." in claim_block[:2000]


def test_the_history_lists_revisions_with_states_signatures_and_events(
    signed_in, article, editor, reviewer, password
):
    first = revision_submit(article=article, actor=editor, comment="First version")
    revision_start_review(revision=first, actor=reviewer)
    revision_approve(revision=first, actor=reviewer, password=password)

    page = signed_in.get(reverse("editor:history", args=[article.slug])).content.decode()

    assert "Revision 1 · Approved · live" in page
    assert "Rhea Viewer, MD, FACP — Approved for medical accuracy" in page
    assert "First version" in page
    for action in ("submitted", "started review", "approved", "published"):
        assert f"Eda Editor: {action}" in page or f"Rhea Viewer, MD, FACP: {action}" in page


def test_two_revisions_are_compared_claim_by_claim(signed_in, article, editor):
    revision_submit(article=article, actor=editor, comment="First")
    signed_in.post(reverse("editor:withdraw", args=[article.slug]))
    claim_update(
        claim=_lead_claim(article),
        actor=editor,
        text="Keep moving, use heat and take ibuprofen.",
        evidence="moderate",
        no_citation_needed=False,
    )
    revision_submit(article=article, actor=editor, comment="Second")

    page = signed_in.get(
        reverse("editor:compare", args=[article.slug]), {"old": 1, "new": 2}
    ).content.decode()

    assert "Revision 2 compared with revision 1" in page
    assert "0 added · 1 changed · 0 removed" in page
    assert "Keep moving<del> and</del><ins>,</ins> use heat<ins> and take ibuprofen</ins>." in page
    assert "Certainty of evidence: not-graded → moderate" in page


def test_comparing_a_revision_that_does_not_exist_answers_404(signed_in, article):
    response = signed_in.get(
        reverse("editor:compare", args=[article.slug]), {"old": 9, "new": "working"}
    )
    assert response.status_code == 404


def test_restoring_a_revision_replaces_the_working_copy_which_then_goes_through_review(
    signed_in, article, editor
):
    revision = revision_submit(article=article, actor=editor, comment="First")
    signed_in.post(reverse("editor:withdraw", args=[article.slug]))
    claim = _lead_claim(article)
    claim_update(
        claim=claim, actor=editor, text="Later text.", evidence="low", no_citation_needed=False
    )

    response = signed_in.post(
        reverse("editor:revision-restore", args=[article.slug, 1]),
        {"version": versions.working_copy_version(article)},
    )

    assert response.status_code == 302
    assert _lead_claim(article).text == "Keep moving and use heat."
    assert _lead_claim(article).uuid == claim.uuid
    article.refresh_from_db()
    assert article.live_revision is None  # nothing went live
    assert Revision.objects.get(pk=revision.pk).state == RevisionState.WITHDRAWN


def test_restoring_over_newer_work_is_refused(signed_in, article, editor):
    revision_submit(article=article, actor=editor, comment="First")
    signed_in.post(reverse("editor:withdraw", args=[article.slug]))
    loaded = versions.working_copy_version(article)
    claim_update(
        claim=_lead_claim(article),
        actor=editor,
        text="Newer.",
        evidence="low",
        no_citation_needed=False,
    )

    with nothing_written():
        response = signed_in.post(
            reverse("editor:revision-restore", args=[article.slug, 1]), {"version": loaded}
        )
    assert response.status_code == 409


def test_a_revision_and_the_working_copy_download_as_markdown(signed_in, article, editor):
    revision_submit(article=article, actor=editor, comment="First")

    working = signed_in.get(reverse("editor:export", args=[article.slug]))
    frozen = signed_in.get(reverse("editor:revision-export", args=[article.slug, 1]))

    assert working["Content-Type"] == "text/markdown; charset=utf-8"
    assert 'filename="back-pain-r1.md"' in frozen["Content-Disposition"]
    assert frozen.content.decode().startswith("---\nquestion: What helps back pain?")
    assert working.content == frozen.content  # nothing changed since the submission


def test_a_document_upload_becomes_a_new_article_owned_by_the_importer(signed_in, article, editor):
    text = document_from_article(article=article).replace("slug: back-pain", "slug: imported")
    upload = SimpleUploadedFile("imported.md", text.encode(), content_type="text/markdown")

    response = signed_in.post(reverse("editor:import"), {"file": upload})

    imported = Article.objects.get(slug="imported")
    assert response["Location"] == reverse("editor:article", args=["imported"])
    assert imported.owner == editor
    assert imported.sections.count() == article.sections.count()
    page = signed_in.get(response["Location"]).content.decode()
    assert "The document was imported as a new article." in _slot(page, "article")


def test_a_bad_document_is_refused_with_its_problems_by_line(signed_in):
    text = "---\nquestion: Q?\nslug: bad\nreferences: []\n---\n\n- A claim citing [@nowhere]\n"
    with nothing_written():
        response = signed_in.post(reverse("editor:import"), {"text": text})

    assert response.status_code == 400
    page = response.content.decode()
    assert "The document was not imported" in page
    assert "<strong>Line 7:</strong>" in page


def test_pasting_a_document_replaces_the_working_copy(signed_in, article):
    text = document_from_article(article=article).replace(
        "Keep moving and use heat.", "Keep moving."
    )
    response = signed_in.post(
        reverse("editor:replace", args=[article.slug]),
        {"text": text, "version": versions.working_copy_version(article)},
    )

    assert response.status_code == 302
    assert _lead_claim(article).text == "Keep moving."
    page = signed_in.get(response["Location"]).content.decode()
    assert "The working copy was replaced from the document." in _slot(page, "article")


def test_importing_a_pandoc_document_shows_its_metadata_warnings(signed_in, article):
    text = document_from_article(article=article).replace(
        "slug: back-pain", "slug: imported\nauthor: Jane Smith"
    )
    response = signed_in.post(reverse("editor:import"), {"text": text}, follow=True)

    assert Article.objects.filter(slug="imported").exists()
    page = response.content.decode()
    assert "author is ignored: an article&#x27;s editors are its owner and co-editors" in page


def test_replacing_from_a_pandoc_document_shows_its_metadata_warnings(signed_in, article):
    text = document_from_article(article=article).replace("slug: back-pain", "date: 2024-05-01")
    response = signed_in.post(
        reverse("editor:replace", args=[article.slug]),
        {"text": text, "version": versions.working_copy_version(article)},
        follow=True,
    )

    assert "date is ignored: the page&#x27;s dates come from the review workflow" in (
        response.content.decode()
    )


def test_the_submit_event_records_the_editors_comment(signed_in, article):
    signed_in.post(
        reverse("editor:submit", args=[article.slug]),
        {"comment": "Why", "change_type": "update", "public_summary": "New."},
    )
    event = WorkflowEvent.objects.get(action=Action.SUBMIT)
    assert event.comment == "Why"


def _slot(page: str, place: str) -> str:
    """Where the page shows the confirmation for `place` (articles/placed_messages.py)."""
    start = page.index(f'data-placed="{place}"')
    return page[start : page.index("</div>", start)]
