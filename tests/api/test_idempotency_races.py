"""Two copies of one submission sent at once with the same Idempotency-Key (a pipeline's
retry racing its original) make one revision and get the same answer (PostgreSQL)."""

import pytest

from articles.models import Revision
from tests.api.conftest import token_for
from tests.conftest import make_article
from tests.races import postgresql_only, race  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_only"),
]


def test_the_same_key_sent_twice_at_once_makes_one_revision(editor):
    from rest_framework.test import APIClient

    make_article(editor)
    token = token_for(editor)

    def submit():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        response = client.post(
            "/api/v1/articles/back-pain/submit",
            {"comment": "c", "public_summary": "s"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="same-key",
        )
        return response.status_code, response.json()

    first, second = race([submit, submit])
    assert first == second == (201, {"revision": 1, "state": "submitted"})
    assert Revision.objects.count() == 1
