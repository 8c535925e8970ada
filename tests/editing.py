"""Helpers shared by the tests of editing: the editors' services (tests/articles) and the
desk's views (tests/desk). A refused edit must write nothing."""

from contextlib import contextmanager

from articles.models import Article, Citation, Claim, ClaimText, ReaderQuestion, Section
from references.models import Reference


def database_state() -> tuple:
    """Every row and history record an edit could touch."""
    models = (Article, Section, Claim, ClaimText, Citation, Reference, ReaderQuestion)
    rows = tuple(tuple(model.objects.order_by("pk").values_list()) for model in models)
    history = tuple(model.history.count() for model in models)
    return rows + history


@contextmanager
def nothing_written():
    before = database_state()
    yield
    assert database_state() == before


def claims_of(section: Section) -> list[str]:
    return list(section.claims.order_by("order").values_list("text", flat=True))


def headings_of(article: Article) -> list[str]:
    return list(article.sections.order_by("order").values_list("heading", flat=True))
