"""The editing services: sections, claims, audience texts, with history on every row."""

import pytest

from articles.errors import ArticleError
from articles.models import Claim, ClaimText, Evidence, Section, SectionKind
from articles.services import (
    claim_create,
    claim_delete,
    claim_move,
    claim_text_set,
    claim_update,
    section_create,
    section_delete,
    section_move,
    section_rename,
)
from tests.conftest import freeze_revision
from tests.editing import claims_of, headings_of, nothing_written


def _body(article, index: int) -> Section:
    return article.sections.filter(kind=SectionKind.BODY).order_by("order")[index]


def test_a_new_section_goes_last_and_records_who_added_it(article, editor):
    section = section_create(article=article, actor=editor, heading="Red flags")

    assert headings_of(article) == ["", "Section 1", "Section 2", "Red flags"]
    record = section.history.latest()
    assert (record.history_user, record.history_change_reason) == (editor, "Section added")


def test_a_new_section_can_be_placed_among_the_others_while_the_lead_stays_first(article, editor):
    section_create(article=article, actor=editor, heading="Overview", position=0)

    assert headings_of(article) == ["", "Overview", "Section 1", "Section 2"]
    assert list(article.sections.order_by("order").values_list("order", flat=True)) == [0, 1, 2, 3]


def test_a_section_without_a_heading_is_refused_and_nothing_is_written(article, editor):
    with nothing_written(), pytest.raises(ArticleError) as refused:
        section_create(article=article, actor=editor, heading="   ")
    assert refused.value.code == "invalid"


def test_an_article_has_one_lead_summary(article, editor):
    with pytest.raises(ArticleError, match="already has a lead summary"):
        section_create(article=article, actor=editor, kind=SectionKind.LEAD)


def test_renaming_a_section_keeps_the_old_heading_in_history(article, editor):
    section = _body(article, 0)
    section_rename(section=section, actor=editor, heading="First-line treatment")

    section.refresh_from_db()
    assert section.heading == "First-line treatment"
    assert [r.heading for r in section.history.order_by("history_id")] == [
        "Section 1",
        "First-line treatment",
    ]


def test_moving_a_section_down_swaps_it_with_the_next_one(article, editor):
    section_move(section=_body(article, 0), actor=editor, position=1)

    assert headings_of(article) == ["", "Section 2", "Section 1"]


def test_the_lead_summary_cannot_be_moved_or_deleted(article, editor):
    lead = article.sections.get(kind=SectionKind.LEAD)
    with pytest.raises(ArticleError, match="always comes first"):
        section_move(section=lead, actor=editor, position=1)
    with pytest.raises(ArticleError, match="cannot be deleted"):
        section_delete(section=lead, actor=editor)


def test_deleting_a_section_deletes_its_claims_with_a_history_record_for_each(article, editor):
    section = _body(article, 0)
    claim_ids = list(section.claims.values_list("pk", flat=True))

    section_delete(section=section, actor=editor)

    assert headings_of(article) == ["", "Section 2"]
    assert not Claim.objects.filter(pk__in=claim_ids).exists()
    deleted = Claim.history.filter(id__in=claim_ids, history_type="-")
    assert deleted.count() == 2
    assert {r.history_user for r in deleted} == {editor}


def test_a_new_claim_can_be_inserted_at_a_position(article, editor):
    section = _body(article, 0)
    claim_create(section=section, actor=editor, text="Inserted first.", position=0)

    assert claims_of(section) == [
        "Inserted first.",
        "Claim 1.1 about treatment.",
        "Claim 1.2 about treatment.",
    ]


def test_a_new_claim_takes_its_certainty_flag_and_audience_texts(article, editor):
    claim = claim_create(
        section=_body(article, 1),
        actor=editor,
        text="Heat helps.",
        evidence=Evidence.MODERATE,
        no_citation_needed=True,
        texts={"patient": "Warmth can ease pain."},
    )

    assert (claim.evidence, claim.no_citation_needed) == (Evidence.MODERATE, True)
    assert dict(claim.texts.values_list("audience", "text")) == {"patient": "Warmth can ease pain."}


def test_an_empty_claim_is_refused(article, editor):
    with nothing_written(), pytest.raises(ArticleError, match="A claim needs a text"):
        claim_create(section=_body(article, 0), actor=editor, text="  ")


def test_updating_a_claim_writes_its_text_certainty_flag_and_audience_texts(article, editor):
    claim = _body(article, 0).claims.first()

    claim_update(
        claim=claim,
        actor=editor,
        text="NSAIDs are first-line.",
        evidence=Evidence.HIGH,
        no_citation_needed=False,
        texts={"patient": "Try ibuprofen first.", "student": ""},
    )

    claim.refresh_from_db()
    assert (claim.text, claim.evidence) == ("NSAIDs are first-line.", Evidence.HIGH)
    assert dict(claim.texts.values_list("audience", "text")) == {"patient": "Try ibuprofen first."}
    assert claim.history.latest().history_change_reason == "Claim edited"


def test_an_empty_audience_text_removes_it(article, editor):
    lead_claim = article.sections.get(kind=SectionKind.LEAD).claims.get()
    assert lead_claim.texts.filter(audience="patient").exists()

    claim_text_set(claim=lead_claim, actor=editor, audience="patient", text="")

    assert not lead_claim.texts.exists()
    assert ClaimText.history.filter(claim_id=lead_claim.pk, history_type="-").count() == 1


def test_a_text_for_an_audience_that_is_not_configured_is_refused(article, editor):
    claim = _body(article, 0).claims.first()
    with nothing_written(), pytest.raises(ArticleError, match="No audience called 'martian'"):
        claim_text_set(claim=claim, actor=editor, audience="martian", text="Hello")


def test_an_unknown_certainty_is_refused(article, editor):
    claim = _body(article, 0).claims.first()
    with nothing_written(), pytest.raises(ArticleError, match="not a certainty"):
        claim_update(
            claim=claim, actor=editor, text=claim.text, evidence="certain", no_citation_needed=False
        )


def test_saving_an_unchanged_claim_adds_no_history(article, editor):
    claim = _body(article, 0).claims.first()
    with nothing_written():
        claim_update(
            claim=claim,
            actor=editor,
            text=claim.text,
            evidence=claim.evidence,
            no_citation_needed=claim.no_citation_needed,
        )


def test_moving_a_claim_within_its_section_reorders_it(article, editor):
    section = _body(article, 0)
    second = section.claims.order_by("order")[1]

    claim_move(claim=second, actor=editor, position=0)

    assert claims_of(section) == ["Claim 1.2 about treatment.", "Claim 1.1 about treatment."]


def test_moving_a_claim_to_another_section_keeps_its_uuid_and_citations(article, editor):
    source, target = _body(article, 0), _body(article, 1)
    claim = source.claims.order_by("order")[0]
    uuid, cited = claim.uuid, list(claim.citations.values_list("reference_id", flat=True))

    claim_move(claim=claim, actor=editor, section=target, position=1)

    claim.refresh_from_db()
    assert (claim.section_id, claim.uuid) == (target.pk, uuid)
    assert list(claim.citations.values_list("reference_id", flat=True)) == cited
    assert claims_of(target) == [
        "Claim 2.1 about treatment.",
        "Claim 1.1 about treatment.",
        "Claim 2.2 about treatment.",
    ]
    assert claims_of(source) == ["Claim 1.2 about treatment."]


def test_a_claim_cannot_be_moved_into_another_articles_section(article, editor):
    from tests.conftest import make_article

    other = make_article(editor, slug="other")
    claim = _body(article, 0).claims.first()
    with nothing_written(), pytest.raises(ArticleError):
        claim_move(claim=claim, actor=editor, section=other.sections.last())


def test_deleting_a_claim_deletes_its_texts_and_citations_with_history(article, editor):
    claim = article.sections.get(kind=SectionKind.LEAD).claims.get()

    claim_delete(claim=claim, actor=editor)

    assert not Claim.objects.filter(pk=claim.pk).exists()
    record = Claim.history.get(id=claim.pk, history_type="-")
    assert (record.history_user, record.history_change_reason) == (editor, "Claim deleted")


def test_another_editor_may_not_edit(article, editor2):
    with nothing_written(), pytest.raises(ArticleError) as refused:
        section_create(article=article, actor=editor2, heading="Mine")
    assert refused.value.code == "forbidden"


def test_a_co_editor_and_an_editor_in_chief_may_edit(article, editor2, chief):
    article.co_editors.add(editor2)
    section_create(article=article, actor=editor2, heading="From the co-editor")
    section_create(article=article, actor=chief, heading="From the chief")

    assert headings_of(article)[-2:] == ["From the co-editor", "From the chief"]


def test_nothing_can_be_edited_while_a_revision_is_in_review(article, editor):
    freeze_revision(article, editor, state="submitted")
    claim = _body(article, 0).claims.first()

    with nothing_written(), pytest.raises(ArticleError) as refused:
        claim_update(
            claim=claim, actor=editor, text="Changed", evidence="high", no_citation_needed=False
        )
    assert refused.value.code == "locked"


def test_a_long_heading_still_fits_the_history_reason_when_its_section_is_deleted(article, editor):
    section = section_create(article=article, actor=editor, heading="Long " * 59)

    section_delete(section=section, actor=editor)

    reason = Section.history.get(id=section.pk, history_type="-").history_change_reason
    assert len(reason) == 100
    assert reason.startswith('Section "Long Long')


def test_an_audience_text_with_a_nul_character_is_refused(article, editor):
    claim = _body(article, 0).claims.first()
    with nothing_written(), pytest.raises(ArticleError) as refused:
        claim_text_set(claim=claim, actor=editor, audience="patient", text="bad\x00text")
    assert refused.value.code == "control_character"
