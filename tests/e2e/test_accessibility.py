"""axe-core finds no serious or critical accessibility problem on the pages readers,
editors and reviewers use most."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.workflow import assignment_create
from tests.e2e.browser import axe_violations, describe, sign_in


def _assert_accessible(page, axe_source):
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe-core on {page.url}:\n{describe(violations)}"


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("clinician", "NSAIDs (ibuprofen, naproxen)"),
        ("patient", "Ibuprofen or naproxen are usually the first medicines"),
    ],
)
def test_the_article_page_has_no_serious_accessibility_problem(
    open_page, axe_source, seed_article, audience, expected
):
    page = open_page(f"/articles/{seed_article.slug}/?audience={audience}")
    expect(page.get_by_text(expected)).to_be_visible()
    _assert_accessible(page, axe_source)


def test_the_index_has_no_serious_accessibility_problem(open_page, axe_source, seed_article):
    page = open_page("/")
    expect(page.get_by_role("link", name=seed_article.question)).to_be_visible()
    _assert_accessible(page, axe_source)


def test_the_board_page_has_no_serious_accessibility_problem(open_page, axe_source, reviewer):
    page = open_page("/board/")
    expect(page.get_by_role("heading", name="Rhea Viewer, MD, FACP")).to_be_visible()
    _assert_accessible(page, axe_source)


def test_the_editor_dashboard_has_no_serious_accessibility_problem(
    open_page, axe_source, editor, password, seed_article, revision_in_review
):
    page = open_page()
    sign_in(page, "editor", password, next_path="/editor/")
    expect(page.get_by_role("heading", name="Editors' dashboard")).to_be_visible()
    expect(page.get_by_role("link", name=revision_in_review.article.question)).to_be_visible()
    _assert_accessible(page, axe_source)


def test_the_article_editor_has_no_serious_accessibility_problem(
    open_page, axe_source, editor, password, seed_article
):
    page = open_page()
    sign_in(page, "editor", password, next_path=f"/editor/articles/{seed_article.slug}/")
    expect(page.get_by_role("heading", name="Lead summary")).to_be_visible()
    # The closed "add a reference" forms are part of the page too.
    for summary in page.locator("details > summary").all()[:3]:
        summary.click()
    _assert_accessible(page, axe_source)


def test_the_review_page_has_no_serious_accessibility_problem(
    open_page, axe_source, reviewer, password, revision_in_review
):
    page = open_page()
    sign_in(page, "reviewer1", password, next_path=f"/review/revisions/{revision_in_review.pk}/")
    expect(page.get_by_role("button", name="Sign approval")).to_be_visible()
    page.locator("details > summary").first.click()
    _assert_accessible(page, axe_source)


def test_the_queue_filters_and_the_assignment_forms_have_no_serious_accessibility_problem(
    open_page, axe_source, chief, reviewer2, password, revision_in_review
):
    assignment_create(
        revision=revision_in_review, actor=chief, reviewer=reviewer2, due_on=timezone.localdate()
    )
    page = open_page()
    sign_in(page, "chief", password, next_path="/review/")
    expect(page.get_by_role("link", name="Overdue (0)")).to_be_visible()
    page.get_by_role("link", name="Unassigned (0)").click()
    expect(page.get_by_role("link", name="Unassigned (0)")).to_have_attribute(
        "aria-current", "page"
    )
    _assert_accessible(page, axe_source)

    page.goto(f"/review/revisions/{revision_in_review.pk}/#reviewers")
    expect(page.get_by_text("Due today")).to_be_visible()
    for summary in page.locator("#reviewers summary").all():
        summary.click()
    _assert_accessible(page, axe_source)


def test_the_checker_reports_a_problem_planted_in_a_page(open_page, axe_source):
    """The check above can fail: an input without a label is a critical violation."""
    page = open_page("/board/")
    page.evaluate(
        """() => {
            const input = document.createElement("input");
            input.type = "text";
            document.querySelector("main").append(input);
        }"""
    )
    assert [v["id"] for v in axe_violations(page, axe_source)] == ["label"]
