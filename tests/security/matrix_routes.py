"""How to call each route of the permission matrix: its URL arguments and, for the methods
that change something, the body an honest request of that kind would send.

Kept apart from the expected statuses (test_permission_matrix.py) so the table stays one
readable block. Every request is made as each role in turn and rolled back afterwards."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core import signing

from desk.views.citation_box import LOOKUP_SALT
from tests.conftest import PASSWORD

DOCUMENT = (
    "---\n"
    "question: Does heat help neck pain?\n"
    "slug: heat-for-neck-pain\n"
    "references:\n"
    "  - id: nice-ng59\n"
    "    type: report\n"
    "    genre: Guideline\n"
    "    title: Low back pain and sciatica in over 16s\n"
    "    publisher: NICE\n"
    "    issued: {date-parts: [[2016]]}\n"
    "---\n\n"
    "Heat can ease acute neck pain for a few days. [@nice-ng59]\n\n"
    "## Self-care\n\n"
    "- Stay as active as you can. [@nice-ng59]\n"
)
RIS = (
    "TY  - JOUR\nTI  - Heat for acute low back pain\nAU  - Doe, Jane\nPY  - 2021\n"
    "JO  - Spine\nDO  - 10.1000/heat.2021\nER  - \n"
)


@dataclass(frozen=True)
class Call:
    """How one method of a route is called: a form (web) or a body (API)."""

    data: Callable | dict | None = None  # form fields, or JSON for the API
    body: str | None = None  # a raw body (API documents and files)
    content_type: str | None = None


@dataclass(frozen=True)
class Route:
    kwargs: Callable = field(default=lambda cast: {})
    calls: dict[str, Call] = field(default_factory=dict)
    api: bool = False

    def call(self, method: str) -> Call:
        return self.calls.get(method, Call())


def slug(cast):
    return {"slug": cast.article.slug}


def open_revision(cast):
    return {"slug": cast.article.slug, "number": cast.open.number}


def live_revision(cast):
    return {"slug": cast.article.slug, "number": cast.live.number}


def review_page(cast):
    return {"pk": cast.open.pk}


def with_pk(name: str):
    return lambda cast: {"slug": cast.article.slug, "pk": getattr(cast, name).pk}


def claim_form(cast):
    from articles.versions import claim_versions

    return {
        "text": "Keep moving; heat helps.",
        "evidence": cast.claim.evidence,
        "version": claim_versions([cast.claim.pk])[cast.claim.pk],
    }


def details_form(cast):
    from articles.versions import article_version

    return {
        "question": "What helps back pain?",
        "origin": "human",
        "version": article_version(cast.article),
    }


def section_form(cast):
    from articles.versions import section_versions

    return {
        "heading": "What helps",
        "version": section_versions([cast.section.pk])[cast.section.pk],
    }


def comment_form(cast):
    claim = cast.open.content["sections"][0]["claims"][0]["uuid"]
    return {"claim_uuid": claim, "text": "Is the source current?"}


def working_copy(cast):
    from articles.versions import working_copy_version

    return {"version": working_copy_version(cast.article), "text": DOCUMENT}


def reviewer_choice(cast):
    return {"reviewer": cast.people["board"].pk, "due_on": _next_week()}


def _next_week() -> str:
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.localdate() + timedelta(days=7)).isoformat()


def open_assignment(cast):
    """Bea Board's place on the revision under review (she started its review)."""
    return {"pk": cast.open.assignments.get(state="active").pk}


WEB = {
    # The public site
    "articles:index": Route(),
    "articles:search": Route(calls={"GET": Call(data={"q": "back pain"})}),
    "articles:detail": Route(slug),
    "articles:versions": Route(slug),
    "articles:cite": Route(lambda cast: {"slug": cast.article.slug, "fmt": "ris"}),
    "articles:version": Route(live_revision),
    "articles:question": Route(
        slug, calls={"POST": Call(data={"text": "Does heat help at night?", "audience": ""})}
    ),
    "articles:feed-rss": Route(),
    "articles:feed-atom": Route(),
    "articles:editorial-policy": Route(),
    "articles:disclaimer": Route(),
    "articles:corrections": Route(),
    "reviews:board": Route(),
    "sitemap": Route(),
    "sitemap-section": Route(lambda cast: {"section": "articles"}),
    "robots": Route(),
    # Signing in and out
    "login": Route(calls={"POST": Call(data={"username": "nobody", "password": "wrong"})}),
    "logout": Route(),
    "staff-home": Route(),
    "set_language": Route(calls={"POST": Call(data={"language": "es", "next": "/"})}),
    "javascript-catalog": Route(),
    "password_change": Route(),
    "password_change_done": Route(),
    "password_reset": Route(calls={"POST": Call(data={"email": "nobody@example.com"})}),
    "password_reset_done": Route(),
    "password_reset_confirm": Route(lambda cast: {"uidb64": "MQ", "token": "not-a-token"}),
    "password_reset_complete": Route(),
    # The editors' workspace
    "editor:dashboard": Route(),
    "editor:article-new": Route(
        calls={
            "POST": Call(
                data={"question": "Does ice help sprains?", "slug": "ice", "origin": "human"}
            )
        }
    ),
    "editor:import": Route(calls={"POST": Call(data={"text": DOCUMENT})}),
    "editor:readability": Route(
        calls={"POST": Call(data={"text": "Keep moving.", "audience": "patient"})}
    ),
    "editor:reference-search": Route(calls={"GET": Call(data={"q": "Source"})}),
    # A POST without a file: the access check comes first, then 400 for the empty form.
    "editor:reference-import": Route(),
    "editor:questions": Route(),
    "editor:question-status": Route(
        lambda cast: {"pk": cast.question.pk}, calls={"POST": Call(data={"status": "answered"})}
    ),
    "editor:question-draft": Route(lambda cast: {"pk": cast.question.pk}),
    "editor:article": Route(slug),
    "editor:article-details": Route(slug, calls={"POST": Call(data=details_form)}),
    "editor:article-co-editors": Route(slug),
    "editor:preview": Route(slug),
    "editor:export": Route(slug),
    "editor:xliff": Route(slug),
    "editor:xliff-import": Route(slug),
    "editor:problems": Route(slug),
    "editor:replace": Route(slug, calls={"POST": Call(data=working_copy)}),
    "editor:document": Route(slug, calls={"POST": Call(data=working_copy)}),
    "editor:document-check": Route(
        slug, calls={"POST": Call(data={"text": DOCUMENT}, content_type="application/json")}
    ),
    "editor:section-add": Route(slug, calls={"POST": Call(data={"heading": "Outlook"})}),
    "editor:section-rename": Route(with_pk("section"), calls={"POST": Call(data=section_form)}),
    "editor:section-heading-texts": Route(
        with_pk("section"),
        calls={"POST": Call(data=lambda cast: {**section_form(cast), "heading_patient": "Care"})},
    ),
    "editor:section-move": Route(
        with_pk("section"), calls={"POST": Call(data={"direction": "down"})}
    ),
    "editor:section-delete": Route(
        with_pk("section"),
        calls={"POST": Call(data=lambda cast: {**section_form(cast), "confirm": "1"})},
    ),
    "editor:claim-add": Route(
        with_pk("section"),
        calls={"POST": Call(data={"text": "Rest briefly.", "evidence": "low"})},
    ),
    "editor:claim-save": Route(with_pk("claim"), calls={"POST": Call(data=claim_form)}),
    "editor:claim-move": Route(with_pk("claim"), calls={"POST": Call(data={"direction": "down"})}),
    "editor:claim-delete": Route(with_pk("claim"), calls={"POST": Call(data=claim_form)}),
    "editor:citation-add": Route(
        with_pk("claim"),
        calls={"POST": Call(data=lambda cast: {"reference": cast.citation.reference_id})},
    ),
    "editor:citation-confirm": Route(
        with_pk("claim"),
        calls={
            "POST": Call(
                data=lambda cast: {
                    "item": signing.dumps(
                        cast.citation.reference.to_csl(), salt=LOOKUP_SALT, compress=True
                    )
                }
            )
        },
    ),
    "editor:reference-new": Route(
        with_pk("claim"),
        calls={"POST": Call(data={"title": "A new trial", "csl_type": "article-journal"})},
    ),
    "editor:citation-move": Route(
        with_pk("citation"), calls={"POST": Call(data={"direction": "up"})}
    ),
    "editor:citation-remove": Route(with_pk("citation")),
    "editor:revision-export": Route(live_revision),
    "editor:revision-restore": Route(live_revision),
    "editor:submit": Route(
        slug,
        calls={
            "POST": Call(
                data={"comment": "Ready", "change_type": "update", "public_summary": "New."}
            )
        },
    ),
    "editor:withdraw": Route(slug, calls={"POST": Call(data={"comment": "Not yet"})}),
    "editor:history": Route(slug),
    "editor:translations": Route(slug, calls={"POST": Call(data={"language": "es"})}),
    "editor:compare": Route(slug, calls={"GET": Call(data={"old": "1", "new": "2"})}),
    # The reviewers' workspace
    "reviews:queue": Route(),
    "reviews:revision": Route(review_page),
    "reviews:start": Route(review_page),
    "reviews:approve": Route(
        review_page,
        calls={
            "POST": Call(
                data={
                    "password": PASSWORD,
                    "meaning": "Approved for accuracy",
                    "confirm_unchecked": "on",
                }
            )
        },
    ),
    "reviews:reclassify": Route(
        review_page, calls={"POST": Call(data={"change_type": "correction", "comment": "Typo"})}
    ),
    # No such comment: whoever may act on the page is told so (400).
    "reviews:resolve_comment": Route(review_page, calls={"POST": Call(data={"comment": "0"})}),
    "reviews:request_changes": Route(
        review_page, calls={"POST": Call(data={"comment": "Cite the trial."})}
    ),
    "reviews:withdraw": Route(review_page, calls={"POST": Call(data={"comment": "Not yet"})}),
    "reviews:assign": Route(review_page, calls={"POST": Call(data=reviewer_choice)}),
    "reviews:reassign": Route(
        open_assignment,
        calls={"POST": Call(data=lambda cast: {"reviewer": cast.people["board_author"].pk})},
    ),
    "reviews:set_due": Route(
        open_assignment, calls={"POST": Call(data=lambda cast: {"due_on": _next_week()})}
    ),
    "reviews:cancel_assignment": Route(
        open_assignment, calls={"POST": Call(data={"reason": "On leave"})}
    ),
    "reviews:comment": Route(review_page, calls={"POST": Call(data=comment_form)}),
    "reviews:reaffirm": Route(
        slug, calls={"POST": Call(data={"password": PASSWORD, "comment": "Still current"})}
    ),
    "reviews:withdraw_article": Route(
        slug, calls={"POST": Call(data={"reason": "The advice is out of date."})}
    ),
    "reviews:cancel_withdrawal": Route(slug, calls={"POST": Call(data={"comment": "Kept"})}),
    # The audit trail and reports
    "audit:timeline": Route(),
    "audit:article": Route(lambda cast: {"article_id": cast.article.pk}),
    "audit:user": Route(lambda cast: {"username": cast.people["owner"].username}),
    "audit:export": Route(lambda cast: {"fmt": "csv"}),
    "audit:reports": Route(),
}

JSON = "application/json"
API = {
    "api:schema": Route(api=True),
    "api:docs": Route(api=True),
    "api:article-list": Route(
        api=True, calls={"POST": Call(body=DOCUMENT, content_type="text/markdown")}
    ),
    "api:article-detail": Route(slug, api=True),
    "api:article-document": Route(
        slug, api=True, calls={"PUT": Call(body=DOCUMENT, content_type="text/markdown")}
    ),
    "api:article-submit": Route(
        slug, api=True, calls={"POST": Call(data={"comment": "Ready"}, content_type=JSON)}
    ),
    "api:revision-list": Route(slug, api=True),
    "api:revision-detail": Route(open_revision, api=True),
    "api:revision-start-review": Route(
        open_revision, api=True, calls={"POST": Call(data={}, content_type=JSON)}
    ),
    "api:revision-approve": Route(
        open_revision,
        api=True,
        calls={"POST": Call(data={"password": PASSWORD}, content_type=JSON)},
    ),
    "api:revision-request-changes": Route(
        open_revision,
        api=True,
        calls={"POST": Call(data={"comment": "Cite the trial."}, content_type=JSON)},
    ),
    "api:revision-reclassify": Route(
        open_revision,
        api=True,
        calls={
            "POST": Call(data={"change_type": "correction", "comment": "Typo"}, content_type=JSON)
        },
    ),
    "api:version-list": Route(slug, api=True),
    "api:version-detail": Route(live_revision, api=True),
    "api:revision-withdraw": Route(
        open_revision,
        api=True,
        calls={"POST": Call(data={"comment": "Not yet"}, content_type=JSON)},
    ),
    # The same calls as the review page's (WEB above), through the API.
    "api:revision-assign": Route(
        open_revision,
        api=True,
        calls={
            "POST": Call(
                data=lambda cast: {
                    "reviewer": cast.people["board"].username,
                    "due_on": _next_week(),
                },
                content_type=JSON,
            )
        },
    ),
    "api:assignment-reassign": Route(
        lambda cast: {"assignment_id": open_assignment(cast)["pk"]},
        api=True,
        calls={
            "POST": Call(
                data=lambda cast: {"reviewer": cast.people["board_author"].username},
                content_type=JSON,
            )
        },
    ),
    "api:assignment-due": Route(
        lambda cast: {"assignment_id": open_assignment(cast)["pk"]},
        api=True,
        calls={"POST": Call(data=lambda cast: {"due_on": _next_week()}, content_type=JSON)},
    ),
    "api:assignment-cancel": Route(
        lambda cast: {"assignment_id": open_assignment(cast)["pk"]},
        api=True,
        calls={"POST": Call(data={"reason": "On leave"}, content_type=JSON)},
    ),
    "api:article-withdrawal": Route(
        slug,
        api=True,
        calls={"POST": Call(data={"reason": "The advice is out of date."}, content_type=JSON)},
    ),
    "api:article-withdrawal-cancel": Route(
        slug, api=True, calls={"POST": Call(data={"comment": "Kept"}, content_type=JSON)}
    ),
    "api:reference-list": Route(
        api=True,
        calls={
            "GET": Call(data={"q": "Source"}),
            "POST": Call(
                data={
                    "type": "article-journal",
                    "title": "Heat for back pain",
                    "DOI": "10.1000/heat.2022",
                },
                content_type=JSON,
            ),
        },
    ),
    "api:reference-import": Route(
        api=True,
        calls={"POST": Call(body=RIS, content_type="application/x-research-info-systems")},
    ),
    "api:question-create": Route(
        api=True,
        calls={
            "POST": Call(
                data={"article": "back-pain", "text": "Does heat help?", "audience": "patient"},
                content_type=JSON,
            )
        },
    ),
    "api:not-found": Route(api=True),
}

ROUTES = {**WEB, **API}
