"""Submission checks: every problem is listed, tied to its claim and section."""

import datetime as dt

import pytest

from articles.checks import revision_reference_problems, submission_problems
from articles.models import Article, Citation, Claim, ClaimText, Section
from articles.snapshot import working_copy_snapshot
from tests.conftest import make_article, make_reference


@pytest.fixture
def article(editor):
    return make_article(editor)


def _claim(article, section_order=1, order=0) -> Claim:
    return Claim.objects.get(section__article=article, section__order=section_order, order=order)


def _one(problems, code):
    """The problem with this code (references.integrity may add others, e.g. age)."""
    [problem] = [p for p in problems if p.code == code]
    return problem


def test_a_complete_article_has_no_problems(article):
    assert submission_problems(article=article) == []


def test_an_uncited_claim_is_an_error_naming_the_claim_and_section(article):
    claim = _claim(article)
    claim.citations.all().delete()

    [problem] = submission_problems(article=article)

    assert (problem.severity, problem.code) == ("error", "uncited_claim")
    assert problem.claim_uuid == str(claim.uuid)
    assert problem.section_heading == "Section 1"
    assert problem.message == (
        'Section "Section 1", claim 1 cites no source; cite one or mark it as needing no citation.'
    )


def test_a_claim_marked_as_needing_no_citation_passes(article):
    claim = _claim(article)
    claim.citations.all().delete()
    claim.no_citation_needed = True
    claim.save()

    assert submission_problems(article=article) == []


def test_every_problem_is_listed_not_only_the_first(article):
    for order in (0, 1):
        _claim(article, 2, order).citations.all().delete()
    lead = Claim.objects.get(section__article=article, section__order=0)
    lead.text = "   "
    lead.save()

    problems = submission_problems(article=article)

    assert [(p.code, p.section_heading) for p in problems] == [
        ("empty_claim", "Lead summary"),
        ("uncited_claim", "Section 2"),
        ("uncited_claim", "Section 2"),
    ]


def test_an_empty_audience_text_is_an_error(article):
    ClaimText.objects.create(claim=_claim(article), audience="student", text=" ")
    [problem] = submission_problems(article=article)
    assert problem.code == "empty_audience_text"


def test_a_text_for_an_unknown_audience_is_a_warning(article):
    ClaimText.objects.create(claim=_claim(article), audience="veterinarian", text="Woof")
    [problem] = submission_problems(article=article)
    assert (problem.severity, problem.code) == ("warning", "unknown_audience")


def test_a_citation_readers_could_not_find_is_an_error(article):
    nowhere = make_reference(title="Personal communication", publisher="")
    Citation.objects.create(claim=_claim(article), reference=nowhere, order=1)

    problem = _one(submission_problems(article=article), "unresolvable_citation")

    assert (problem.severity, problem.reference_id) == ("error", nowhere.pk)


def test_a_retracted_reference_is_an_error(article):
    retracted = make_reference(title="Fabricated trial", issued_year=2019)
    retracted.retracted_on = dt.date(2023, 5, 2)
    retracted.save()
    claim = _claim(article)
    Citation.objects.create(claim=claim, reference=retracted, order=1)

    problem = _one(submission_problems(article=article), "retracted")

    assert (problem.severity, problem.claim_uuid) == ("error", str(claim.uuid))
    assert problem.message.startswith('Section "Section 1", claim 1: “Fabricated trial” was')
    assert "retracted on 2023-05-02" in problem.message


def test_a_superseded_reference_is_a_warning_naming_its_successor(article):
    new = make_reference(title="Guideline 2024 update", issued_year=2024)
    old = make_reference(title="Guideline 2016", issued_year=2016, superseded_by=new)
    Citation.objects.create(claim=_claim(article), reference=old, order=1)

    problem = _one(submission_problems(article=article), "superseded")

    assert problem.severity == "warning"
    assert "superseded by “Guideline 2024 update”" in problem.message


def test_an_article_without_claims_has_nothing_to_review(editor):
    article = Article.objects.create(slug="empty", question="Empty?", owner=editor)
    Section.objects.create(article=article, heading="Nothing yet", order=1)

    assert [p.code for p in submission_problems(article=article)] == ["no_claims"]


def test_a_revision_shows_a_source_retracted_after_it_was_frozen(article):
    content = working_copy_snapshot(article)
    reference = _claim(article).citations.get().reference
    reference.retracted_on = dt.date(2026, 1, 2)
    reference.save()

    problems = revision_reference_problems(content=content)

    assert {p.code for p in problems} == {"retracted"}
    assert {p.reference_id for p in problems} == {reference.pk}
    assert str(_claim(article).uuid) in {p.claim_uuid for p in problems}


def test_the_checks_take_a_fixed_number_of_queries(editor, django_assert_max_num_queries):
    big = make_article(editor, slug="big", sections=10, claims_per_section=10)
    with django_assert_max_num_queries(8):
        assert submission_problems(article=big) == []
