"""A signed-in person (staff: readers need no account) gets the public page rendered from
the database and marked private, so a change they just published shows at once and no
shared cache keeps their copy."""

import pytest

from tests.conftest import freeze_revision, make_article

pytestmark = pytest.mark.django_db


def test_a_signed_in_person_gets_the_page_rendered_and_never_cacheable(client, editor):
    article = make_article(editor, slug="signed-in")
    freeze_revision(article, editor)
    page = article.get_absolute_url()
    assert client.get(page)["X-Page-Cache"] == "miss"
    assert client.get(page)["X-Page-Cache"] == "hit"

    client.force_login(editor)
    response = client.get(page)

    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
