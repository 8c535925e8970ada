"""The permission matrix: every route of the site and the API, as every role, answers the
status written here. It walks Django's URL resolver, so a route added without a row fails
the suite (only django.contrib.admin's own pages and static files are left out: the admin
checks is_staff itself, and static files are the same for everyone).

Each row lists, per method, nine statuses in the order of the roles:

    anonymous  reader  owner  co-editor  other-editor  chief  board  board-author  admin

"reader" is signed in with no role; "board" is a board member who did not write the
revision under review; "board-author" is the board member (and co-editor) who wrote and
submitted it. A single number means every role gets it. The article (tests/security/
conftest.py) has a live revision 1 and revision 2 under review, so its working copy is
locked: where an editor may change it, the answer is 409 (locked), not 403.

How to read the statuses: 200/201 done or shown; 302 on the web is a success redirect,
except for the anonymous column, where it is the way to the login page (asserted: it goes
there); 401 the API wants a token; 403 not this person; 404 nothing to show them; 405 the
method is not accepted; 409 not possible in the current state; 400 the input was refused
(after the access check passed).

GET is asked of every route, and POST too: a route that does not accept POST must say 405.
API routes are called with each role's bearer token; web routes with a signed-in session.
"""

import json
import os

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.conftest import ROLES
from tests.security.matrix_routes import ROUTES

ALL_METHODS = ("GET", "POST")
EXTRA_METHODS = {"api:article-document": ("PUT",)}

# fmt: off
MATRIX = {
    #                                        anon read own  co   oth  chf  brd  auth adm
    # The public site: the same for everyone
    "articles:index": {"GET": "200", "POST": "405"},
    "articles:search": {"GET": "200", "POST": "405"},
    "articles:detail": {"GET": "200", "POST": "405"},
    # The version archive: approved revisions only, public.
    "articles:versions": {"GET": "200", "POST": "405"},
    "articles:version": {"GET": "200", "POST": "405"},
    # "Cite this article" (AMA, RIS, BibTeX): public like the page it cites.
    "articles:cite": {"GET": "200", "POST": "405"},
    # The question box: no login, no CSRF token (cached pages carry it); rate-limited.
    "articles:question": {"GET": "405", "POST": "302"},
    # Django's feed and flat page views answer any method with the same page; a real
    # cross-site POST is refused by the CSRF check (the test client skips it).
    "articles:feed-rss": {"GET": "200", "POST": "200"},
    "articles:feed-atom": {"GET": "200", "POST": "200"},
    "articles:editorial-policy": {"GET": "200", "POST": "200"},
    "articles:disclaimer": {"GET": "200", "POST": "200"},
    "articles:corrections": {"GET": "200", "POST": "200"},
    "reviews:board": {"GET": "200", "POST": "405"},
    "sitemap": {"GET": "200", "POST": "405"},
    "sitemap-section": {"GET": "200", "POST": "405"},
    "robots": {"GET": "200", "POST": "405"},
    # Signing in and out, passwords
    "login": {"GET": "200", "POST": "200"},
    "logout": {"GET": "405", "POST": "200"},
    # The public header's "Staff area": a redirect to each person's work (or to sign in)
    "staff-home": {"GET": "302", "POST": "405"},
    # The staff bar's language form (Django's set_language): sets a cookie only staff pages
    # read, for anyone; a GET changes nothing and goes back.
    "set_language": {"GET": "302", "POST": "302"},
    # The desk's scripts' sentences (Django's JavaScript catalog): no secret, for anyone.
    "javascript-catalog": {"GET": "200", "POST": "405"},
    "password_change": {
        "GET":                              "302  200  200  200  200  200  200  200  200",
        "POST":                             "302  200  200  200  200  200  200  200  200",
    },
    "password_change_done": {
        "GET":                              "302  200  200  200  200  200  200  200  200",
        "POST":                             "302  405  405  405  405  405  405  405  405",
    },
    "password_reset": {"GET": "200", "POST": "302"},
    "password_reset_done": {"GET": "200", "POST": "405"},
    "password_reset_confirm": {"GET": "200", "POST": "200"},
    "password_reset_complete": {"GET": "200", "POST": "405"},
    # The editors' workspace: pages for everyone who works here
    "editor:dashboard": {
        "GET":                              "302  403  200  200  200  200  200  200  200",
        "POST":                             "405",
    },
    "editor:readability": {
        "GET":                              "405",
        "POST":                             "302  403  200  200  200  200  200  200  200",
    },
    "editor:reference-search": {
        "GET":                              "302  403  200  200  200  200  200  200  200",
        "POST":                             "405",
    },
    "editor:article-new": {
        "GET":                              "302  403  200  200  200  200  403  403  200",
        "POST":                             "302  403  302  302  302  302  403  403  302",
    },
    "editor:import": {
        "GET":                              "302  403  200  200  200  200  403  403  200",
        "POST":                             "302  403  302  302  302  302  403  403  302",
    },
    "editor:reference-import": {
        "GET":                              "302  403  200  200  200  200  403  403  200",
        "POST":                             "302  403  400  400  400  400  403  403  400",
    },
    "editor:questions": {
        "GET":                              "302  403  200  200  200  200  403  403  200",
        "POST":                             "405",
    },
    "editor:question-status": {
        "GET":                              "405",
        "POST":                             "302  403  302  302  302  302  403  403  302",
    },
    "editor:question-draft": {
        "GET":                              "405",
        "POST":                             "302  403  302  302  302  302  403  403  302",
    },
    # One article's working copy: its editors change it (409 here: it is in review), and
    # they and board members read it. An admin is not an editor of the article (neither
    # owner, co-editor nor editor-in-chief): admins work in the Django admin.
    "editor:article": {
        "GET":                              "302  403  200  200  403  200  200  200  403",
        "POST":                             "405",
    },
    # Only the owner and editors-in-chief choose who co-edits.
    "editor:article-co-editors": {
        "GET":                              "405",
        "POST":                             "302  403  302  403  403  302  403  403  403",
    },
    "editor:article-details": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:citation-add": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:citation-confirm": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:citation-move": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:citation-remove": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:claim-add": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:claim-delete": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:claim-move": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    # GET: the claim alone (in place) or, without htmx, back to it on the article's page.
    "editor:claim-save": {
        "GET":                              "302  403  302  302  403  302  302  302  403",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    # The "before you submit" panel, refreshed in place after each change.
    "editor:problems": {
        "GET":                              "302  403  200  200  403  200  200  200  403",
        "POST":                             "405",
    },
    "editor:export": {
        "GET":                              "302  403  200  200  403  200  200  200  403",
        "POST":                             "405",
    },
    "editor:preview": {
        "GET":                              "302  403  200  200  403  200  200  200  403",
        "POST":                             "405",
    },
    "editor:reference-new": {
        "GET":                              "302  403  200  200  403  200  403  200  403",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:replace": {
        "GET":                              "302  403  200  200  403  200  403  200  403",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    # Document mode: read by whoever reads the working copy, saved by its editors; the
    # check (JSON, nothing written) answers whoever may read it.
    "editor:document": {
        "GET":                              "302  403  200  200  403  200  200  200  403",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:document-check": {
        "GET":                              "405",
        "POST":                             "302  403  200  200  403  200  200  200  403",
    },
    "editor:revision-export": {
        "GET":                              "302  403  200  200  403  200  200  200  403",
        "POST":                             "405",
    },
    "editor:revision-restore": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:section-add": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:section-delete": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:section-move": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:section-rename": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:section-heading-texts": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    "editor:compare": {
        "GET":                              "302  403  200  200  403  200  200  200  403",
        "POST":                             "405",
    },
    "editor:history": {
        "GET":                              "302  403  200  200  403  200  200  200  403",
        "POST":                             "405",
    },
    # Editors may start a translation (400 here: Spanish is not a language of the test
    # site); board members read the page but start nothing.
    "editor:translations": {
        "GET":                              "302  403  200  200  403  200  200  200  403",
        "POST":                             "302  403  400  400  403  400  403  403  403",
    },
    # XLIFF for agencies: the article's editors only; 400 here, the article being a source
    # (only a translation has an XLIFF file) and the import posting no file.
    "editor:xliff": {
        "GET":                              "302  403  400  400  403  400  403  400  403",
        "POST":                             "405",
    },
    "editor:xliff-import": {
        "GET":                              "405",
        "POST":                             "302  403  400  400  403  400  403  400  403",
    },
    "editor:submit": {
        "GET":                              "302  403  200  200  403  200  403  200  403",
        "POST":                             "302  403  409  409  403  409  403  409  403",
    },
    # Withdrawing: the submitter (here the board author) or an editor-in-chief.
    "editor:withdraw": {
        "GET":                              "405",
        "POST":                             "302  403  403  403  403  302  403  302  403",
    },
    # The reviewers' workspace
    # Board members review; editors-in-chief assign, so they see the queue too.
    "reviews:queue": {
        "GET":                              "302  403  403  403  403  200  200  200  403",
        "POST":                             "405",
    },
    "reviews:revision": {
        "GET":                              "302  403  200  200  403  200  200  200  403",
        "POST":                             "405",
    },
    # The revision is already under review: 409 to everyone who may see it (the state is
    # checked first). Who may start a review: tests/reviews/test_workflow.py.
    "reviews:start": {
        "GET":                              "405",
        "POST":                             "302  403  409  409  403  409  409  409  403",
    },
    # Signing: a board member who did not write the change, with their password.
    "reviews:approve": {
        "GET":                              "405",
        "POST":                             "302  403  403  403  403  403  302  403  403",
    },
    "reviews:request_changes": {
        "GET":                              "405",
        "POST":                             "302  403  403  403  403  403  302  403  403",
    },
    "reviews:withdraw": {
        "GET":                              "405",
        "POST":                             "302  403  403  403  403  302  403  302  403",
    },
    # Editors-in-chief assign reviewers; 409 because Bea Board already reviews it.
    "reviews:assign": {
        "GET":                              "405",
        "POST":                             "302  403  403  403  403  409  403  403  403",
    },
    # Changing an assignment: editors-in-chief only. Reassigning to the board author is
    # refused (400: they wrote the revision); a new due date and a cancellation are done.
    "reviews:reassign": {
        "GET":                              "405",
        "POST":                             "302  403  403  403  403  400  403  403  403",
    },
    "reviews:set_due": {
        "GET":                              "405",
        "POST":                             "302  403  403  403  403  302  403  403  403",
    },
    "reviews:cancel_assignment": {
        "GET":                              "405",
        "POST":                             "302  403  403  403  403  302  403  403  403",
    },
    # Reclassifying the change: a board member who did not write it, before any signature.
    "reviews:reclassify": {
        "GET":                              "405",
        "POST":                             "302  403  403  403  403  403  302  403  403",
    },
    "reviews:resolve_comment": {
        "GET":                              "405",
        "POST":                             "302  403  400  400  403  400  400  400  403",
    },
    "reviews:comment": {
        "GET":                              "405",
        "POST":                             "302  403  302  302  403  302  302  302  403",
    },
    # Reaffirming the live revision 1, which the board author did not write.
    "reviews:reaffirm": {
        "GET":                              "405",
        "POST":                             "302  403  403  403  403  403  302  302  403",
    },
    # Withdrawing the article from public view (now; it has a live revision 1): an
    # editor-in-chief or a board member. Cancelling: nothing is scheduled (409).
    "reviews:withdraw_article": {
        "GET":                              "405",
        "POST":                             "302  403  403  403  403  302  302  302  403",
    },
    "reviews:cancel_withdrawal": {
        "GET":                              "405",
        "POST":                             "302  403  403  403  403  409  409  409  403",
    },
    # The audit trail: administrators; the reports also editors-in-chief
    "audit:timeline": {
        "GET":                              "302  403  403  403  403  403  403  403  200",
        "POST":                             "405",
    },
    "audit:article": {
        "GET":                              "302  403  403  403  403  403  403  403  200",
        "POST":                             "405",
    },
    "audit:user": {
        "GET":                              "302  403  403  403  403  403  403  403  200",
        "POST":                             "405",
    },
    "audit:export": {
        "GET":                              "302  403  403  403  403  403  403  403  200",
        "POST":                             "405",
    },
    "audit:reports": {
        "GET":                              "302  403  403  403  403  200  403  403  200",
        "POST":                             "405",
    },
    # The API (bearer tokens)
    "api:article-detail": {"GET": "200", "POST": "405"},
    "api:article-document": {
        "GET":                              "401  403  200  200  403  200  200  200  403",
        "POST":                             "401  405  405  405  405  405  405  405  405",
        "PUT":                              "401  403  409  409  403  409  403  409  403",
    },
    "api:article-list": {
        "GET":                              "200",
        "POST":                             "401  403  201  201  201  201  403  403  201",
    },
    "api:article-submit": {
        "GET":                              "401  405  405  405  405  405  405  405  405",
        "POST":                             "401  403  409  409  403  409  403  409  403",
    },
    "api:docs": {"GET": "200", "POST": "405"},
    "api:not-found": {"GET": "404", "POST": "404"},
    "api:question-create": {"GET": "405", "POST": "201"},
    "api:reference-import": {
        "GET":                              "401  405  405  405  405  405  405  405  405",
        "POST":                             "401  403  201  201  201  201  403  403  201",
    },
    "api:reference-list": {
        "GET":                              "401  200  200  200  200  200  200  200  200",
        "POST":                             "401  403  201  201  201  201  403  403  201",
    },
    "api:revision-approve": {
        "GET":                              "401  405  405  405  405  405  405  405  405",
        "POST":                             "401  403  403  403  403  403  200  403  403",
    },
    "api:revision-detail": {
        "GET":                              "401  403  200  200  403  200  200  200  403",
        "POST":                             "401  405  405  405  405  405  405  405  405",
    },
    "api:revision-list": {
        "GET":                              "401  403  200  200  403  200  200  200  403",
        "POST":                             "401  405  405  405  405  405  405  405  405",
    },
    "api:revision-request-changes": {
        "GET":                              "401  405  405  405  405  405  405  405  405",
        "POST":                             "401  403  403  403  403  403  200  403  403",
    },
    # As on the web: already under review, and the workflow checks the state first.
    "api:revision-start-review": {
        "GET":                              "401  405  405  405  405  405  405  405  405",
        "POST":                             "401  409  409  409  409  409  409  409  409",
    },
    "api:revision-reclassify": {
        "GET":                              "401  405  405  405  405  405  405  405  405",
        "POST":                             "401  403  403  403  403  403  200  403  403",
    },
    "api:version-list": {"GET": "200", "POST": "405"},
    "api:version-detail": {"GET": "200", "POST": "405"},
    "api:revision-withdraw": {
        "GET":                              "401  405  405  405  405  405  405  405  405",
        "POST":                             "401  403  403  403  403  200  403  200  403",
    },
    # Assignments and withdrawal through the API: exactly as on the review page (its rows
    # above), a token instead of a session, 200/201 for its redirect.
    "api:revision-assign": {
        "GET":                              "401  405  405  405  405  405  405  405  405",
        "POST":                             "401  403  403  403  403  409  403  403  403",
    },
    "api:assignment-reassign": {
        "GET":                              "401  405  405  405  405  405  405  405  405",
        "POST":                             "401  403  403  403  403  400  403  403  403",
    },
    "api:assignment-due": {
        "GET":                              "401  405  405  405  405  405  405  405  405",
        "POST":                             "401  403  403  403  403  200  403  403  403",
    },
    "api:assignment-cancel": {
        "GET":                              "401  405  405  405  405  405  405  405  405",
        "POST":                             "401  403  403  403  403  200  403  403  403",
    },
    "api:article-withdrawal": {
        "GET":                              "401  405  405  405  405  405  405  405  405",
        "POST":                             "401  403  403  403  403  200  200  200  403",
    },
    "api:article-withdrawal-cancel": {
        "GET":                              "401  405  405  405  405  405  405  405  405",
        "POST":                             "401  403  403  403  403  409  409  409  403",
    },
    "api:schema": {"GET": "200", "POST": "405"},
}
# fmt: on


# --- Walking the resolver ---------------------------------------------------------------


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # django.contrib.admin: checks is_staff on every page itself
            inner = pattern.namespace or ""
            joined = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from _walk(pattern.url_patterns, joined)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name or str(pattern.pattern)


def site_routes() -> set[str]:
    return set(_walk(get_resolver().url_patterns))


def test_every_route_of_the_site_has_a_row_in_the_matrix():
    missing = sorted(site_routes() - set(MATRIX))
    assert not missing, (
        "These routes have no row in the permission matrix; add one (who may GET and POST "
        f"them) to tests/security/test_permission_matrix.py: {missing}"
    )


def test_every_row_of_the_matrix_is_a_route_of_the_site():
    assert not sorted(set(MATRIX) - site_routes())
    assert not sorted(set(MATRIX) - set(ROUTES))


# --- Asking ----------------------------------------------------------------------------


def _expand(statuses: str) -> tuple[int, ...]:
    values = tuple(int(v) for v in statuses.split())
    return values * len(ROLES) if len(values) == 1 else values


def _request(cast, name: str, method: str, role: str):
    route = ROUTES[name]
    call = route.call(method)
    url = reverse(name, kwargs=route.kwargs(cast))
    client = Client()
    user = cast.user(role)
    headers = {}
    if user is not None:
        if route.api:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {cast.tokens[role]}"
        else:
            client.force_login(user)
    data = call.data(cast) if callable(call.data) else call.data
    if method == "GET":
        return client.get(url, data or {}, **headers)
    if call.body is not None:
        body, content_type = call.body, call.content_type
    elif call.content_type == "application/json":
        body, content_type = json.dumps(data or {}), call.content_type
    else:
        return client.post(url, data or {}, **headers)  # a browser's form
    return client.generic(method, url, body, content_type=content_type, **headers)


def _observe(cast, name: str, method: str) -> tuple[tuple[int, ...], list[str]]:
    """The status each role gets, each request rolled back so that none sees another's
    effect; and the anonymous redirects that do not lead to the login page."""
    statuses, wrong_redirects = [], []
    for role in ROLES:
        cache.clear()  # rate limits and cached pages must not carry over between people
        with transaction.atomic():
            response = _request(cast, name, method, role)
            transaction.set_rollback(True)
        statuses.append(response.status_code)
        if role == "anonymous" and response.status_code == 302:
            location = response["Location"]
            if "/accounts/login/" not in location and not ROUTES[name].api:
                wrong_redirects.append(location)
    return tuple(statuses), wrong_redirects


def _methods(name: str) -> tuple[str, ...]:
    return ALL_METHODS + EXTRA_METHODS.get(name, ())


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_role_gets_the_status_the_matrix_says(cast, name):
    if os.environ.get("MATRIX_PROBE"):
        for method in _methods(name):
            observed, _ = _observe(cast, name, method)
            print(f"PROBE {name!r}: {method} {' '.join(map(str, observed))}")
        return
    rows = MATRIX[name]
    assert set(rows) == set(_methods(name)), f"{name}: write a row for each of {_methods(name)}"
    problems = []
    for method, statuses in rows.items():
        expected = _expand(statuses)
        observed, wrong_redirects = _observe(cast, name, method)
        for role, want, got in zip(ROLES, expected, observed, strict=True):
            if want != got:
                problems.append(f"{method} as {role}: expected {want}, got {got}")
        if expected[0] == 302 and expected[1] != 302 and wrong_redirects:
            # Only a signed-in person is let through: the anonymous 302 is the login page.
            problems.append(f"{method}: anonymous was sent to {wrong_redirects}, not to sign in")
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)
