"""Retraction and supersession reach every article whose live revision cites the source,
and only those; where a reference is used."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Citation, Claim
from articles.reference_usage import article_review_reasons, articles_citing
from references.errors import ReferenceFormatError
from references.models import Reference
from references.services import reference_mark_retracted, reference_mark_superseded
from references.usage import reference_where_used
from tests.conftest import freeze_revision, make_article, make_reference


@pytest.fixture
def library(db):
    return {
        "retracted": make_reference(title="The source to retract", doi="10.1000/r"),
        "other": make_reference(title="An unrelated source"),
        "spare": make_reference(title="A spare source"),
    }


@pytest.fixture
def articles(editor, library):
    """Five articles, each citing (or not) the source to retract in a different way."""
    r, other, spare = library["retracted"], library["other"], library["spare"]
    live = make_article(editor, slug="live-cites", references=[r, other])
    freeze_revision(live, editor)

    draft_only = make_article(editor, slug="draft-only", references=[r, other])

    dropped = make_article(editor, slug="dropped-in-draft", references=[r, other])
    freeze_revision(dropped, editor)
    for citation in Citation.objects.filter(reference=r, claim__section__article=dropped):
        citation.delete()

    added = make_article(editor, slug="added-in-draft", references=[other, spare])
    freeze_revision(added, editor)
    claim = Claim.objects.filter(section__article=added).first()
    Citation.objects.create(claim=claim, reference=r, order=5)

    pending = make_article(editor, slug="pending-cites", references=[r, other])
    freeze_revision(pending, editor, state="submitted")

    unrelated = make_article(editor, slug="unrelated", references=[other, spare])
    freeze_revision(unrelated, editor)
    return {
        "live": live,
        "draft_only": draft_only,
        "dropped": dropped,
        "added": added,
        "pending": pending,
        "unrelated": unrelated,
    }


def test_articles_citing_finds_exactly_the_live_revisions_that_cite_it(library, articles):
    found = articles_citing(reference=library["retracted"])
    assert {a.slug for a in found} == {"live-cites", "dropped-in-draft"}


def test_retraction_flags_exactly_the_articles_whose_live_revision_cites_it(
    editor, chief, library, articles
):
    flagged = reference_mark_retracted(
        reference=library["retracted"],
        on=dt.date(2025, 1, 10),
        notice_url="https://example.org/retraction",
        actor=chief,
    )
    assert sorted(a.slug for a in flagged) == ["dropped-in-draft", "live-cites"]
    today = timezone.localdate()
    for name, article in articles.items():
        article.refresh_from_db()
        expected = today if name in ("live", "dropped") else None
        assert article.next_review_due == expected, name


def test_the_flag_is_recorded_in_the_articles_history(chief, library, articles):
    reference_mark_retracted(
        reference=library["retracted"], on=dt.date(2025, 1, 10), notice_url="", actor=chief
    )
    record = articles["live"].history.latest()
    assert record.history_user == chief
    assert record.history_change_reason == (
        f"Cites a retracted source (reference {library['retracted'].pk}, retracted on 2025-01-10)"
    )


def test_the_retraction_is_recorded_on_the_reference_with_its_history(chief, library):
    reference = library["retracted"]
    reference_mark_retracted(
        reference=reference,
        on=dt.date(2025, 1, 10),
        notice_url="https://example.org/retraction",
        actor=chief,
    )
    reference.refresh_from_db()
    assert reference.retracted_on == dt.date(2025, 1, 10)
    assert reference.retraction_notice_url == "https://example.org/retraction"
    record = reference.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        chief,
        "Retracted on 2025-01-10",
    )


def test_an_earlier_review_date_is_kept(chief, library, articles):
    article = articles["live"]
    article.next_review_due = dt.date(2024, 1, 1)
    article.save()
    reference_mark_retracted(
        reference=library["retracted"], on=dt.date(2025, 1, 10), notice_url="", actor=chief
    )
    article.refresh_from_db()
    assert article.next_review_due == dt.date(2024, 1, 1)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"on": dt.date(2999, 1, 1), "notice_url": ""}, "retraction_in_future"),
        ({"on": dt.date(2025, 1, 1), "notice_url": "not a url"}, "invalid_notice_url"),
    ],
)
def test_a_bad_retraction_is_refused_and_changes_nothing(chief, library, articles, kwargs, code):
    with pytest.raises(ReferenceFormatError) as caught:
        reference_mark_retracted(reference=library["retracted"], actor=chief, **kwargs)
    assert caught.value.code == code
    library["retracted"].refresh_from_db()
    assert library["retracted"].retracted_on is None
    articles["live"].refresh_from_db()
    assert articles["live"].next_review_due is None


def test_a_reference_cannot_be_retracted_twice(chief, library):
    reference_mark_retracted(
        reference=library["retracted"], on=dt.date(2025, 1, 10), notice_url="", actor=chief
    )
    with pytest.raises(ReferenceFormatError) as caught:
        reference_mark_retracted(
            reference=library["retracted"], on=dt.date(2025, 2, 1), notice_url="", actor=chief
        )
    assert caught.value.code == "already_retracted"


def test_supersession_flags_the_citing_articles_and_names_the_successor(chief, library, articles):
    successor = make_reference(title="The 2025 update")
    flagged = reference_mark_superseded(reference=library["retracted"], by=successor, actor=chief)
    assert sorted(a.slug for a in flagged) == ["dropped-in-draft", "live-cites"]
    library["retracted"].refresh_from_db()
    assert library["retracted"].superseded_by == successor
    (reason,) = article_review_reasons(article=articles["live"])
    assert "has been superseded by “The 2025 update”" in reason


@pytest.mark.parametrize("case", ["itself", "cycle", "retracted successor", "again"])
def test_a_supersession_that_makes_no_sense_is_refused(chief, library, case):
    reference = library["retracted"]
    successor = library["spare"]
    if case == "itself":
        successor = reference
        code = "self_supersede"
    elif case == "cycle":
        reference_mark_superseded(reference=successor, by=reference, actor=chief)
        code = "supersede_cycle"
    elif case == "retracted successor":
        successor.retracted_on = dt.date(2024, 1, 1)
        successor.save()
        code = "successor_retracted"
    else:
        reference_mark_superseded(reference=reference, by=successor, actor=chief)
        code = "already_superseded"
    with pytest.raises(ReferenceFormatError) as caught:
        reference_mark_superseded(reference=reference, by=successor, actor=chief)
    assert caught.value.code == code


def test_review_due_lists_flagged_articles_with_the_reason(chief, library, articles, capsys):
    scheduled = articles["unrelated"]
    scheduled.next_review_due = dt.date(2024, 5, 1)
    scheduled.save()
    reference_mark_retracted(
        reference=library["retracted"], on=dt.date(2025, 1, 10), notice_url="", actor=chief
    )
    call_command("review_due")
    out = capsys.readouterr().out
    today = timezone.localdate()
    assert out.splitlines() == [
        "2024-05-01  unrelated  Back pain",
        "    - Scheduled re-review, due 2024-05-01.",
        f"{today:%Y-%m-%d}  live-cites  Back pain",
        "    - “The source to retract” was retracted on 2025-01-10; it cannot be cited.",
        f"{today:%Y-%m-%d}  dropped-in-draft  Back pain",
        "    - “The source to retract” was retracted on 2025-01-10; it cannot be cited.",
        "3 article(s) due for re-review.",
    ]


def test_review_due_says_so_when_nothing_is_due(db, capsys):
    call_command("review_due")
    assert capsys.readouterr().out == "No article is due for re-review.\n"


def test_where_used_lists_the_citing_articles_and_claims(
    library, articles, django_assert_num_queries
):
    with django_assert_num_queries(2):
        uses = reference_where_used(reference=library["retracted"])
    by_slug = {use.article.slug: use for use in uses}
    assert set(by_slug) == {"live-cites", "draft-only", "added-in-draft", "pending-cites"}
    assert by_slug["live-cites"].in_live_revision is True
    assert by_slug["added-in-draft"].in_live_revision is False
    assert by_slug["draft-only"].in_live_revision is False
    assert [(c.section, c.text) for c in by_slug["live-cites"].claims] == [
        ("Lead summary", "Keep moving and use heat."),
        ("Section 1", "Claim 1.1 about treatment."),
        ("Section 2", "Claim 2.2 about treatment."),
    ]


def test_a_reference_nobody_cites_is_used_nowhere(library):
    assert reference_where_used(reference=Reference.objects.get(title="A spare source")) == []
