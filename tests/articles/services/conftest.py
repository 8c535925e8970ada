"""An article to edit."""

import pytest

from tests.conftest import make_article


@pytest.fixture
def article(editor):
    return make_article(editor)
