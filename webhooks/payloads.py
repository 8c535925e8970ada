"""What each event's body says (documented in the OpenAPI schema, api/webhook_docs.py, and
docs/api.md). Every body has the Standard Webhooks envelope:

    {"type": "<event type>", "timestamp": "<ISO 8601>", "data": {...}}

Only public or pipeline-facing facts go in: the article's approved question, the
revision's number, state, change type, summary for readers and AI disclosure; a changes
request's comment (the pipeline has to act on it); a withdrawal's reason (readers are shown
it); never the reviewers' e-mail addresses.
"""

import json
from datetime import UTC, datetime

from django.urls import reverse

from articles.links import public_url
from articles.models import Article, Revision


def envelope(*, event_type: str, at: datetime, data: dict) -> str:
    body = {"type": event_type, "timestamp": at.astimezone(UTC).isoformat(), "data": data}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def article_data(article: Article) -> dict:
    return {
        "slug": article.slug,
        "question": article.public_question or article.question,
        "links": {
            "web": public_url(article.get_absolute_url()),
            "api": public_url(reverse("api:article-detail", args=[article.slug])),
        },
    }


def revision_data(revision: Revision) -> dict:
    article = revision.article
    return {
        "number": revision.number,
        "state": revision.state,
        "change_type": revision.change_type,
        "public_summary": revision.public_summary,
        "ai_disclosure": revision.ai_disclosure,
        "content_hash": revision.content_hash,
        "submitted_at": _iso(revision.submitted_at),
        "decided_at": _iso(revision.decided_at),
        "reviewers": [
            {"name": r["name"], "credentials": r["credentials"]}
            for r in revision.reviewers_distinct
        ],
        "links": {
            "api": public_url(reverse("api:revision-detail", args=[article.slug, revision.number])),
            "review": public_url(reverse("reviews:revision", args=[revision.pk])),
        },
    }


def workflow_event_data(*, event, revision: Revision) -> dict:
    data = {
        "article": article_data(revision.article),
        "revision": revision_data(revision),
        "actor": event.actor.get_username() if event.actor_id else None,
    }
    if event.comment and event.action == "request_changes":
        data["comment"] = event.comment
    if event.action == "withdraw_article":
        # The revision readers saw until now; the reason is the one readers are shown.
        data["reason"] = event.comment
        data["withdrawn_at"] = event.details.get("withdrawn_at")
    return data


def reference_retracted_data(*, reference, reason: str, articles: list[Article]) -> dict:
    return {
        "reference": {
            "id": reference.pk,
            "title": reference.title,
            "doi": reference.doi or None,
            "pmid": reference.pmid or None,
            "retracted_on": reference.retracted_on.isoformat() if reference.retracted_on else None,
        },
        "reason": reason,
        "articles": [article_data(article) for article in articles],
    }
