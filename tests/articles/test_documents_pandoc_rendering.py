"""A document in Pandoc Markdown, imported: its markup and citation locators are stored,
frozen into revisions, and shown in every audience (public page, preview, review page,
diff) and in the export."""

import re

import pytest
from django.urls import reverse

from articles.documents import article_import, document_from_article, document_parse
from articles.models import Citation, Claim
from articles.snapshot import working_copy_snapshot
from reviews.diff import revision_diff
from tests.conftest import freeze_revision

DOCUMENT = """\
---
question: Does heat help back pain?
references:
  - id: smith-2020
    type: article-journal
    title: Heat for back pain
    DOI: 10.1000/heat.2020
    issued: {date-parts: [[2020]]}
  - id: jones-2019
    type: book
    title: Back care
    issued: {date-parts: [[2019]]}
---

Heat *helps* most people. [see @smith-2020, p. 3]

- patient: Warmth **helps**.

## Heat for H~2~O lovers {#heat .unnumbered}

- @jones-2019 found that [heat wraps](https://example.org/wraps) ease pain.
  [@smith-2020, pp. 4-6, table 2]
    - patient: Heat wraps ease pain^1^.
"""


@pytest.fixture
def imported(editor):
    return article_import(text=DOCUMENT, owner=editor)


def test_claim_texts_are_stored_as_markdown_and_locators_on_the_citations(imported):
    claims = Claim.objects.filter(section__article=imported).order_by("section__order", "order")
    assert [claim.text for claim in claims] == [
        "Heat *helps* most people.",
        "@jones-2019 found that [heat wraps](https://example.org/wraps) ease pain.",
    ]
    rows = Citation.objects.filter(claim__section__article=imported).order_by(
        "claim__section__order", "order"
    )
    assert [
        (row.reference.citekey, row.prefix, row.locator_label, row.locator, row.suffix)
        for row in rows
    ] == [
        ("smith-2020", "see", "page", "3", ""),
        ("jones-2019", "", "", "", ""),
        ("smith-2020", "", "page", "4-6", "table 2"),
    ]


def test_the_snapshot_keeps_the_locators_only_where_they_are_set(imported):
    content = working_copy_snapshot(imported)
    lead, body = content["sections"]
    smith = str(Citation.objects.filter(reference__citekey="smith-2020").first().reference_id)
    assert lead["claims"][0]["citation_details"] == {
        smith: {"prefix": "see", "label": "page", "locator": "3"}
    }
    assert body["claims"][0]["citation_details"] == {
        smith: {"label": "page", "locator": "4-6", "suffix": "table 2"}
    }
    assert body["heading"] == "Heat for H~2~O lovers"


# The sources a citation shows on hover (articles/citation_markup.py) are not part
# of what the superscript reads.
TOOLTIP = re.compile(r'<span class="cite-sources".*?</span></span>', re.S)


def _body(html: str) -> str:
    """The lead and the sections, without the citations' hover text."""
    body = html[html.index('<div class="article-lead"') : html.index('<section class="references"')]
    return TOOLTIP.sub("", body)


def test_the_public_page_shows_the_markup_and_ama_citations(client, editor, imported):
    freeze_revision(imported, editor)
    response = client.get(imported.get_absolute_url(), {"audience": "clinician"})
    html = _body(response.content.decode())
    assert "Heat <em>helps</em> most people." in html
    assert "Heat for H<sub>2</sub>O lovers</h3>" in html
    assert "{#heat" not in html
    # The narrative citation is the superscript number where the name was; the group's
    # locator, prefix and suffix are shown as AMA does: "see 1(p3)", "1(pp4-6), table 2".
    assert re.search(r'<sup class="cites"><a href="#ref-2"[^>]*>2</a></sup> found that', html)
    assert '<a href="https://example.org/wraps" rel="noopener nofollow">heat wraps</a>' in html
    sups = re.findall(r'<sup class="cites">(.*?)</sup>', html)
    plain = [re.sub(r"<[^>]+>", "", sup) for sup in sups]
    assert plain == ["see 1(p3)", "2", "1(pp4-6), table 2"]


def test_the_patient_page_shows_the_audience_markup_with_every_citation_after_it(
    client, editor, imported
):
    freeze_revision(imported, editor)
    html = _body(client.get(imported.get_absolute_url(), {"audience": "patient"}).content.decode())
    assert "Warmth <strong>helps</strong>." in html
    assert "Heat wraps ease pain<sup>1</sup>." in html
    sups = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r'<sup class="cites">(.*?)</sup>', html)]
    # The patient text names no source in place, so both of the claim's come after it.
    assert sups == ["see 1(p3)", "1(pp4-6), table 2,2"]


def test_the_meta_description_is_plain_text(client, editor, imported):
    freeze_revision(imported, editor)
    html = client.get(imported.get_absolute_url(), {"audience": "clinician"}).content.decode()
    assert '<meta name="description" content="Heat helps most people.">' in html


@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_the_preview_shows_the_same_rendering(client, editor, imported, audience):
    freeze_revision(imported, editor)
    public = client.get(imported.get_absolute_url(), {"audience": audience}).content.decode()
    client.force_login(editor)
    preview = client.get(reverse("editor:preview", args=[imported.slug]), {"audience": audience})
    assert _body(preview.content.decode()) == _body(public)


def test_the_review_page_shows_the_rendering_and_the_diff_reads_rendered(
    client, editor, reviewer, imported
):
    revision = freeze_revision(imported, editor, state="submitted")
    client.force_login(reviewer)
    html = client.get(reverse("reviews:revision", args=[revision.pk])).content.decode()
    assert "Heat <em>helps</em> most people." in html
    assert "Heat for H<sub>2</sub>O lovers" in html
    diff = revision_diff(old=None, new=revision.content)
    lead_claim = diff.sections[0].claims[0]
    assert lead_claim.html == "<ins>Heat *helps* most people.</ins>"  # the source, textual
    assert lead_claim.reads == "Heat <em>helps</em> most people."


def test_a_changed_locator_shows_in_the_diff(editor, imported):
    old = working_copy_snapshot(imported)
    citation = Citation.objects.get(locator="3")
    citation.locator = "4"
    citation.save()
    diff = revision_diff(old=old, new=working_copy_snapshot(imported))
    assert diff.changed == 1
    assert diff.sections[0].claims[0].citation_details_changed


def test_the_export_writes_the_markup_narrative_citation_and_locators_back(imported):
    text = document_from_article(article=imported)
    body = text.split("---\n")[-1]
    assert "Heat *helps* most people. [see @smith-2020, p. 3]" in body
    assert "- patient: Warmth **helps**." in body
    assert "## Heat for H~2~O lovers\n" in body
    assert (
        "- @jones-2019 found that [heat wraps](https://example.org/wraps) ease pain. "
        "[@smith-2020, pp. 4-6, table 2]" in body
    )


def test_the_export_imports_back_to_the_same_document(imported):
    first = document_parse(text=DOCUMENT)
    again = document_parse(text=document_from_article(article=imported))
    assert again.sections == first.sections
