import csv
import io
import json

import pytest
from django.db.models.query import QuerySet
from django.urls import reverse

from audit.exports import CSV_COLUMNS
from audit.sources import EVENTS_KEY
from audit.timeline import TimelineFilter, timeline_iter

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_csv_export_streams_the_filtered_rows_oldest_first(staff_client, story):
    response = staff_client.get(
        reverse("audit:export", args=["csv"]), {"article": story["neck"].pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    expected = list(timeline_iter(filters=TimelineFilter(article_id=story["neck"].pk)))
    assert list(rows[0]) == CSV_COLUMNS
    assert [(r["source"], r["action"], r["object_id"]) for r in rows] == [
        (e.source, e.action, str(e.object_id)) for e in expected
    ]
    assert {r["article"] for r in rows} == {"neck-pain"}
    deleted = next(r for r in rows if r["action"] == "deleted")
    assert (deleted["user"], deleted["reason"]) == ("editor2", "Not needed")
    assert {"field": "text", "old": "Mostly self-limiting.", "new": ""} in json.loads(
        deleted["changes"]
    )


def test_the_json_lines_export_has_one_object_per_entry(staff_client, story):
    response = staff_client.get(reverse("audit:export", args=["jsonl"]), {"model": EVENTS_KEY})
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    lines = [json.loads(line) for line in _body(response).splitlines()]
    assert [line["action"] for line in lines] == ["submit", "start_review", "approve", "publish"]
    assert all(len(line["event_hash"]) == 64 for line in lines)
    assert lines[0]["user"] == "editor" and lines[0]["reason"] == "First version"


def test_the_export_reads_the_database_in_chunks_as_it_is_sent(staff_client, story, monkeypatch):
    calls = []
    real = QuerySet.iterator

    def spy(self, chunk_size=None):
        calls.append((self.model._meta.label_lower, chunk_size))
        return real(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    response = staff_client.get(reverse("audit:export", args=["jsonl"]))
    # Nothing is read until the response is sent.
    assert calls == []
    first = next(iter(response.streaming_content))
    assert json.loads(first)["at"]
    assert calls and all(size for _, size in calls)
    assert "reviews.workflowevent" in {label for label, _ in calls}


def test_a_spreadsheet_formula_in_user_text_is_exported_as_text(staff_client, editor):
    from articles.models import Article

    Article.objects.create(slug="formula", question="=HYPERLINK(1)?", owner=editor)
    body = _body(staff_client.get(reverse("audit:export", args=["csv"])))
    assert "'=HYPERLINK(1)?" in body
    # The JSON Lines export keeps the text exactly.
    lines = _body(staff_client.get(reverse("audit:export", args=["jsonl"])))
    assert '"object": "=HYPERLINK(1)?"' in lines


def test_an_unknown_export_format_is_not_found(staff_client):
    assert staff_client.get(reverse("audit:export", args=["xml"])).status_code == 404
