"""The workflow's comments and signature meanings refuse what no text may hold
(config.characters) themselves, whoever calls them; nothing changes."""

import pytest

from articles.models import Revision
from reviews.errors import WorkflowError
from reviews.workflow import revision_approve, revision_request_changes, revision_submit
from tests.conftest import PASSWORD
from tests.reviews.conftest import refused


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x85", "\u202e", "\ud800"])
def test_a_changes_request_comment_with_a_control_character_is_refused(in_review, reviewer, char):
    with refused(in_review, code="control_character", status=400) as caught:
        revision_request_changes(revision=in_review, actor=reviewer, comment=f"Cite{char} it")
    assert f"(U+{ord(char):04X}) at position 5; remove it." in caught.value.message
    assert caught.value.message.startswith("The comment contains ")


def test_a_signature_meaning_with_a_bidi_override_is_refused(in_review, reviewer):
    with refused(in_review, code="control_character", status=400) as caught:
        revision_approve(
            revision=in_review, actor=reviewer, password=PASSWORD, meaning="Approved\u202e"
        )
    assert caught.value.message == (
        "The meaning contains a bidirectional-text control (U+202E) at position 9; remove it."
    )


def test_a_submission_comment_with_an_escape_is_refused(article, editor):
    with pytest.raises(WorkflowError) as caught:
        revision_submit(article=article, actor=editor, comment="Ready\x1b[31m")
    assert caught.value.code == "control_character"
    assert Revision.objects.count() == 0
