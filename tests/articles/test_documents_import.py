"""Importing article documents into the database, and replacing a working copy from one."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from articles.documents import (
    IMPORT_REASON,
    LOCKED_MESSAGE,
    REPLACE_REASON,
    article_import,
    working_copy_replace,
)
from articles.errors import ArticleError, ArticleImportError
from articles.models import Article, Citation, Claim, ClaimText, Revision, Section, SectionKind
from articles.services import article_co_editors_set
from articles.snapshot import content_hash, working_copy_snapshot
from references.models import Reference
from tests.conftest import make_article, make_reference

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "articles" / "demo" / "upper-back-pain.md"
).read_text(encoding="utf-8")
AUDITED = (Article, Section, Claim, ClaimText, Citation, Reference)


def document(body: str, *, question="Does heat help back pain?", slug=None, references=None) -> str:
    meta = f"question: {question}\n"
    if slug:
        meta += f"slug: {slug}\n"
    meta += "references:\n" + (
        references
        or (
            "  - id: smith-2020\n"
            "    type: article-journal\n"
            "    title: Heat for back pain\n"
            "    DOI: 10.1000/heat.2020\n"
        )
    )
    return f"---\n{meta}---\n\n{body}"


def database_state() -> dict:
    """Row counts of every audited table and its history, and of users."""
    state = {model.__name__: model.objects.count() for model in AUDITED}
    state |= {f"history of {model.__name__}": model.history.count() for model in AUDITED}
    state["users"] = User.objects.count()
    return state


def import_errors(**kwargs) -> list:
    with pytest.raises(ArticleImportError) as caught:
        article_import(**kwargs)
    return caught.value.errors


# The shipped example


def test_importing_the_example_creates_its_whole_working_copy(editor):
    article = article_import(text=EXAMPLE, owner=editor)

    assert article.slug == "upper-back-pain-treatment"
    assert article.question == "What are the treatment options for upper back pain?"
    assert article.title == "Treatment Options for Upper Back Pain"
    assert article.specialty == "Musculoskeletal medicine"
    assert article.origin == "ai-drafted"
    assert article.owner == editor
    sections = list(article.sections.order_by("order"))
    assert len(sections) == 11
    assert (sections[0].kind, sections[0].order, sections[0].heading) == (SectionKind.LEAD, 0, "")
    assert [s.claims.count() for s in sections] == [1, 3, 3, 3, 5, 2, 3, 2, 3, 3, 2]
    assert Claim.objects.filter(section__article=article).count() == 30
    assert ClaimText.objects.filter(claim__section__article=article).count() == 30
    assert Citation.objects.filter(claim__section__article=article).count() == 45
    assert Reference.objects.count() == 5


def test_the_example_lead_claim_has_its_patient_text(editor):
    article = article_import(text=EXAMPLE, owner=editor)
    lead_claim = Claim.objects.get(section__article=article, section__kind=SectionKind.LEAD)
    assert lead_claim.text.startswith("For acute upper back pain")
    assert lead_claim.texts.get().audience == "patient"
    assert lead_claim.texts.get().text.startswith("For new upper back pain")


def test_the_example_citations_keep_their_order_and_ids(editor):
    article = article_import(text=EXAMPLE, owner=editor)
    claim = Claim.objects.get(section__article=article, section__order=3, order=0)
    assert [c.reference.citekey for c in claim.citations.order_by("order")] == [
        "praxis-upper-back",
        "praxis-low-back-management",
        "praxis-acute-low-back",
    ]
    label = Reference.objects.get(citekey="cyclobenzaprine-label")
    assert (label.csl_type, label.genre, label.issued_year) == ("document", "Drug label", None)


def test_every_imported_row_has_history_naming_the_owner_and_the_reason(editor):
    article = article_import(text=EXAMPLE, owner=editor)
    for model in AUDITED:
        records = model.history.all()
        assert records.count() == model.objects.count() > 0
        assert set(records.values_list("history_user", "history_change_reason")) == {
            (editor.pk, IMPORT_REASON)
        }
    assert article.history.get().history_type == "+"


def test_the_slug_argument_overrides_the_document(editor):
    article = article_import(text=EXAMPLE, owner=editor, slug="back-pain-upper")
    assert article.slug == "back-pain-upper"


# Refusals leave the database as it was


def test_a_slug_that_exists_is_refused_and_nothing_is_written(editor):
    article_import(text=EXAMPLE, owner=editor)
    before = database_state()
    errors = import_errors(text=EXAMPLE, owner=editor)
    assert [(e.line, e.message) for e in errors] == [
        (
            4,
            "an article with the slug 'upper-back-pain-treatment' already exists; give this "
            "document another slug, or replace that article's working copy instead",
        )
    ]
    assert database_state() == before


def test_an_invalid_slug_argument_is_refused(editor):
    before = database_state()
    (error,) = import_errors(text=EXAMPLE, owner=editor, slug="Not A Slug")
    assert "is not a valid slug" in error.message
    assert database_state() == before


def test_a_citation_to_a_sixth_reference_missing_from_the_metadata_is_refused(editor):
    # The seed page cited a source its reference list did not hold.
    text = EXAMPLE.replace(
        "## Special Populations\n",
        "## Special Populations\n\n- Physical therapy helps. [@praxis-upper-back; @pt-review]\n",
    )
    line = text.splitlines().index("- Physical therapy helps. [@praxis-upper-back; @pt-review]") + 1
    before = database_state()
    (error,) = import_errors(text=text, owner=editor)
    assert str(error) == (
        f"line {line}: citation [@pt-review] does not match any reference in the metadata block"
    )
    assert database_state() == before


GOOD_CLAIM = "## Care\n\n- Heat helps. [@smith-2020]\n"
REFUSED = {
    "no metadata block": "Heat helps.\n",
    "unclosed metadata block": "---\nquestion: Why?\n\nHeat helps.\n",
    "malformed YAML": document(GOOD_CLAIM).replace("question: Does", "question: [Does"),
    "unknown metadata key": document(GOOD_CLAIM).replace("references:", "colour: red\nreferences:"),
    "no question": document(GOOD_CLAIM).replace("question: Does heat help back pain?\n", ""),
    "unknown origin": document(GOOD_CLAIM).replace("references:", "origin: robot\nreferences:"),
    "invalid slug": document(GOOD_CLAIM, slug="Not A Slug"),
    "YAML alias": document(GOOD_CLAIM).replace("title: Heat", "title: &t Heat"),
    "reference without id": document(GOOD_CLAIM, references="  - title: Heat\n"),
    "reference without title": document(GOOD_CLAIM, references="  - id: smith-2020\n"),
    "duplicate reference id": document(
        GOOD_CLAIM,
        references="  - id: smith-2020\n    title: A\n  - id: smith-2020\n    title: B\n",
    ),
    "unknown CSL key": document(
        GOOD_CLAIM, references="  - id: smith-2020\n    title: Heat\n    journal: Spine\n"
    ),
    "CSL value of the wrong type": document(
        GOOD_CLAIM, references="  - id: smith-2020\n    title: [Heat]\n"
    ),
    "invalid DOI": document(
        GOOD_CLAIM, references="  - id: smith-2020\n    title: Heat\n    DOI: nonsense\n"
    ),
    "unknown citation": document("## Care\n\n- Heat helps. [@jones-2019]\n"),
    "reference no claim cites": document(
        GOOD_CLAIM,
        references="  - id: smith-2020\n    title: Heat\n  - id: jones-2019\n    title: Cold\n",
    ),
    "unknown audience": document(GOOD_CLAIM + "    - parent: Warmth.\n"),
    "audience text with citations": document(GOOD_CLAIM + "    - patient: Warm. [@smith-2020]\n"),
    "empty claim": document(GOOD_CLAIM + "- [@smith-2020]\n"),
    "section without heading": document("## \n\n- Heat helps. [@smith-2020]\n"),
    "code block": document(GOOD_CLAIM + "\n```\ncode\n```\n"),
    "table": document(GOOD_CLAIM + "\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
    "NUL byte": document(GOOD_CLAIM + "- Cold\x00 helps. [@smith-2020]\n"),
    "too large": document(GOOD_CLAIM + "- Heat helps a lot. [@smith-2020]\n" * 40_000),
}


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_document_changes_nothing(editor, text):
    make_reference(title="Already in the library")
    before = database_state()
    with pytest.raises(ArticleImportError) as caught:
        article_import(text=text, owner=editor)
    assert all(error.line for error in caught.value.errors)
    assert database_state() == before


def test_an_invalid_doi_is_reported_on_its_line(editor):
    text = document(
        "Heat helps. [@smith-2020]\n",
        references="  - id: smith-2020\n    title: Heat\n    DOI: nonsense\n",
    )
    (error,) = import_errors(text=text, owner=editor)
    assert error.line == 6
    assert "is not a DOI" in error.message


def test_a_reference_no_claim_cites_is_refused_on_its_line_and_nothing_is_written(editor):
    text = document(
        GOOD_CLAIM,
        references=(
            "  - id: smith-2020\n    type: article-journal\n    title: Heat for back pain\n"
            "  - id: jones-2019\n    type: article-journal\n    title: Cold for back pain\n"
        ),
    )
    before = database_state()
    (error,) = import_errors(text=text, owner=editor)
    assert (error.line, error.message) == (
        7,
        "reference 'jones-2019' is listed in the metadata block but no claim cites it; "
        "cite it with [@jones-2019] or remove it",
    )
    assert database_state() == before


def test_a_replaced_working_copy_refuses_a_reference_no_claim_cites(editor):
    article = article_import(text=document(GOOD_CLAIM), owner=editor)
    before = database_state()
    with pytest.raises(ArticleImportError) as caught:
        working_copy_replace(
            article=article,
            text=document("## Care\n\n- Heat helps.\n", slug=article.slug),
            actor=editor,
        )
    assert [e.message for e in caught.value.errors] == [
        "reference 'smith-2020' is listed in the metadata block but no claim cites it; "
        "cite it with [@smith-2020] or remove it"
    ]
    assert database_state() == before


# The reference library is not duplicated


def test_two_documents_citing_the_same_doi_share_one_reference(editor):
    first = article_import(text=document("Heat helps. [@smith-2020]\n", slug="one"), owner=editor)
    other_spelling = (
        "  - id: heat-trial\n"
        "    type: article-journal\n"
        "    title: Heat for back pain (preprint title)\n"
        "    DOI: https://doi.org/10.1000/HEAT.2020\n"
    )
    second = article_import(
        text=document("Warmth helps. [@heat-trial]\n", slug="two", references=other_spelling),
        owner=editor,
    )
    assert Reference.objects.count() == 1
    reference = Reference.objects.get()
    assert reference.citekey == "smith-2020"
    for article in (first, second):
        assert Citation.objects.get(claim__section__article=article).reference == reference


def test_a_reference_is_found_by_its_pmid(editor):
    existing = make_reference(title="Heat trial", pmid="31234567")
    refs = "  - id: heat\n    title: Some other wording\n    PMID: 31234567\n"
    article = article_import(text=document("Heat helps. [@heat]\n", references=refs), owner=editor)
    assert Citation.objects.get(claim__section__article=article).reference == existing
    assert Reference.objects.count() == 1


def test_importing_the_example_twice_reuses_its_five_references(editor):
    article_import(text=EXAMPLE, owner=editor, slug="first-copy")
    article_import(text=EXAMPLE, owner=editor, slug="second-copy")
    assert Reference.objects.count() == 5
    assert Reference.history.count() == 5
    assert Citation.objects.count() == 90


def test_a_library_record_with_another_doi_is_not_taken_for_an_exact_title_match(editor):
    make_reference(
        csl_type="article-journal",
        title="Heat for back pain",
        genre="",
        publisher="",
        issued_year=None,
        doi="10.1000/other",
    )
    article_import(text=document("Heat helps. [@smith-2020]\n"), owner=editor)
    assert sorted(Reference.objects.values_list("doi", flat=True)) == [
        "10.1000/heat.2020",
        "10.1000/other",
    ]


def test_two_ids_for_one_source_are_refused(editor):
    refs = (
        "  - id: a\n    type: report\n    title: Same guideline\n"
        "  - id: b\n    type: report\n    title: Same guideline\n"
    )
    before = database_state()
    (error,) = import_errors(text=document("Heat helps. [@a; @b]\n", references=refs), owner=editor)
    assert error.message == "references 'a' and 'b' are the same source; cite one id for it"
    assert error.line == 7
    assert database_state() == before


# Replacing a working copy


REPLACEMENT = document(
    "Keep moving and use heat. [@smith-2020]\n\n"
    "## Section 1\n\n"
    "- Claim 1.1 about treatment. [@smith-2020] {evidence=low}\n"
    "- A brand new claim. {.uncited}\n"
    "    - patient: Something new.\n",
    question="What really helps back pain?",
)


def test_replacing_the_working_copy_keeps_the_uuid_of_unchanged_claims(editor):
    article = make_article(editor)
    old = {c.text: c.uuid for c in Claim.objects.filter(section__article=article)}

    article = working_copy_replace(article=article, text=REPLACEMENT, actor=editor)

    claims = {c.text: c for c in Claim.objects.filter(section__article=article)}
    assert set(claims) == {
        "Keep moving and use heat.",
        "Claim 1.1 about treatment.",
        "A brand new claim.",
    }
    assert claims["Keep moving and use heat."].uuid == old["Keep moving and use heat."]
    assert claims["Claim 1.1 about treatment."].uuid == old["Claim 1.1 about treatment."]
    assert claims["A brand new claim."].uuid not in old.values()
    assert claims["Claim 1.1 about treatment."].evidence == "low"
    assert claims["A brand new claim."].no_citation_needed is True
    assert claims["A brand new claim."].texts.get().text == "Something new."


def test_replacing_the_working_copy_updates_the_metadata_but_not_the_slug(editor):
    article = make_article(editor)
    article = working_copy_replace(article=article, text=REPLACEMENT, actor=editor)
    article.refresh_from_db()
    assert article.slug == "back-pain"
    assert article.question == "What really helps back pain?"
    assert article.title == ""
    assert article.sections.count() == 2


def test_replacing_the_working_copy_records_each_deletion_in_history(editor, editor2):
    article = make_article(editor)
    old_claims = Claim.objects.filter(section__article=article).count()
    old_citations = Citation.objects.filter(claim__section__article=article).count()

    article_co_editors_set(article=article, actor=editor, co_editors=[editor2])
    working_copy_replace(article=article, text=REPLACEMENT, actor=editor2)

    deleted_claims = Claim.history.filter(history_type="-")
    assert deleted_claims.count() == old_claims
    assert Citation.history.filter(history_type="-").count() == old_citations
    assert ClaimText.history.filter(history_type="-").count() == 1
    assert Section.history.filter(history_type="-").count() == 3
    assert set(deleted_claims.values_list("history_user", "history_change_reason")) == {
        (editor2.pk, REPLACE_REASON)
    }
    assert article.history.latest().history_change_reason == REPLACE_REASON


def test_the_working_copy_is_locked_while_a_revision_is_in_review(editor):
    article = make_article(editor)
    content = working_copy_snapshot(article)
    revision = Revision.objects.create(
        article=article,
        number=1,
        content=content,
        content_hash=content_hash(content),
        comment="First version",
        submitted_by=editor,
        submitted_at=timezone.now(),
    )
    article.pending_revision = revision
    article.save()
    before = database_state()

    with pytest.raises(ArticleError) as caught:
        working_copy_replace(article=article, text=REPLACEMENT, actor=editor)

    assert caught.value.code == "locked"
    assert caught.value.message == LOCKED_MESSAGE
    assert database_state() == before


def test_a_refused_replacement_leaves_the_old_working_copy(editor):
    article = make_article(editor)
    snapshot = working_copy_snapshot(article)
    before = database_state()
    with pytest.raises(ArticleImportError):
        working_copy_replace(
            article=article, text=document("## Care\n\n- [@smith-2020]\n"), actor=editor
        )
    assert database_state() == before
    assert working_copy_snapshot(article) == snapshot
