"""People and content for the deployment tests' database, printed as JSON: an editor,
three board members with API tokens, an article whose first revision is live and whose
second (with a reworded lead) is under review, and an article under review. Run as
`python -m tests.deploy.seed` with the app servers' environment."""

import json

OLD_LEAD = "Keep moving and use heat."
NEW_LEAD = "Keep moving, use heat, and see a doctor after six weeks."


def main() -> None:
    import django

    django.setup()
    from api.tokens import api_token_create
    from articles.models import Claim, SectionKind
    from reviews.workflow import revision_approve, revision_start_review, revision_submit
    from tests.conftest import PASSWORD, make_article, make_board_member, make_user

    editor = make_user("editor", groups=["Editors"], email="editor@example.com")
    reviewers = []
    for number in (1, 2, 3):
        user = make_user(f"reviewer{number}", email=f"reviewer{number}@example.com")
        make_board_member(user, name=f"Reviewer {number}", credentials="MD")
        reviewers.append(user)

    published = make_article(editor, slug="published", question="What helps back pain?")
    first = revision_submit(article=published, actor=editor, comment="First version")
    revision_start_review(revision=first, actor=reviewers[0])
    revision_approve(revision=first, actor=reviewers[0], password=PASSWORD)
    lead = Claim.objects.get(section__article=published, section__kind=SectionKind.LEAD)
    assert lead.text == OLD_LEAD
    lead.text = NEW_LEAD
    lead.save()
    second = revision_submit(article=published, actor=editor, comment="Reworded lead")
    revision_start_review(revision=second, actor=reviewers[0])

    pending = make_article(editor, slug="pending", question="What helps a sprained ankle?")
    revision = revision_submit(article=pending, actor=editor, comment="First version")
    revision_start_review(revision=revision, actor=reviewers[0])

    tokens = {
        user.username: api_token_create(user=user, name="deploy", actor=user)[1]
        for user in [editor, *reviewers]
    }
    print(
        json.dumps(
            {
                "password": PASSWORD,
                "published": {"slug": "published", "revision": second.number},
                "pending": {"slug": "pending", "revision": revision.number},
                "tokens": tokens,
            }
        )
    )


if __name__ == "__main__":
    main()
