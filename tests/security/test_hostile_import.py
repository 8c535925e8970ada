"""Hostile files given to the importers: article documents (articles.documents) and
reference files (references.services.references_import). Every outcome is either a clean
import or the importer's own error, never another exception; a refusal writes nothing;
and no input takes long (no parsing blow-ups)."""

import json
import time

import pytest
from django.db import transaction
from hypothesis import event, given
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from articles.documents import article_import, document_decode
from articles.errors import ArticleImportError
from references.errors import ReferenceFormatError
from references.importing import references_import
from tests.security.hostile import MEGABYTE, WITH_DATABASE, hostile_text, row_counts, typed_text

# The most any one import may take, however hostile: generous, so a busy CI machine does
# not fail it, yet far below the minutes a parsing blow-up takes.
SECONDS = 15

DOCUMENT = """---
question: {question}
slug: hostile-document
title: {title}
specialty: {specialty}
references:
  - id: ref-one
    type: article-journal
    title: {ref_title}
    container-title: {journal}
    author:
      - family: {author}
        given: Ann
    DOI: {doi}
    URL: {url}
    issued: {{date-parts: [[2021]]}}
---

{lead} [@ref-one]

patient: {patient}

## {heading}

- {claim} [@ref-one]
  - patient: {patient}
"""
# Metadata values are written as YAML double-quoted scalars (JSON strings are), so most
# documents get past the YAML and the hostile text reaches the importer; body text is
# written raw, as an editor would type it.
METADATA_FIELDS = ("question", "title", "specialty", "ref_title", "journal", "author", "doi", "url")
DOCUMENT_FIELDS = (
    "question",
    "title",
    "specialty",
    "ref_title",
    "journal",
    "author",
    "doi",
    "url",
    "lead",
    "patient",
    "heading",
    "claim",
)


def _import_or_refuse(data: bytes, owner) -> None:
    """Import `data`; a refusal must be ArticleImportError and leave every table as it was."""
    before = row_counts()
    started = time.monotonic()
    try:
        article_import(text=document_decode(data=data), owner=owner)
    except ArticleImportError as refusal:
        assert refusal.errors or refusal.message
        assert row_counts() == before, "a refused import wrote rows"
        outcome = "refused"
    else:
        outcome = "imported"
    if currently_in_test_context():
        event(outcome)  # --hypothesis-show-statistics shows how often each happened
    assert time.monotonic() - started < SECONDS


@pytest.fixture
def editor_in_test(editor):
    return editor


# Each field: mostly typed markup and scripts (which a valid document may carry), one time
# in twenty raw hostile text (control characters, line breaks that change the document's
# shape), so that about a third of the documents get all the way to the database.
document_field = st.one_of(*[typed_text] * 19, hostile_text)
identifiers = {
    "doi": st.one_of(*[st.just("10.1000/xyz.123")] * 4, st.just(""), document_field),
    "url": st.one_of(*[st.just("https://example.org/a?b=<c>")] * 4, st.just(""), document_field),
}


@WITH_DATABASE
@given(
    texts=st.fixed_dictionaries(
        {name: identifiers.get(name, document_field) for name in DOCUMENT_FIELDS}
    )
)
def test_a_hostile_article_document_is_imported_or_refused_cleanly(editor, texts):
    quoted = {k: json.dumps(v) if k in METADATA_FIELDS else v for k, v in texts.items()}
    document = DOCUMENT.format(**quoted)
    with transaction.atomic():
        _import_or_refuse(document.encode("utf-8", "surrogatepass"), editor)
        transaction.set_rollback(True)


def _deep_yaml(depth: int) -> str:
    return "[" * depth + "]" * depth


BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "question: *h\n"
)
DOCUMENTS = {
    "deeply nested YAML in the metadata": f"---\nquestion: Q?\nspecialty: {_deep_yaml(50_000)}\n"
    "---\n\nText.\n",
    "deeply nested YAML as a reference": f"---\nquestion: Q?\nreferences: {_deep_yaml(50_000)}\n"
    "---\n",
    "a YAML alias bomb": f"---\n{BILLION_LAUGHS}---\n\nText.\n",
    "a YAML tag that builds objects": "---\nquestion: !!python/object/apply:os.system ['true']\n"
    "---\n",
    "YAML with a merge key loop": "---\nx: &x {<<: *x}\nquestion: Q?\n---\n",
    "a megabyte claim": f"---\nquestion: Q?\n---\n\n{MEGABYTE[:900_000]}\n",
    "a megabyte of list items": "---\nquestion: Q?\n---\n\n## S\n\n" + "- a\n" * 240_000,
    "five thousand claims": "---\nquestion: Q?\n---\n\n## S\n\n" + "- a\n" * 5_000,
    "a megabyte of long claims": "---\nquestion: Q?\n---\n\n## S\n\n"
    + ("- " + "word " * 40 + "\n") * 4_800,
    "deeply nested Markdown lists": "---\nquestion: Q?\n---\n\n## S\n\n"
    + "".join("  " * i + "- x\n" for i in range(2_000)),
    "deeply nested block quotes": "---\nquestion: Q?\n---\n\n" + ">" * 100_000 + " x\n",
    "a NUL byte": "---\nquestion: Q?\x00\n---\n\nText.\n",
    "only a metadata fence": "---\n",
    "an unclosed metadata block": "---\nquestion: Q?\n" + "x: y\n" * 10_000,
    "a script as the question": "---\nquestion: <script>alert(1)</script>\n---\n\nText.\n",
    "bidi and control characters": "---\nquestion: \u202eQ?\x1b[31m\n---\n\n\u2066Text\u2069.\n",
    "a NUL spelled as a YAML escape": '---\nquestion: "Q?\\0"\n---\n\nText.\n',
    "half a character spelled as a YAML escape": '---\nquestion: "Q?\\ud800"\n---\n\nText.\n',
    "an escape character spelled in YAML": '---\nquestion: "Q?\\e[31m"\n---\n\nText.\n',
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_malicious_article_document_is_refused_or_imported_without_harm(editor, name):
    _import_or_refuse(DOCUMENTS[name].encode(), editor)


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe\x00q\x00", b"---\nquestion: \xc3\x28\n---\n", b"\xef\xbb\xbf" + b"\x00" * 100],
    ids=["utf-16", "invalid-utf-8", "bom-then-nul"],
)
def test_a_document_that_is_not_utf8_text_is_refused(editor, data):
    before = row_counts()
    with pytest.raises(ArticleImportError):
        article_import(text=document_decode(data=data), owner=editor)
    assert row_counts() == before


# --- Reference files --------------------------------------------------------------------

RIS = (
    "TY  - JOUR\nTI  - {title}\nAU  - {author}\nJO  - {journal}\nPY  - 2021\n"
    "DO  - {doi}\nUR  - {url}\nER  - \n"
)
BIBTEX = (
    "@article{{key,\n  title = {{{title}}},\n  author = {{{author}}},\n"
    "  journal = {{{journal}}},\n  year = {{2021}},\n  doi = {{{doi}}},\n  url = {{{url}}}\n}}\n"
)
NBIB = (
    "PMID- 12345678\nTI  - {title}\nFAU - {author}\nJT  - {journal}\nDP  - 2021\n"
    "LID - {doi} [doi]\n\n"
)
TEMPLATES = {"ris": RIS, "bibtex": BIBTEX, "nbib": NBIB}
REFERENCE_FIELDS = ("title", "author", "journal", "doi", "url")


def _references_import_or_refuse(data, fmt: str, actor) -> None:
    before = row_counts()
    started = time.monotonic()
    try:
        references_import(data=data, fmt=fmt, actor=actor)
    except ReferenceFormatError as refusal:
        assert refusal.message
        assert row_counts() == before, "a refused reference import wrote rows"
        outcome = "refused"
    else:
        outcome = "imported"
    if currently_in_test_context():
        event(f"{fmt} {outcome}")
    assert time.monotonic() - started < SECONDS


@WITH_DATABASE
@given(
    fmt=st.sampled_from(sorted(TEMPLATES)),
    texts=st.fixed_dictionaries(
        {name: identifiers.get(name, document_field) for name in REFERENCE_FIELDS}
    ),
)
def test_a_hostile_reference_file_is_imported_or_refused_cleanly(editor, fmt, texts):
    data = TEMPLATES[fmt].format(**texts).encode("utf-8", "surrogatepass")
    with transaction.atomic():
        _references_import_or_refuse(data, fmt, editor)
        transaction.set_rollback(True)


@WITH_DATABASE
@given(
    texts=st.fixed_dictionaries(
        {name: identifiers.get(name, document_field) for name in REFERENCE_FIELDS}
    ),
    unknown_key=st.booleans(),
)
def test_a_hostile_csl_json_file_is_imported_or_refused_cleanly(editor, texts, unknown_key):
    item = {
        "type": "article-journal",
        "title": texts["title"],
        "author": [{"family": texts["author"], "given": texts["author"]}],
        "container-title": texts["journal"],
        "DOI": texts["doi"],
        "URL": texts["url"],
    }
    if unknown_key:
        item[texts["title"][:20]] = texts["journal"]
    with transaction.atomic():
        _references_import_or_refuse(json.dumps([item]), "csl-json", editor)
        transaction.set_rollback(True)


REFERENCE_FILES = {
    ("csl-json", "deeply nested JSON"): "[" * 200_000 + "]" * 200_000,
    ("csl-json", "a deeply nested item"): '[{"title": ' + "[" * 200_000 + "]" * 200_000 + "}]",
    ("csl-json", "a megabyte title"): json.dumps([{"type": "book", "title": MEGABYTE}]),
    ("csl-json", "a NUL in a title"): json.dumps([{"type": "book", "title": "A\x00B"}]),
    ("csl-json", "a lone surrogate"): '[{"type": "book", "title": "\\ud800"}]',
    ("csl-json", "numbers where text goes"): '[{"type": 1, "title": 1e999, "author": 5}]',
    ("ris", "a megabyte title"): f"TY  - JOUR\nTI  - {MEGABYTE}\nER  - \n",
    ("ris", "ten thousand empty records"): "TY  - JOUR\nER  - \n" * 10_000,
    ("ris", "a NUL in a title"): "TY  - JOUR\nTI  - A\x00B\nER  - \n",
    ("bibtex", "deeply nested braces"): "@article{k, title = " + "{" * 50_000 + "}" * 50_000 + "}",
    ("bibtex", "an unclosed entry"): "@article{k, title = {" + "x" * 100_000,
    ("bibtex", "a string macro loop"): "@string{a = b}\n@string{b = a}\n@article{k, title = a}",
    ("nbib", "a NUL in a title"): "PMID- 1\nTI  - A\x00B\n\n",
    ("nbib", "a megabyte continuation"): "PMID- 1\nTI  - x\n" + "      y\n" * 120_000,
}


@pytest.mark.parametrize(("fmt", "name"), list(REFERENCE_FILES))
def test_a_malicious_reference_file_is_refused_or_imported_without_harm(editor, fmt, name):
    _references_import_or_refuse(REFERENCE_FILES[(fmt, name)], fmt, editor)


HOSTILE_MARKDOWN = """---
question: Does heat help?
slug: hostile-markdown
references:
  - id: ref-one
    type: report
    title: A source
---

Heat [helps](javascript:alert(1)) <script>alert(1)</script> and <javascript:alert(2)>.
[see @ref-one, p. 3<img src=x onerror=alert(3)>]

## Care <svg onload=alert(4)> [x](data:text/html,x) {#id onclick=alert(5)}

- @ref-one says *<b onclick=alert(6)>hot</b>*
  [it](https://example.org "t" onmouseover=alert(7)) helps^<i>1</i>^.
    - patient: [Warm](JAVASCRIPT:alert(8)) ~<iframe src=x>~ helps.
"""


def test_hostile_markdown_in_a_document_shows_nothing_executable_on_the_page(client, editor):
    from tests.conftest import freeze_revision
    from tests.security.hostile import page_parse

    article = article_import(text=HOSTILE_MARKDOWN, owner=editor)
    freeze_revision(article, editor)
    for audience in ("clinician", "patient"):
        html = client.get(article.get_absolute_url(), {"audience": audience}).content.decode()
        # <main> only (the lead now comes before the article's body): the site's own
        # scripts are outside it.
        body = html[html.index("<main") : html.index("</main>")]
        page = page_parse(body)
        for tag, attributes in page.tags:
            assert tag not in {"script", "img", "svg", "iframe", "b", "i"}, tag
            assert not any(name.startswith("on") for name in attributes), (tag, attributes)
            href = (attributes.get("href") or "").lower()
            assert not href.startswith(("javascript", "data", "vbscript")), href
        # The markup that is allowed still works, and the rest shows as text.
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "{#id" not in body
