"""Every page of the demo is valid HTML: the W3C Nu checker reports no error on any page a
reader, an editor, a board reviewer or an auditor can reach, each seen by the demo user
who works there (tests/html/pages.py collects them). The feeds are checked without Java
in tests/html/test_feeds.py."""

import pytest

from tests.html.nu import nu_command, nu_errors
from tests.html.pages import demo_pages_save

pytestmark = pytest.mark.vnu

# Pages each kind of user must have reached: the crawl is not allowed to go quiet.
EXPECTED = {
    "/",
    "/board/",
    "/search/?q=back+pain",
    "/articles/upper-back-pain-treatment/?audience=patient",
    "/articles/sore-throat-when-to-see-a-doctor/",
    "/editorial-policy/",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/editor/",
    "/editor/import/",
    "/editor/questions/",
    "/editor/articles/upper-back-pain-treatment/",
    "/editor/articles/upper-back-pain-treatment/preview/?audience=patient",
    "/editor/articles/upper-back-pain-treatment/document/",
    "/editor/articles/upper-back-pain-treatment/history/",
    "/editor/articles/upper-back-pain-draft/",
    "/editor/articles/upper-back-pain-draft/document/",
    "/editor/articles/upper-back-pain-draft/submit/",
    "/review/",
    "/audit/",
    "/audit/reports/",
}


def test_every_page_of_the_demo_has_no_html_error(db, tmp_path):
    nu_command()  # skip or fail at once when Java or the checker is missing
    pages = demo_pages_save(tmp_path)
    visited = {page.path for page in pages}
    assert visited >= EXPECTED, f"Not reached: {sorted(EXPECTED - visited)}"
    errors = nu_errors([page.file for page in pages])
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(map(str, errors))


def test_the_checker_reports_an_error_planted_in_a_page(tmp_path):
    """The check above can fail: a form with an empty action is an error."""
    page = tmp_path / "planted.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        '<body><form action=""></form><time datetime="2026-01-01T10:00:00.123456+00:00">x'
        "</time></body></html>",
        encoding="utf-8",
    )
    messages = [m.message for m in nu_errors([page])]
    assert len(messages) == 2, messages
    assert "action" in messages[0] and "datetime" in messages[1]
