"""API clients and tokens for the API tests. People come from tests/conftest.py."""

from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.tokens import api_token_create

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "articles" / "demo" / "upper-back-pain.md"
).read_bytes()


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and throttles count in the cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def token_for(user, name: str = "test") -> str:
    return api_token_create(user=user, name=name, actor=user)[1]


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
    return client


@pytest.fixture
def as_user():
    """as_user(user) -> an APIClient that sends a fresh token of that user."""
    return client_for


def markdown(client: APIClient, method: str, url: str, body: bytes | str, **extra):
    data = body.encode() if isinstance(body, str) else body
    return getattr(client, method)(url, data=data, content_type="text/markdown", **extra)
