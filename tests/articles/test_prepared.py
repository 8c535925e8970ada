import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Revision
from articles.prepared import PreparedQuery
from tests.conftest import freeze_revision, make_article


@pytest.fixture
def two_articles(editor):
    one = make_article(editor, slug="one")
    freeze_revision(one, editor)
    two = make_article(editor, slug="two")  # never approved: no live revision
    return one, two


def _with_live(slug):
    return Article.objects.select_related("live_revision").defer("search_vector").filter(slug=slug)


def test_prepared_instances_are_what_the_queryset_gives(two_articles):
    prepared = PreparedQuery(_with_live, slug=str)
    for slug in ("one", "two"):
        [got] = prepared.rows(slug=slug)
        [expected] = _with_live(slug)
        assert (got.pk, got.slug, got.live_revision_id) == (
            expected.pk,
            expected.slug,
            expected.live_revision_id,
        )
        if expected.live_revision_id:
            assert got.live_revision.content_hash == expected.live_revision.content_hash
        else:
            assert got.live_revision is None
    assert prepared.rows(slug="missing") == []


def test_prepared_values_are_what_the_queryset_gives(two_articles):
    one, _two = two_articles

    def build(article_id):
        return Revision.objects.filter(article_id=article_id).values("number", "submitted_at")

    prepared = PreparedQuery(build, article_id=int)
    assert prepared.rows(article_id=one.pk) == list(build(one.pk))
    assert prepared.rows(article_id=one.pk)[0]["submitted_at"].tzinfo is not None


def test_a_prepared_query_is_built_once_and_counted_each_time_it_runs(two_articles):
    prepared = PreparedQuery(_with_live, slug=str)
    built = []
    prepared._build_queryset = lambda slug: built.append(slug) or _with_live(slug)
    with CaptureQueriesContext(connection) as queries:
        prepared.rows(slug="one")
        prepared.rows(slug="two")
    assert len(built) == 1
    assert len(queries) == 2


def test_a_parameter_the_query_transforms_is_refused(db):
    prepared = PreparedQuery(lambda slug: Article.objects.filter(slug__contains=slug), slug=str)
    with pytest.raises(ImproperlyConfigured, match="does not reach the query"):
        prepared.rows(slug="one")
