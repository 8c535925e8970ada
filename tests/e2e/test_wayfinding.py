"""Signing in as each role lands on that role's page, with the one staff bar, readable at
1280 and 390 pixels wide; the public header then offers the staff area."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import SCREENSHOT_DIR, axe_violations, describe

ROLES = [("editor", "/editor/"), ("reviewer1", "/review/"), ("admin", "/audit/")]


@pytest.mark.parametrize("width", [1280, 390])
def test_each_role_signs_in_to_its_work_with_one_staff_bar(
    open_page, editor, reviewer, admin_user, password, axe_source, width
):
    for username, landing in ROLES:
        page = open_page("/accounts/login/")
        page.set_viewport_size({"width": width, "height": 900})
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"**{landing}")
        bar = page.get_by_role("navigation", name="Staff")
        expect(bar).to_have_count(1)
        expect(bar.get_by_role("button", name=f"Log out {username}")).to_be_visible()
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / f"wayfind-{username}-{width}.png"))
        assert not (found := axe_violations(page, axe_source)), describe(found)

        page.goto("/")
        staff_link = page.get_by_role("link", name="Staff area")
        expect(staff_link).to_be_visible()
        staff_link.click()
        page.wait_for_url(f"**{landing}")


def test_a_stranger_sees_no_staff_link(open_page):
    page = open_page("/")
    expect(page.get_by_role("link", name="Staff area")).to_have_count(0)


def test_the_patient_version_shows_the_patient_heading(open_page, editor):
    from articles.services import section_heading_texts_set
    from tests.conftest import freeze_revision, make_article

    article = make_article(editor, sections=1)
    section = article.sections.get(order=1)
    section_heading_texts_set(
        section=section, actor=editor, texts={"patient": "Things you can do yourself"}
    )
    freeze_revision(article, editor)
    page = open_page(f"/articles/{article.slug}/?audience=patient")
    expect(page.get_by_role("heading", name="Things you can do yourself")).to_be_visible()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 900})
    page.get_by_role("heading", name="Things you can do yourself").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT_DIR / "wayfind-patient-heading-390.png"))
    clinician = open_page(f"/articles/{article.slug}/?audience=clinician")
    expect(clinician.get_by_role("heading", name="Section 1")).to_be_visible()
