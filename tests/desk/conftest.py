"""An article to edit, and where a plain form's confirmation is shown."""

import pytest
from django.contrib.messages import get_messages

from articles.placed_messages import PLACE_TAG
from tests.conftest import make_article


@pytest.fixture
def article(editor):
    return make_article(editor)


def placed(response) -> list[tuple[str, str]]:
    """The messages a response queued for the next page, as (place, text): the place is
    where that page shows it (articles/placed_messages.py), "" for the banner."""
    found = []
    for message in get_messages(response.wsgi_request):
        tags = [t for t in (message.extra_tags or "").split() if t.startswith(PLACE_TAG)]
        found.append((tags[0].removeprefix(PLACE_TAG) if tags else "", str(message)))
    return found
