"""People and content for the fault tests' own database, printed as JSON for the tests:
an editor, three board members (with API tokens), and articles whose revisions are under
review, ready for an approval each. Run as `python -m tests.faults.seed` with the app
server's environment."""

import json


def main() -> None:
    import django

    django.setup()
    from api.tokens import api_token_create
    from reviews.workflow import revision_start_review, revision_submit
    from tests.conftest import PASSWORD, make_article, make_board_member, make_user

    editor = make_user("editor", groups=["Editors"], email="editor@example.com")
    reviewers = []
    for number in (1, 2, 3):
        user = make_user(f"reviewer{number}", email=f"reviewer{number}@example.com")
        make_board_member(user, name=f"Reviewer {number}", credentials="MD")
        reviewers.append(user)
    articles = {}
    for slug in ("restart", "mail", "redis", "two-servers", "spare"):
        article = make_article(editor, slug=slug)
        revision = revision_submit(article=article, actor=editor, comment="First version")
        revision_start_review(revision=revision, actor=reviewers[0])
        articles[slug] = {"slug": slug, "revision": revision.pk, "number": revision.number}
    tokens = {
        user.username: api_token_create(user=user, name="faults", actor=user)[1]
        for user in [editor, *reviewers]
    }
    print(json.dumps({"password": PASSWORD, "articles": articles, "tokens": tokens}))


if __name__ == "__main__":
    main()
