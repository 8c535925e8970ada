"""document_check: what an import would report, by line, and the content it would make,
without writing anything (document mode checks each keystroke's document with it)."""

import pytest

from articles.documents import document_check
from articles.rendering import article_render
from references.models import Reference
from tests.articles.test_documents_import import database_state, document
from tests.conftest import make_reference

pytestmark = pytest.mark.django_db


def test_a_reference_the_library_would_refuse_is_reported_on_its_key_line_without_a_write():
    before = database_state()
    text = document(
        "Heat helps. [@smith-2020]\n",
        references="  - id: smith-2020\n    title: Heat\n    DOI: nonsense\n",
    )
    check = document_check(text=text)
    assert [(e.line, "is not a DOI" in e.message) for e in check.errors] == [(6, True)]
    assert check.content is None
    assert database_state() == before


def test_a_good_document_becomes_content_the_page_renderer_shows(editor):
    make_reference(title="Heat for back pain", doi="10.1000/heat.2020", csl_type="article-journal")
    before = database_state()
    text = document("Heat helps, as @smith-2020 found.\n\n## Self-care\n\n- Walk. [@smith-2020]\n")
    check = document_check(text=text, slug="heat")
    assert check.errors == []
    rendered = article_render(content=check.content)
    assert rendered.question == "Does heat help back pain?"
    assert [section.heading for section in rendered.sections] == ["Self-care"]
    assert [r.number for r in rendered.references] == [1]
    # The library's record is what the preview lists, as the import would cite it.
    assert rendered.references[0].item["DOI"] == "10.1000/heat.2020"
    assert '<a href="#ref-1"' in rendered.lead.claims[0].html
    assert database_state() == before
    assert Reference.objects.count() == 1


def test_a_warning_is_returned_with_its_line():
    text = document("Heat helps. [@smith-2020]\n").replace("---\n", "---\nauthor: Someone\n", 1)
    check = document_check(text=text)
    assert check.errors == []
    assert [w.line for w in check.warnings] == [2]
