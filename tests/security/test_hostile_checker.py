"""The page checker itself: the site's chrome has an icon <img> and a search <svg>, so
only elements beyond the harmless page's are an injection."""

import pytest

from tests.security.hostile import assert_no_markup_injected

CHROME = '<header><img src="/static/icons/favicon.svg" alt=""><svg></svg></header>'


def test_the_sites_own_icon_and_svg_are_not_counted_as_injected():
    page = CHROME + "<p>&lt;img src=x onerror=alert(1)&gt;</p>"
    assert_no_markup_injected(page, baseline=CHROME + "<p>calm</p>")


def test_one_more_img_than_the_harmless_page_has_is_an_injection():
    page = CHROME + '<p><img src="x"></p>'
    with pytest.raises(AssertionError, match="injected elements"):
        assert_no_markup_injected(page, baseline=CHROME + "<p>calm</p>")
