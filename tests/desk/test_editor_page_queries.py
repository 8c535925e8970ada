"""The editor page reads the whole working copy in a fixed number of queries, so a
40-claim article opens as fast as a 4-claim one."""

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_article


def _queries(client, article) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("editor:article", args=[article.slug])).status_code == 200
    return len(captured)


# The clock stands still: on a slow machine a minute between two requests makes the
# session middleware record the activity, one more query that has nothing to do with claims.
@time_machine.travel("2026-01-05 09:00", tick=False)
def test_the_editor_page_does_not_query_per_claim(client, editor):
    small = make_article(editor, slug="small", sections=1, claims_per_section=2)
    large = make_article(editor, slug="large", sections=8, claims_per_section=5)
    client.force_login(editor)
    # Both pages once first: the session, the content types and the readability terms
    # warm. The terms are read only for a text whose grade is not yet memoised in the
    # process, so after earlier tests with the same texts the small page may not read them.
    cache.clear()
    _queries(client, small)
    _queries(client, large)

    assert _queries(client, large) == _queries(client, small)
