from datetime import date

import pytest
from django.urls import reverse

from articles.models import Article, Claim
from audit.sources import EVENTS_KEY, history_sources
from audit.timeline import Cursor, TimelineFilter, timeline_iter, timeline_page
from tests.audit.conftest import at, save_as
from tests.conftest import make_article, make_user

pytestmark = pytest.mark.django_db


def _all(filters=None) -> list:
    return list(timeline_iter(filters=filters or TimelineFilter()))


def test_every_model_with_history_is_a_source():
    keys = {source.key for source in history_sources()}
    assert {
        "articles.article",
        "articles.section",
        "articles.claim",
        "articles.claimtext",
        "articles.citation",
        "articles.revision",
        "articles.readerquestion",
        "references.reference",
        "reviews.boardmember",
    } <= keys


def test_the_timeline_merges_history_and_workflow_events_newest_first(story):
    entries = timeline_page(filters=TimelineFilter(), size=1000).entries
    times = [e.at for e in entries]
    assert times == sorted(times, reverse=True)
    sources = {e.source for e in entries}
    assert {"articles.claim", "articles.claimtext", "articles.revision", EVENTS_KEY} <= sources
    # (The board member record was made at today's date, by the fixture; skip it.)
    newest = next(e for e in entries if e.source != "reviews.boardmember")
    # The approval that reached the quorum: the publish event is written last.
    assert (newest.source, newest.action) == (EVENTS_KEY, "publish")


def test_a_change_shows_the_old_and_new_value_of_each_changed_field(story):
    entries = _all(TimelineFilter(source="articles.claim", action="changed"))
    assert len(entries) == 1
    (entry,) = entries
    assert entry.username == "editor"
    assert entry.reason == "Sharper wording"
    assert [(c.field, c.old, c.new) for c in entry.changes] == [
        ("text", "Claim 1.1 about treatment.", "Heat helps most people within a week.")
    ]


def test_claims_texts_and_citations_resolve_to_their_article(story):
    entries = _all(TimelineFilter(article_id=story["neck"].pk))
    assert entries
    assert {e.article_id for e in entries} == {story["neck"].pk}
    sources = {e.source for e in entries}
    assert {
        "articles.article",
        "articles.section",
        "articles.claim",
        "articles.claimtext",
        "articles.citation",
    } <= sources
    # The deleted student text still belongs to the article through the history tables.
    texts = [e for e in entries if e.source == "articles.claimtext"]
    assert [e.action for e in texts if "student" in str(e.changes)] == ["created", "deleted"]
    # Nothing of the other article, and no reference (it belongs to no article).
    back = _all(TimelineFilter(article_id=story["back"].pk))
    assert not {e.object_id for e in back if e.source == "articles.claim"} & {
        e.object_id for e in entries if e.source == "articles.claim"
    }
    assert "references.reference" not in sources


def test_rows_of_a_deleted_article_still_resolve_to_it(editor):
    article = make_article(editor, slug="gone", question="A deleted article?")
    article_id = article.pk
    claim_ids = set(Claim.objects.filter(section__article=article).values_list("pk", flat=True))
    for claim in Claim.objects.filter(pk__in=claim_ids):
        claim._history_user = editor
        claim.delete()
    entries = _all(TimelineFilter(article_id=article_id, source="articles.claim"))
    assert {e.object_id for e in entries} == claim_ids
    assert {e.article_slug for e in entries} == {"gone"}


def test_filtering_by_user_keeps_only_what_that_user_did(story, editor2):
    entries = _all(TimelineFilter(user_id=editor2.pk))
    assert entries
    assert {e.username for e in entries} == {"editor2"}
    assert {e.reason for e in entries} == {"Text for students", "Not needed"}


def test_filtering_by_model_keeps_only_that_model(story):
    entries = _all(TimelineFilter(source="articles.claimtext"))
    assert entries and {e.source for e in entries} == {"articles.claimtext"}
    events = _all(TimelineFilter(source=EVENTS_KEY))
    assert [e.action for e in events] == ["submit", "start_review", "approve", "publish"]


def test_filtering_by_action_separates_creations_changes_deletions_and_workflow(story):
    deleted = _all(TimelineFilter(action="deleted"))
    assert [(e.source, e.reason) for e in deleted] == [("articles.claimtext", "Not needed")]
    assert all(e.action == "created" for e in _all(TimelineFilter(action="created")))
    approvals = _all(TimelineFilter(action="approve"))
    assert [(e.source, e.username) for e in approvals] == [(EVENTS_KEY, "reviewer1")]
    assert any(c.field == "signature" for c in approvals[0].changes)


def test_filtering_by_date_range_includes_both_end_days(story):
    entries = _all(TimelineFilter(since=date(2025, 3, 3), until=date(2025, 3, 4)))
    assert [(e.at, e.action) for e in entries] == [(at(3), "created"), (at(4), "deleted")]
    day_five = _all(TimelineFilter(since=date(2025, 3, 5), until=date(2025, 3, 5)))
    assert {e.at.date() for e in day_five} == {date(2025, 3, 5)}
    assert {"submit", "start_review"} <= {e.action for e in day_five}


def test_pages_show_every_entry_exactly_once_in_order(story):
    expected = [e.cursor_key for e in timeline_page(filters=TimelineFilter(), size=10_000).entries]
    seen, cursor = [], None
    while True:
        page = timeline_page(filters=TimelineFilter(), cursor=cursor, size=7)
        seen += [e.cursor_key for e in page.entries]
        if page.next_cursor is None:
            break
        assert len(page.entries) == 7
        cursor = page.next_cursor
    assert seen == expected
    # Many rows share one instant (make_article writes them all at day 1, noon): the
    # cursor's source rank and row id keep them apart.
    assert len({key[0] for key in seen}) < len(seen)


def test_the_export_order_is_the_page_order_reversed(story):
    assert [e.cursor_key for e in _all()] == [
        e.cursor_key for e in reversed(timeline_page(filters=TimelineFilter(), size=10_000).entries)
    ]


def test_a_change_of_co_editors_is_shown_as_a_list_change(editor, editor2):
    article = make_article(editor)
    article._history_user = editor
    article.co_editors.add(editor2)
    entries = _all(TimelineFilter(source="articles.article", action="changed"))
    assert [(c.field, c.old, c.new) for c in entries[-1].changes] == [
        ("co_editors", "[]", f"[{editor2.pk}]")
    ]


def test_one_page_costs_the_same_queries_with_ten_times_the_history(
    editor, django_assert_max_num_queries
):
    def grow(slug: str, edits: int) -> None:
        article = make_article(editor, slug=slug, question=f"{slug}?")
        for claim in Claim.objects.filter(section__article=article):
            for n in range(edits):
                claim.text = f"{claim.text} {n}"
                save_as(claim, editor, "Edit")

    grow("small", 1)
    # Per history source: its rows, and the records before them (for the diffs); the
    # events; the co-editors' history; two levels of parents; the articles' names.
    budget = len(history_sources()) * 2 + 1 + 1 + 2 + 2
    with django_assert_max_num_queries(budget):
        small = timeline_page(filters=TimelineFilter(), size=20)
    grow("large", 10)
    with django_assert_max_num_queries(budget):
        large = timeline_page(filters=TimelineFilter(), size=20)
    assert len(small.entries) == len(large.entries) == 20
    assert all(e.changes for e in large.entries if e.action == "changed")


# --- The pages ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("audit:timeline"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["editor", "chief"])
def test_signed_in_people_who_are_not_staff_are_refused(client, name, request):
    client.force_login(request.getfixturevalue(name))
    assert client.get(reverse("audit:timeline")).status_code == 403
    assert client.get(reverse("audit:export", args=["csv"])).status_code == 403


def test_staff_see_entries_linked_to_their_article_and_user_views(staff_client, story):
    response = staff_client.get(reverse("audit:timeline"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("audit:article", args=[story["back"].pk]) in html
    assert reverse("audit:user", args=["editor2"]) in html
    assert "Heat helps most people within a week." in html


def test_the_article_view_shows_only_that_article(staff_client, story):
    response = staff_client.get(reverse("audit:article", args=[story["neck"].pk]))
    assert response.status_code == 200
    entries = response.context["entries"]
    assert entries and {e.article_id for e in entries} == {story["neck"].pk}


def test_the_user_view_shows_only_that_user(staff_client, story):
    response = staff_client.get(reverse("audit:user", args=["reviewer1"]))
    assert response.status_code == 200
    assert {e.username for e in response.context["entries"]} == {"reviewer1"}


def test_the_view_filters_from_the_query_string_and_pages_with_a_cursor(staff_client, story):
    url = reverse("audit:timeline")
    first = staff_client.get(url, {"model": "articles.citation"})
    assert {e.source for e in first.context["entries"]} == {"articles.citation"}
    next_query = first.context["next_query"]
    second = staff_client.get(f"{url}?{next_query}") if next_query else None
    if second is not None:
        assert {e.source for e in second.context["entries"]} == {"articles.citation"}


def test_a_damaged_page_link_or_unknown_user_is_a_clear_error(staff_client, story):
    url = reverse("audit:timeline")
    response = staff_client.get(url, {"after": "not-a-cursor"})
    assert response.status_code == 400
    assert "That page link is damaged" in response.content.decode()
    response = staff_client.get(url, {"user": "nobody"})
    assert response.status_code == 400
    assert "There is no user named &#x27;nobody&#x27;." in response.content.decode()


def test_an_article_that_never_existed_is_not_found(staff_client):
    assert staff_client.get(reverse("audit:article", args=[999_999])).status_code == 404


def test_a_cursor_reads_back_what_it_wrote():
    cursor = Cursor(at(7), 3, 42)
    assert Cursor.parse(str(cursor)) == cursor


def test_labels_from_user_text_are_escaped(staff_client, editor):
    make_user("x")
    Article.objects.create(slug="xss", question="<script>alert(1)</script>?", owner=editor)
    html = staff_client.get(reverse("audit:timeline")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;?" in html
