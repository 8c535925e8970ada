"""On a 390-pixel phone no page is wider than the screen: a long hash, URL or word wraps
instead of making the reader scroll sideways."""

from tests.e2e.browser import sign_in

PHONE = {"width": 390, "height": 844}


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_public_article_fits_a_phone(open_page, seed_article):
    page = open_page(f"/articles/{seed_article.slug}/")
    page.set_viewport_size(PHONE)
    assert _page_width(page) <= PHONE["width"]


def test_the_review_page_and_queue_fit_a_phone(open_page, reviewer, password, revision_in_review):
    page = open_page()
    sign_in(page, "reviewer1", password, next_path=f"/review/revisions/{revision_in_review.pk}/")
    page.set_viewport_size(PHONE)
    # The revision's SHA-256 is one 64-character word.
    assert revision_in_review.content_hash in page.content()
    assert _page_width(page) <= PHONE["width"]
    page.goto("/review/")
    assert _page_width(page) <= PHONE["width"]


def test_the_desk_fits_a_phone(open_page, password, seed_article):
    page = open_page()
    sign_in(page, "editor", password, next_path=f"/editor/articles/{seed_article.slug}/")
    page.set_viewport_size(PHONE)
    assert _page_width(page) <= PHONE["width"]
    page.goto("/editor/")
    assert _page_width(page) <= PHONE["width"]
