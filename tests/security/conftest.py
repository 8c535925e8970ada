"""The cast for the security tests: one person per role and one article they all touch.

The article has been approved once (revision 1 is live) and has a second revision under
review, which the "board member who authored the change" wrote and submitted as one of
its co-editors, so the board's no-self-review rule has someone to refuse."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from api.tokens import api_token_create
from articles.models import Article, Citation, Claim, ReaderQuestion, Revision, Section
from articles.services import claim_text_set, reader_question_create
from reviews.workflow import revision_approve, revision_start_review, revision_submit
from tests.conftest import PASSWORD, make_article, make_board_member, make_user

# The roles of the permission matrix, in the order its columns are written.
ROLES = (
    "anonymous",
    "reader",
    "owner",
    "co_editor",
    "other_editor",
    "chief",
    "board",
    "board_author",
    "admin",
)


@dataclass
class Cast:
    people: dict[str, User | None]
    tokens: dict[str, str]
    article: Article
    live: Revision
    open: Revision
    section: Section
    claim: Claim
    citation: Citation
    question: ReaderQuestion

    def user(self, role: str) -> User | None:
        return self.people[role]


def build_cast() -> Cast:
    people: dict[str, User | None] = {
        "anonymous": None,
        "reader": make_user("reader"),
        "owner": make_user("owner", groups=["Editors"], first_name="Olive", last_name="Owner"),
        "co_editor": make_user("coeditor", groups=["Editors"]),
        "other_editor": make_user("othereditor", groups=["Editors"]),
        "chief": make_user("chief", groups=["Editors", "Editors-in-chief"]),
        "board": make_user("board", email="board@example.com"),
        "board_author": make_user("boardauthor", email="boardauthor@example.com"),
        "admin": User.objects.create_superuser("admin", "admin@example.com", PASSWORD),
    }
    make_board_member(people["board"], name="Bea Board", credentials="MD")
    make_board_member(people["board_author"], name="Abe Author", credentials="MD, PhD")

    owner = people["owner"]
    article = make_article(owner, slug="back-pain")
    article.co_editors.add(people["co_editor"], people["board_author"])

    live = revision_submit(article=article, actor=owner, comment="First version")
    revision_start_review(revision=live, actor=people["board"])
    revision_approve(revision=live, actor=people["board"], password=PASSWORD)

    claim = Claim.objects.filter(section__article=article, section__order=1).order_by("order")[0]
    claim_text_set(
        claim=claim,
        actor=people["board_author"],
        audience="patient",
        text="Gentle movement helps most people.",
    )
    pending = revision_submit(
        article=article, actor=people["board_author"], comment="Plain-language text"
    )
    revision_start_review(revision=pending, actor=people["board"])

    question = reader_question_create(
        article=article, audience="clinician", text="Does heat help at night?"
    )
    tokens = {
        role: api_token_create(user=user, name=f"{role} token", actor=user)[1]
        for role, user in people.items()
        if user is not None
    }
    article.refresh_from_db()
    return Cast(
        people=people,
        tokens=tokens,
        article=article,
        live=Revision.objects.get(pk=live.pk),
        open=Revision.objects.get(pk=pending.pk),
        section=claim.section,
        claim=claim,
        citation=claim.citations.first(),
        question=question,
    )


@pytest.fixture
def cast(db) -> Cast:
    cache.clear()
    built = build_cast()
    yield built
    cache.clear()
