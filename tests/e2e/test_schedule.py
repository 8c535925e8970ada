"""In the browser: a board member approves a revision to go live at a set time (the site's
time zone shown), and the scheduled state shows on the review page and in the queue while
the public page stays as it was; a board member withdraws a published article from public
view, and readers get the withdrawal notice. Screenshots at 1280 and 390 wide."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, RevisionState
from tests.e2e.browser import axe_violations, describe, screenshot, sign_in

REASON = "The advice on muscle relaxants is being rewritten after new guidance."


def _both_widths(page, name: str, *, top=None) -> None:
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"{name}-{width}", top=top)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_board_member_approves_a_revision_to_go_live_at_a_set_time(
    open_page, revision_in_review, reviewer, password, axe_source
):
    go_live = timezone.localtime() + dt.timedelta(days=2)
    value = go_live.strftime("%Y-%m-%dT09:00")
    page = open_page("/")
    sign_in(
        page, reviewer.username, password, next_path=f"/review/revisions/{revision_in_review.pk}/"
    )

    form = page.locator("#approve")
    expect(form.locator("#go-live")).to_contain_text(
        f"time zone: {timezone.get_current_timezone_name()}"
    )
    form.get_by_label("At a set time").check()
    form.get_by_label(re.compile("Go live at")).fill(value)
    _both_widths(page, "schedule-approve", top=form)
    form.get_by_label(re.compile("I approve without having checked")).check()
    form.get_by_label("Your password").fill(password)
    form.get_by_role("button", name="Sign approval").click()

    expect(page.locator('[data-placed="decision"]')).to_contain_text("this revision goes live at")
    note = page.locator(".scheduled-note")
    expect(note).to_contain_text("Approved, scheduled")
    expect(note).to_contain_text("The public page stays as it is until then")
    assert not axe_violations(page, axe_source), describe(axe_violations(page, axe_source))
    _both_widths(page, "schedule-scheduled")

    page.goto("/review/")
    scheduled = page.locator("#q-scheduled + p + ul")
    expect(scheduled).to_contain_text("goes live")
    _both_widths(page, "schedule-queue", top=page.locator("#q-scheduled"))

    revision_in_review.refresh_from_db()
    assert revision_in_review.state == RevisionState.SCHEDULED
    assert timezone.localtime(revision_in_review.publish_at).strftime("%Y-%m-%dT%H:%M") == value
    reading = open_page(f"/articles/{revision_in_review.article.slug}/")
    expect(reading.locator(".stepper [aria-current=step]")).not_to_have_text("Approved")


def test_a_board_member_withdraws_an_article_and_readers_get_the_notice(
    open_page, seed_article, reviewer2, password, axe_source
):
    page = open_page("/")
    sign_in(
        page,
        reviewer2.username,
        password,
        next_path=f"/review/revisions/{seed_article.live_revision_id}/",
    )
    form = page.locator("#withdraw-article")
    expect(form).to_contain_text("leave empty to withdraw it now")
    form.get_by_label(re.compile("Withdraw at")).fill(
        (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    )
    form.get_by_label(re.compile("Reason")).fill(REASON)
    form.get_by_role("button", name="Withdraw the article").click()
    expect(page.locator('[data-placed="withdrawal"]')).to_contain_text(
        "will be withdrawn from public view at"
    )
    expect(page.locator("#withdrawal")).to_contain_text("Withdrawal scheduled")
    _both_widths(page, "withdrawal-scheduled", top=page.locator("#withdrawal"))
    page.get_by_role("button", name="Cancel the withdrawal").click()
    expect(page.locator('[data-placed="withdrawal"]')).to_contain_text(
        "The scheduled withdrawal was cancelled"
    )

    form = page.locator("#withdraw-article")
    form.get_by_label(re.compile("Reason")).fill(REASON)
    form.get_by_role("button", name="Withdraw the article").click()
    expect(page.locator('[data-placed="withdrawal"]')).to_contain_text(
        "was withdrawn from public view"
    )

    reading = open_page(f"/articles/{seed_article.slug}/")
    expect(reading.get_by_role("heading", level=1)).to_have_text(seed_article.public_question)
    expect(reading.locator(".withdrawn-page")).to_contain_text(REASON)
    assert not axe_violations(reading, axe_source), describe(axe_violations(reading, axe_source))
    _both_widths(reading, "withdrawn-page")
    reading.goto("/")
    expect(reading.get_by_role("link", name=seed_article.public_question)).to_have_count(0)
    assert Article.objects.get(pk=seed_article.pk).withdrawn_at is not None
