"""The services that store article text refuse what no text may hold (config.characters)
themselves, naming the field, so a command or program that calls them directly, past the
web and API checks, is held to the same rule; nothing is written."""

import pytest

from articles.errors import ArticleError
from articles.models import Article, Claim, ClaimText, ReaderQuestion, Section
from articles.services import (
    article_create,
    article_update_metadata,
    claim_create,
    claim_text_set,
    claim_update,
    reader_question_create,
    section_create,
    section_rename,
)
from tests.conftest import make_article
from tests.security.hostile import row_counts


def _claim(article) -> Claim:
    return Claim.objects.filter(section__article=article, section__kind="body").order_by("pk")[0]


def _body(article) -> Section:
    return Section.objects.filter(article=article, kind="body").order_by("order")[0]


CALLS = {
    "question": lambda a, u, t: article_update_metadata(
        article=a, actor=u, question=t, title="", specialty="", origin="human"
    ),
    "title": lambda a, u, t: article_update_metadata(
        article=a, actor=u, question="Q?", title=t, specialty="", origin="human"
    ),
    "specialty": lambda a, u, t: article_update_metadata(
        article=a, actor=u, question="Q?", title="", specialty=t, origin="human"
    ),
    "new article": lambda a, u, t: article_create(actor=u, question=t),
    "section heading": lambda a, u, t: section_create(article=a, actor=u, heading=t),
    "section rename": lambda a, u, t: section_rename(section=_body(a), actor=u, heading=t),
    "new claim": lambda a, u, t: claim_create(section=_body(a), actor=u, text=t),
    "claim text": lambda a, u, t: claim_update(
        claim=_claim(a), actor=u, text=t, evidence="low", no_citation_needed=False
    ),
    "audience text": lambda a, u, t: claim_text_set(
        claim=_claim(a), actor=u, audience="patient", text=t
    ),
}
LABELS = {
    "question": "The question",
    "title": "The title",
    "specialty": "The specialty",
    "new article": "The question",
    "section heading": "Heading",
    "section rename": "Heading",
    "new claim": "Claim text",
    "claim text": "Claim text",
    "audience text": "The patient text",
}


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x85", "\u202e", "\ud800"])
def test_an_article_service_refuses_a_control_character_naming_the_field(editor, call, char):
    article = make_article(editor)
    before = row_counts()
    with pytest.raises(ArticleError) as refused:
        CALLS[call](article, editor, f"Take{char} 5 mg")
    assert refused.value.code == "control_character"
    assert refused.value.message.startswith(f"{LABELS[call]} contains ")
    assert f"(U+{ord(char):04X}) at position 5; remove it." in refused.value.message
    assert row_counts() == before


def test_the_reader_question_service_refuses_a_bidi_override(editor):
    from django.core.exceptions import ValidationError

    article = make_article(editor)
    with pytest.raises(ValidationError) as refused:
        reader_question_create(article=article, audience="clinician", text="Is 10\u202e mg ok?")
    assert refused.value.message_dict["text"] == [
        "The question contains a bidirectional-text control (U+202E) at position 6; remove it."
    ]
    assert ReaderQuestion.objects.count() == 0


def test_clean_text_is_still_saved(editor):
    article = make_article(editor)
    claim_text_set(claim=_claim(article), actor=editor, audience="patient", text="Rest\tthen walk.")
    assert ClaimText.objects.filter(text="Rest\tthen walk.").exists()
    assert Article.objects.count() == 1
