"""No lost updates: a form filled in against an older version is refused, naming who
changed what and when; changes to fields the form does not write do not refuse it."""

import datetime

import pytest
import time_machine

from articles import versions
from articles.errors import ArticleError
from articles.models import SectionKind
from articles.services import (
    article_update_metadata,
    citation_add,
    citation_remove,
    claim_delete,
    claim_move,
    claim_text_set,
    claim_update,
    section_delete,
    section_rename,
    working_copy_restore,
)
from tests.conftest import freeze_revision, make_reference
from tests.editing import nothing_written

NOON = datetime.datetime(2026, 3, 4, 12, 30, tzinfo=datetime.UTC)


@pytest.fixture
def shared(article, editor, editor2):
    article.co_editors.add(editor2)
    editor2.first_name, editor2.last_name = "Second", "Editor"
    editor2.save()
    return article


def _claim(article, index=0):
    return (
        article.sections.filter(kind=SectionKind.BODY)
        .order_by("order")[0]
        .claims.order_by("order")[index]
    )


def _update(claim, actor, text, version, texts=None):
    claim_update(
        claim=claim,
        actor=actor,
        text=text,
        evidence=claim.evidence,
        no_citation_needed=claim.no_citation_needed,
        texts=texts,
        version=version,
    )


def test_saving_a_claim_someone_reworded_since_is_refused_naming_them(shared, editor, editor2):
    claim = _claim(shared)
    loaded = versions.claim_versions([claim.pk])[claim.pk]
    with time_machine.travel(NOON, tick=False):
        _update(claim, editor2, "Their wording.", None)

    with nothing_written(), pytest.raises(ArticleError) as refused:
        _update(claim, editor, "My wording.", loaded)

    assert refused.value.code == "stale"
    assert refused.value.message.startswith(
        "Second Editor changed the text of this claim on 4 March 2026 at 12:30, after you "
        "opened this page. Your change was not saved"
    )
    claim.refresh_from_db()
    assert claim.text == "Their wording."


def test_a_claim_moved_by_someone_else_can_still_be_reworded(shared, editor, editor2):
    claim = _claim(shared, 1)
    loaded = versions.claim_versions([claim.pk])[claim.pk]
    claim_move(claim=claim, actor=editor2, position=0)

    _update(claim, editor, "Reworded after the move.", loaded)

    claim.refresh_from_db()
    assert (claim.order, claim.text) == (0, "Reworded after the move.")


def test_an_audience_text_changed_since_refuses_the_claim_form(shared, editor, editor2):
    claim = _claim(shared)
    loaded = versions.claim_versions([claim.pk])[claim.pk]
    claim_text_set(claim=claim, actor=editor2, audience="patient", text="Their plain words.")

    with nothing_written(), pytest.raises(ArticleError, match="changed the patient text of"):
        _update(claim, editor, claim.text, loaded, texts={"patient": "My plain words."})


def test_your_own_save_in_another_tab_is_named_as_yours(article, editor):
    claim = _claim(article)
    loaded = versions.claim_versions([claim.pk])[claim.pk]
    _update(claim, editor, "From the first tab.", loaded)

    with pytest.raises(ArticleError, match=r"^You \(in another window or tab\) changed the text"):
        _update(claim, editor, "From the second tab.", loaded)


def test_saving_a_claim_someone_deleted_says_who_deleted_it(shared, editor, editor2):
    claim = _claim(shared)
    loaded = versions.claim_versions([claim.pk])[claim.pk]
    claim_delete(claim=claim, actor=editor2)

    with pytest.raises(ArticleError, match=r"^Second Editor deleted this claim") as refused:
        _update(claim, editor, "Too late.", loaded)
    assert refused.value.code == "stale"


def test_deleting_a_claim_someone_changed_since_is_refused(shared, editor, editor2):
    claim = _claim(shared)
    loaded = versions.claim_versions([claim.pk])[claim.pk]
    citation_add(claim=claim, actor=editor2, reference=make_reference(title="New source"))

    with nothing_written(), pytest.raises(ArticleError, match="changed the citations of"):
        claim_delete(claim=claim, actor=editor, version=loaded)


def test_removing_a_citation_after_the_citations_changed_is_refused(shared, editor, editor2):
    claim = _claim(shared)
    loaded = versions.claim_versions([claim.pk])[claim.pk]
    citation_add(claim=claim, actor=editor2, reference=make_reference(title="New source"))

    with nothing_written(), pytest.raises(ArticleError) as refused:
        citation_remove(citation=claim.citations.first(), actor=editor, version=loaded)
    assert refused.value.code == "stale"


def test_renaming_a_section_someone_renamed_since_is_refused(shared, editor, editor2):
    section = shared.sections.get(heading="Section 1")
    loaded = versions.section_versions([section.pk])[section.pk]
    section_rename(section=section, actor=editor2, heading="Their heading")

    renamed = r"^Second Editor renamed this section"
    with nothing_written(), pytest.raises(ArticleError, match=renamed):
        section_rename(section=section, actor=editor, heading="My heading", version=loaded)


def test_deleting_a_section_whose_claims_changed_since_is_refused(shared, editor, editor2):
    section = shared.sections.get(heading="Section 1")
    loaded = versions.section_versions([section.pk])[section.pk]
    _update(section.claims.first(), editor2, "Changed inside the section.", None)

    with nothing_written(), pytest.raises(ArticleError, match="changed a claim in this section"):
        section_delete(section=section, actor=editor, version=loaded)


def test_the_articles_fields_changed_since_refuse_the_details_form(shared, editor, editor2):
    loaded = versions.article_version(shared)
    fields = {"title": "", "specialty": "", "origin": "human"}
    article_update_metadata(article=shared, actor=editor2, question="Theirs?", **fields)

    with nothing_written(), pytest.raises(ArticleError, match="changed the question of"):
        article_update_metadata(
            article=shared, actor=editor, question="Mine?", version=loaded, **fields
        )


def test_restoring_over_a_working_copy_changed_since_is_refused(shared, editor, editor2):
    revision = freeze_revision(shared, editor, state="approved")
    loaded = versions.working_copy_version(shared)
    _update(_claim(shared), editor2, "Newer work.", None)

    with nothing_written(), pytest.raises(ArticleError, match="changed the working copy"):
        working_copy_restore(article=shared, revision=revision, actor=editor, version=loaded)


@pytest.mark.parametrize("token", ["", "abc", "1.2", "-1.0.0"])
def test_a_form_without_a_readable_version_is_refused(article, editor, token):
    claim = _claim(article)
    with nothing_written(), pytest.raises(ArticleError) as refused:
        _update(claim, editor, "Anything.", token)
    assert refused.value.code == "stale"
