"""A decision's outcome on the review page is shown where the reviewer acted (the decision
section, the claim commented on, the reviewers table, the withdrawal form), focused when
the page opens, never only in the banner at the top; and in the reviewer's language."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from articles.models import Article
from reviews.workflow import revision_approve, revision_submit
from tests.conftest import PASSWORD, make_article

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock_and_fresh_rate_limits():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


def _review_url(revision) -> str:
    return reverse("reviews:revision", kwargs={"pk": revision.pk})


def _post(client, name: str, revision, data: dict, **extra):
    return client.post(reverse(f"reviews:{name}", kwargs={"pk": revision.pk}), data, **extra)


def slot(page: str, place: str) -> str:
    """The markup of the page's slot for `place` (articles/placed_messages.py)."""
    found = re.search(rf'<div class="placed" data-placed="{re.escape(place)}"[^>]*>.*?</div>', page)
    assert found, f"no slot for {place!r} on the page"
    return found.group(0)


def assert_no_banner(page: str) -> None:
    assert 'class="messages"' not in page


def test_a_signed_approval_is_confirmed_in_the_decision_section_with_the_focus(
    client, in_review, reviewer, password
):
    client.force_login(reviewer)
    response = _post(
        client,
        "approve",
        in_review,
        {"password": password, "meaning": "Approved", "confirm_unchecked": "on"},
        follow=True,
    )

    page = response.content.decode()
    shown = slot(page, "decision")
    assert "The quorum is met: this revision is now live." in shown
    assert 'role="status"' in shown and "autofocus" in shown
    assert page.index('id="decide-heading"') < page.index(shown)
    assert_no_banner(page)


def test_a_refused_approval_is_explained_at_the_decision_and_signs_nothing(
    client, in_review, reviewer
):
    client.force_login(reviewer)

    response = _post(client, "approve", in_review, {"password": "wrong", "meaning": "OK"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "The password is not correct" in slot(page, "decision")
    assert_no_banner(page)
    assert not in_review.signatures.exists()


def test_a_comment_is_confirmed_at_the_claim_it_is_about(client, submitted, reviewer):
    claim = submitted.content["sections"][1]["claims"][0]["uuid"]
    other = submitted.content["sections"][1]["claims"][1]["uuid"]
    client.force_login(reviewer)

    response = _post(
        client, "comment", submitted, {"claim_uuid": claim, "text": "Dose?"}, follow=True
    )

    page = response.content.decode()
    assert "Comment added." in slot(page, f"comment-{claim}")
    assert "Comment added." not in slot(page, f"comment-{other}")
    assert "Comment added." not in slot(page, "decision")
    assert_no_banner(page)


def test_an_assignment_is_confirmed_in_the_reviewers_table_in_the_chiefs_language(
    client, submitted, chief, reviewer2
):
    client.force_login(chief)

    response = _post(
        client,
        "assign",
        submitted,
        {"reviewer": reviewer2.pk, "due_on": "2026-03-10"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="es",
    )

    shown = slot(response.content.decode(), "reviewers")
    assert "que revise esta revisión antes del 10 de marzo de 2026." in shown
    assert "was asked" not in shown


@pytest.fixture
def published(editor, reviewer):
    article = make_article(editor, slug="published")
    revision = revision_submit(article=article, actor=editor, comment="First")
    revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
    return Article.objects.get(pk=article.pk)


def _withdraw(client, article: Article, data: dict, **extra):
    url = reverse("reviews:withdraw_article", kwargs={"slug": article.slug})
    return client.post(url, data, follow=True, **extra)


def test_a_scheduled_withdrawal_is_confirmed_beside_the_withdrawal_form(client, published, chief):
    client.force_login(chief)

    response = _withdraw(
        client, published, {"withdraw_at": "2026-03-04T12:00", "reason": "Outdated dosing."}
    )

    page = response.content.decode()
    shown = slot(page, "withdrawal")
    assert "will be withdrawn from public view at 2026-03-04 12:00 UTC" in shown
    assert page.index(shown) < page.index("Withdrawal scheduled")
    assert_no_banner(page)


def test_a_spanish_board_member_reads_the_withdrawal_in_spanish(client, published, chief):
    client.force_login(chief)

    response = _withdraw(
        client,
        published,
        {"withdraw_at": "2026-03-04T12:00", "reason": "Outdated dosing."},
        HTTP_ACCEPT_LANGUAGE="es",
    )

    page = response.content.decode()
    assert "El artículo se retirará de la vista pública el 2026-03-04 12:00 UTC." in slot(
        page, "withdrawal"
    )
    for spanish in ("Retirada programada", "Cancelar la retirada", "Cambiar la retirada"):
        assert spanish in page
    for english in ("Withdrawal scheduled", "Leaves public view", "Change the withdrawal"):
        assert english not in page


def test_a_spanish_approver_reads_when_the_revision_goes_live_in_spanish(
    client, submitted, reviewer
):
    client.force_login(reviewer)

    page = client.get(_review_url(submitted), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Cuándo se publica" in page
    assert "(zona horaria: UTC)" in page
    assert "When it goes live" not in page
