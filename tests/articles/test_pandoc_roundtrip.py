"""Round trip with Pandoc (Debian's /usr/bin/pandoc): an exported article renders with
`pandoc --citeproc` and the AMA CSL style without a warning, with the same citation
numbers and reference list as our page, and Markdown that Pandoc writes imports.

The AMA style is tests/articles/data/american-medical-association.csl, from the Citation
Style Language styles repository (CC BY-SA 3.0; see tests/articles/data/README.md).
Pandoc is installed by .ci/run; without it these tests fail under CI=true and are skipped
elsewhere."""

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from articles.documents import article_import, document_from_content, document_parse
from articles.markup import markup_html
from articles.models import Citation
from articles.rendering import article_render
from tests.conftest import freeze_revision

DATA = Path(__file__).resolve().parent / "data"
AMA_CSL = DATA / "american-medical-association.csl"
DEMO = Path(__file__).resolve().parents[2] / "articles" / "demo"

MARKUP_DOCUMENT = """\
---
question: Does heat help back pain?
slug: heat-back-pain
references:
  - id: smith-2020
    type: article-journal
    title: Heat for back pain
    author: [{family: Smith, given: Jane}]
    container-title: JAMA
    volume: "12"
    page: 3-9
    DOI: 10.1000/heat.2020
    issued: {date-parts: [[2020]]}
  - id: jones-2019
    type: book
    title: Back care
    author: [{family: Jones, given: Bob}]
    publisher: Spine Press
    issued: {date-parts: [[2019]]}
  - id: lee-2021
    type: report
    genre: Guideline
    title: Guideline on heat
    publisher: Praxis Medical Insights
    issued: {date-parts: [[2021]]}
  - id: kim-2022
    type: article-journal
    title: Cold or heat
    container-title: BMJ
    issued: {date-parts: [[2022]]}
---

Heat *helps* most people with **acute** back pain. [see @smith-2020, p. 3]

- patient: Warmth **helps** most people.

## Heat for H~2~O lovers {#heat .unnumbered}

- @jones-2019 found that [heat wraps](https://example.org/wraps) ease pain at 10^2^ minutes.
  [@smith-2020, pp. 4-6, table 2]
    - patient: Heat wraps ease pain.
- Several sources agree. [@kim-2022; @lee-2021; @smith-2020; @jones-2019]
- A guideline says so. [@lee-2021, chap. 2] {evidence=moderate}
"""


def _pandoc() -> str:
    found = shutil.which("pandoc")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pandoc is required in CI: .ci/run installs it (apt-get install pandoc)")
        pytest.skip("pandoc is not installed (apt-get install pandoc)")
    return found


def pandoc(*args: str, text: str) -> tuple[str, str]:
    """Pandoc's output and what it wrote to stderr (its warnings)."""
    done = subprocess.run(
        [_pandoc(), *args],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


# The sources a citation shows on hover (articles/citation_markup.py) are not part
# of what the superscript reads.
TOOLTIP = re.compile(r'<span class="cite-sources".*?</span></span>', re.S)


def _our_superscripts(rendered) -> list[str]:
    from django.template.loader import render_to_string

    body = TOOLTIP.sub("", render_to_string("articles/_article_body.html", {"rendered": rendered}))
    return [_text(sup) for sup in re.findall(r'<sup class="cites">(.*?)</sup>', body, re.S)]


def _pandoc_citations(output: str) -> list[str]:
    return [
        _text(sup)
        for sup in re.findall(
            r'<span\s+class="citation"[^>]*>\s*<sup>(.*?)</sup>\s*</span>', output, re.S
        )
    ]


def _reads(text: str) -> str:
    """A document as readers see it: the rendered markup of each heading and text, and
    each claim's citations with their details. Pandoc writes Markdown its own way (an
    em dash as '---', curly quotes straight, its own escapes); what matters is that the
    page shows the same."""
    parsed = document_parse(text=text)
    return [
        (
            section.kind,
            markup_html(section.heading),
            [
                (
                    markup_html(claim.text),
                    claim.citations,
                    claim.citation_details,
                    {key: markup_html(value) for key, value in claim.texts.items()},
                    claim.evidence,
                    claim.no_citation_needed,
                )
                for claim in section.claims
            ],
        )
        for section in parsed.sections
    ]


def _pandoc_references(output: str) -> list[tuple[int, str]]:
    entries = re.findall(
        r'<div\s+class="csl-left-margin">(\d+)\.\s*</div><div\s+class="csl-right-inline">(.*?)</div>',
        output,
        re.S,
    )
    return [(int(number), _text(entry)) for number, entry in entries]


@pytest.fixture(params=["markup", "upper-back-pain", "sore-throat"])
def revision(request, editor):
    if request.param == "markup":
        text = MARKUP_DOCUMENT
    else:
        text = (DEMO / f"{request.param}.md").read_text(encoding="utf-8")
    article = article_import(text=text, owner=editor)
    return freeze_revision(article, editor)


def test_the_export_renders_with_pandoc_and_the_ama_style_without_a_warning(revision):
    exported = document_from_content(content=revision.content)
    _, warnings = pandoc(
        "--citeproc", f"--csl={AMA_CSL}", "-f", "markdown", "-t", "html", text=exported
    )
    assert warnings == ""


def test_pandoc_numbers_every_citation_as_our_page_does(revision):
    exported = document_from_content(content=revision.content)
    output, _ = pandoc(
        "--citeproc", f"--csl={AMA_CSL}", "-f", "markdown", "-t", "html", text=exported
    )
    rendered = article_render(content=revision.content, audience="clinician")
    ours = _our_superscripts(rendered)
    assert ours  # the comparison is of something
    assert _pandoc_citations(output) == ours


def test_pandoc_lists_the_same_references_in_the_same_order_as_our_page(revision):
    exported = document_from_content(content=revision.content)
    output, _ = pandoc(
        "--citeproc", f"--csl={AMA_CSL}", "-f", "markdown", "-t", "html", text=exported
    )
    rendered = article_render(content=revision.content, audience="clinician")
    theirs = _pandoc_references(output)
    assert [number for number, _ in theirs] == [ref.number for ref in rendered.references]
    for (_, entry), ref in zip(theirs, rendered.references, strict=True):
        assert ref.title.lower() in entry.lower()


def test_the_audience_texts_are_a_list_pandoc_shows_as_one(revision):
    exported = document_from_content(content=revision.content)
    output, _ = pandoc("-f", "markdown", "-t", "html", text=exported)
    patient_items = re.findall(r"<li>patient: (.*?)</li>", output, re.S)
    expected = [
        text
        for section in revision.content["sections"]
        for claim in section["claims"]
        for key, text in claim["texts"].items()
        if key == "patient"
    ]
    assert len(patient_items) == len(expected) > 0


def test_markdown_that_pandoc_writes_from_our_export_imports_to_the_same_article(revision):
    exported = document_from_content(content=revision.content)
    rewritten, warnings = pandoc("-f", "markdown", "-t", "markdown", "-s", text=exported)
    assert warnings == ""
    assert rewritten != exported  # Pandoc wraps lines, pads list markers, sorts keys
    assert _reads(rewritten) == _reads(exported)


def test_markdown_that_pandoc_writes_from_a_bibliography_and_a_body_imports(editor, tmp_path):
    """`pandoc -t markdown -s` of a body whose metadata holds references in CSL YAML (as
    Pandoc's `-f bibtex -t csljson` writes them) and Pandoc's own keys."""
    body = MARKUP_DOCUMENT.replace(
        "slug: heat-back-pain\n",
        "slug: heat-from-pandoc\nlang: en-US\nlink-citations: true\nnocite: '[@kim-2022]'\n",
    )
    rewritten, _ = pandoc("-f", "markdown", "-t", "markdown", "-s", text=body)
    warnings: list = []
    article = article_import(text=rewritten, owner=editor, warnings=warnings)
    assert [str(warning) for warning in warnings] == [
        next(
            f"line {number}: nocite is ignored: the page lists only the references its claims cite"
            for number, line in enumerate(rewritten.split("\n"), start=1)
            if line.startswith("nocite:")
        )
    ]
    assert _reads(rewritten) == _reads(body)
    assert article.sections.count() == 2


def test_markdown_pandoc_writes_from_a_bib_file_imports(editor, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{watson1953,\n  author = {Watson, J. D. and Crick, F. H. C.},\n"
        "  title = {Molecular Structure of Nucleic Acids: A Structure for Deoxyribose "
        "Nucleic Acid},\n  journal = {Nature},\n  volume = {171},\n  pages = {737--738},\n"
        "  year = {1953},\n  doi = {10.1038/171737a0},\n}\n",
        encoding="utf-8",
    )
    references, _ = pandoc("-f", "bibtex", "-t", "markdown", "-s", str(bib), text="")
    front = references.strip().removesuffix("---").rstrip()
    text = (
        front + "\nquestion: What is the structure of DNA?\n---\n\n"
        "@watson1953 proposed a double helix.\n"
    )
    rewritten, _ = pandoc("-f", "markdown", "-t", "markdown", "-s", text=text)
    assert "issued: 1953" in rewritten  # as Pandoc writes a .bib's year
    warnings: list = []
    article = article_import(text=rewritten, owner=editor, warnings=warnings)
    assert [warning.message for warning in warnings] == [
        "nocite is ignored: the page lists only the references its claims cite"
    ]
    citation = Citation.objects.get(claim__section__article=article)
    assert citation.reference.doi == "10.1038/171737a0"
    assert citation.reference.issued_year == 1953
    claim = citation.claim
    assert claim.text == "@watson1953 proposed a double helix."
