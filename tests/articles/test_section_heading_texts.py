"""Section headings have audience texts like claims: stored with history, frozen into the
revision (and so its hash), rendered per audience, and carried by the document format."""

import pytest

from articles.documents import article_import, document_from_article, document_parse
from articles.errors import ArticleError, ArticleImportError
from articles.models import Section, SectionKind
from articles.rendering import article_render
from articles.services.editing import section_heading_texts_set
from articles.snapshot import content_hash, working_copy_snapshot
from tests.conftest import make_article

PATIENT = "Things you can do yourself"


@pytest.fixture
def article(editor):
    return make_article(editor, sections=1, claims_per_section=1)


def _body(article) -> Section:
    return article.sections.get(kind=SectionKind.BODY)


def test_a_heading_gets_a_patient_text_with_history(article, editor):
    section = section_heading_texts_set(
        section=_body(article), actor=editor, texts={"patient": f"  {PATIENT} "}
    )
    assert section.heading_texts == {"patient": PATIENT}
    latest = section.history.latest()
    assert latest.heading_texts == {"patient": PATIENT}
    assert latest.history_user == editor
    assert latest.history_change_reason == "Section heading audience texts edited"


def test_an_empty_text_removes_that_audience_and_keeps_the_others(article, editor, settings):
    settings.ARTICLE_AUDIENCES = [*settings.ARTICLE_AUDIENCES[:3]]
    section = section_heading_texts_set(
        section=_body(article), actor=editor, texts={"patient": PATIENT, "student": "Care"}
    )
    section = section_heading_texts_set(section=section, actor=editor, texts={"patient": ""})
    assert section.heading_texts == {"student": "Care"}


def test_an_unknown_audience_is_refused_naming_the_audiences(article, editor):
    with pytest.raises(ArticleError) as caught:
        section_heading_texts_set(section=_body(article), actor=editor, texts={"teen": "Hi"})
    assert caught.value.code == "invalid"
    assert "'teen'" in str(caught.value) and "patient" in str(caught.value)
    assert _body(article).heading_texts == {}


def test_the_lead_has_no_heading_to_reword(article, editor):
    lead = article.sections.get(kind=SectionKind.LEAD)
    with pytest.raises(ArticleError):
        section_heading_texts_set(section=lead, actor=editor, texts={"patient": PATIENT})


def test_the_snapshot_freezes_heading_texts_so_the_hash_signs_them(article, editor):
    before = working_copy_snapshot(article)
    assert "heading_texts" not in before["sections"][1]  # old content hashes as it did
    section_heading_texts_set(section=_body(article), actor=editor, texts={"patient": PATIENT})
    after = working_copy_snapshot(article)
    assert after["sections"][1]["heading_texts"] == {"patient": PATIENT}
    assert content_hash(after) != content_hash(before)


def test_the_patient_version_shows_the_patient_heading_and_others_fall_back(article, editor):
    section_heading_texts_set(section=_body(article), actor=editor, texts={"patient": PATIENT})
    content = working_copy_snapshot(article)
    assert article_render(content=content, audience="patient").sections[0].heading == PATIENT
    assert article_render(content=content, audience="clinician").sections[0].heading == "Section 1"
    assert article_render(content=content, audience="student").sections[0].heading == "Section 1"


def test_the_document_round_trip_keeps_heading_texts(article, editor):
    section_heading_texts_set(section=_body(article), actor=editor, texts={"patient": PATIENT})
    text = document_from_article(article=article)
    assert f"## Section 1\n\npatient: {PATIENT}\n\n- Claim 1.1" in text
    copy = article_import(text=text.replace("slug: back-pain", "slug: copy"), owner=editor)
    assert copy.sections.get(kind=SectionKind.BODY).heading_texts == {"patient": PATIENT}


DOCUMENT = """---
question: Does heat help back pain?
slug: heat
references: []
---

Heat helps. {{.uncited}}

## Essential Non-Pharmacologic Measures

{lines}

- Stay active. {{.uncited}}
"""


def test_a_heading_text_is_read_from_the_paragraph_under_the_heading():
    parsed = document_parse(text=DOCUMENT.format(lines=f"patient: {PATIENT}"))
    assert parsed.sections[1].heading_texts == {"patient": PATIENT}


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("teen: Hi", "unknown audience 'teen'"),
        ("patient: One\n\npatient: Two", "the section already has a patient heading"),
        ("patient: Care [@x]", "citations"),
        ("clinician: Care", "default audience"),
    ],
)
def test_a_wrong_heading_text_is_an_error_naming_its_line(lines, message):
    with pytest.raises(ArticleImportError) as caught:
        document_parse(text=DOCUMENT.format(lines=lines))
    assert any(message in error.message for error in caught.value.errors), caught.value.errors
    assert all(error.line >= 9 for error in caught.value.errors)
