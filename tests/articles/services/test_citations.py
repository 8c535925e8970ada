"""Citing library references on claims, and adding new references from the editor."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from articles.errors import ArticleError
from articles.models import SectionKind
from articles.services import citation_add, citation_add_new, citation_move, citation_remove
from references.models import Reference
from tests.conftest import make_reference
from tests.editing import nothing_written


@pytest.fixture
def claim(article):
    return article.sections.filter(kind=SectionKind.BODY).order_by("order")[0].claims.first()


def _cited(claim) -> list[str]:
    return list(claim.citations.order_by("order").values_list("reference__title", flat=True))


def test_citing_a_library_reference_adds_it_last(claim, editor):
    extra = make_reference(title="Cochrane review of heat")
    before = _cited(claim)

    citation_add(claim=claim, actor=editor, reference=extra)

    assert _cited(claim) == [*before, "Cochrane review of heat"]
    assert claim.citations.last().history.latest().history_user == editor


def test_a_citation_can_be_placed_first(claim, editor):
    extra = make_reference(title="Cochrane review of heat")
    citation_add(claim=claim, actor=editor, reference=extra, position=0)

    assert _cited(claim)[0] == "Cochrane review of heat"


def test_a_claim_cites_a_reference_only_once(claim, editor):
    cited = claim.citations.first().reference
    with nothing_written(), pytest.raises(ArticleError) as refused:
        citation_add(claim=claim, actor=editor, reference=cited)
    assert refused.value.code == "duplicate"


def test_a_retracted_reference_cannot_be_cited(claim, editor):
    retracted = make_reference(title="Withdrawn trial", retracted_on=datetime.date(2024, 1, 2))
    with nothing_written(), pytest.raises(ArticleError, match="was retracted on 2024-01-02"):
        citation_add(claim=claim, actor=editor, reference=retracted)


def test_a_new_reference_typed_in_the_editor_joins_the_library_and_is_cited(claim, editor):
    new = Reference(
        csl_type="article-journal",
        title="Heat wrap therapy for acute low back pain",
        container_title="Spine",
        issued_year=2003,
        doi="https://doi.org/10.1097/01.BRS.0000090829.07896.C2",
    )

    citation, created = citation_add_new(claim=claim, actor=editor, reference=new)

    assert created
    assert citation.reference.doi == "10.1097/01.brs.0000090829.07896.c2"
    assert citation.reference.history.latest().history_user == editor
    assert _cited(claim)[-1] == "Heat wrap therapy for acute low back pain"


def test_a_new_reference_with_a_doi_the_library_has_cites_that_record(claim, editor):
    known = make_reference(title="Known", doi="10.1000/known")
    typed = Reference(csl_type="article-journal", title="Known, typed again", doi="10.1000/KNOWN")

    citation, created = citation_add_new(claim=claim, actor=editor, reference=typed)

    assert not created
    assert citation.reference == known
    assert Reference.objects.filter(doi="10.1000/known").count() == 1


def test_a_new_reference_with_a_bad_identifier_is_refused_with_the_field_and_nothing_is_written(
    claim, editor
):
    typed = Reference(csl_type="article-journal", title="Bad", pmid="not-a-number")
    with nothing_written(), pytest.raises(ValidationError) as refused:
        citation_add_new(claim=claim, actor=editor, reference=typed)
    assert "pmid" in refused.value.message_dict


def test_moving_a_citation_reorders_the_claims_citations(claim, editor):
    for title in ("Second", "Third"):
        citation_add(claim=claim, actor=editor, reference=make_reference(title=title))
    first, *_ = _cited(claim)
    last = claim.citations.order_by("order").last()

    citation_move(citation=last, actor=editor, position=0)

    assert _cited(claim) == ["Third", first, "Second"]


def test_removing_a_citation_keeps_the_library_record(claim, editor):
    citation = claim.citations.get()
    reference = citation.reference

    citation_remove(citation=citation, actor=editor)

    assert not claim.citations.exists()
    assert Reference.objects.filter(pk=reference.pk).exists()


def test_another_editor_may_not_change_citations(claim, editor2):
    with nothing_written(), pytest.raises(ArticleError) as refused:
        citation_remove(citation=claim.citations.get(), actor=editor2)
    assert refused.value.code == "forbidden"
