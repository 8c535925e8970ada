"""The editor page reads the whole working copy in a fixed number of queries, so a
40-claim article opens as fast as a 4-claim one."""

import time_machine
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
    _queries(client, small)  # warm the session and the content types

    assert _queries(client, large) == _queries(client, small)
