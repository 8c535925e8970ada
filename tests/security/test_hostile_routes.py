"""Every route of the permission matrix that takes text (tests/security/matrix_routes.py),
web and API, gets each kind of character no text may hold (config.characters) in each of
its text fields: a NUL, an escape (C0), DEL, a C1 control, a bidi override and an isolate,
and a lone surrogate. Each is refused with a 400 that names the character, nothing is
written, and nothing is ever a 500. A property-based test then sends hostile text of every
kind (tests/security/hostile.py) to a random field of each route.

Each route is called as a role that may use it (from the permission matrix), so a refusal
is the input's, not the access check's."""

import json
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from config.characters import refused_character
from tests.conftest import PASSWORD
from tests.security.conftest import ROLES
from tests.security.hostile import WITH_DATABASE, hostile_text, row_counts
from tests.security.matrix_routes import ROUTES
from tests.security.test_permission_matrix import MATRIX, _expand

SAMPLES = {
    "NUL": "\x00",
    "ESC": "\x1b",
    "DEL": "\x7f",
    "NEL (C1)": "\x85",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "lone surrogate": "\ud800",
}
NEW_PASSWORD = "violet kettle under the stairs"
# Text a route takes that its honest call in matrix_routes does not send.
EXTRA = {
    ("editor:dashboard", "GET"): {"q": "back", "scope": "mine"},
    ("editor:questions", "GET"): {"status": "new"},
    ("audit:timeline", "GET"): {"user": "owner"},
    ("articles:detail", "GET"): {"audience": "patient"},
    ("editor:preview", "GET"): {"audience": "patient"},
    ("reviews:revision", "GET"): {"audience": "patient"},
    ("password_change", "POST"): {
        "old_password": PASSWORD,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    },
    ("password_reset_confirm", "POST"): {
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    },
    ("editor:question-draft", "POST"): {"text": "Thanks for asking."},
}
# Where a refused character goes in a raw body (an article document, a RIS file).
BODY_ANCHOR = {"text/markdown": "Heat can", "application/x-research-info-systems": "TI  - Heat"}
SUCCESS = (200, 201, 302)


def _honest_data(cast, name: str, method: str) -> dict:
    call = ROUTES[name].call(method)
    data = call.data(cast) if callable(call.data) else dict(call.data or {})
    return {**data, **EXTRA.get((name, method), {})}


def _text_fields(cast, name: str, method: str) -> list[str]:
    """The fields of an honest call that hold text ("body" for a raw document or file)."""
    call = ROUTES[name].call(method)
    if call.body is not None:
        return ["body"]
    data = _honest_data(cast, name, method)
    if ROUTES[name].api and method != "GET":
        return sorted(key for key, value in data.items() if isinstance(value, str))
    return sorted(data)  # every form or query field is text on the wire


def _cases() -> list[tuple[str, str]]:
    cases = []
    for name in sorted(ROUTES):
        for method in MATRIX[name]:
            call = ROUTES[name].call(method)
            takes_text = call.body is not None or (name, method) in EXTRA or callable(call.data)
            if takes_text or any(isinstance(value, str) for value in (call.data or {}).values()):
                cases.append((name, method))
    return cases


CASES = _cases()


def _role(name: str, method: str) -> tuple[str, int]:
    """A role that may use the route, and the status it gets for an honest call: the first
    that succeeds, else the first refused for the article's state (409), else anonymous."""
    statuses = dict(zip(ROLES, _expand(MATRIX[name][method]), strict=True))
    api = ROUTES[name].api
    for wanted in (SUCCESS, (409,)):
        for role, status in statuses.items():
            if status in wanted and not (role == "anonymous" and status == 302 and not api):
                return role, status
    return "anonymous", statuses["anonymous"]


def _send(cast, name: str, method: str, role: str, data: dict, body: str | None = None):
    route, call = ROUTES[name], ROUTES[name].call(method)
    url = reverse(name, kwargs=route.kwargs(cast))
    client, headers = Client(), {}
    user = cast.user(role)
    if user is not None:
        if route.api:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {cast.tokens[role]}"
        else:
            client.force_login(user)
    if body is not None:
        raw = body.encode("utf-8", "surrogatepass")
        return client.generic(method, url, raw, content_type=call.content_type, **headers)
    if route.api and method != "GET":
        return client.generic(
            method, url, json.dumps(data), content_type=call.content_type, **headers
        )
    # As a browser sends it: UTF-8, percent-encoded (a lone surrogate as its three bytes).
    encoded = urlencode(
        {key: str(value).encode("utf-8", "surrogatepass") for key, value in data.items()}
    )
    if method == "GET":
        return client.get(f"{url}?{encoded}", **headers)
    return client.generic(
        method, url, encoded, content_type="application/x-www-form-urlencoded", **headers
    )


def _hostile_request(cast, name, method, field, text):
    role, _ = _role(name, method)
    data = _honest_data(cast, name, method)
    body = None
    if field == "body":
        call = ROUTES[name].call(method)
        anchor = BODY_ANCHOR[call.content_type]
        body = call.body.replace(anchor, anchor + text, 1)
    else:
        data[field] = text
    return _send(cast, name, method, role, data, body)


def _cannot_carry(name: str, method: str, char: str) -> bool:
    """Only JSON can spell a lone surrogate: in a form, a URL or a UTF-8 file its three
    bytes are not UTF-8 (read as U+FFFD, or refused as not UTF-8)."""
    call = ROUTES[name].call(method)
    json_body = ROUTES[name].api and method != "GET" and call.body is None
    return not json_body and 0xD800 <= ord(char) <= 0xDFFF


def test_every_extra_text_field_is_on_a_route_of_the_matrix():
    assert set(EXTRA) <= {(name, method) for name in MATRIX for method in MATRIX[name]}


@pytest.mark.parametrize(("name", "method"), CASES, ids=[f"{n} {m}" for n, m in CASES])
def test_each_refused_character_in_each_text_field_is_a_400_and_writes_nothing(cast, name, method):
    _, honest = _role(name, method)
    problems = []
    for field in _text_fields(cast, name, method):
        for kind, char in SAMPLES.items():
            cache.clear()  # the question and API limits count every request
            with transaction.atomic():
                before = row_counts()
                response = _hostile_request(cast, name, method, field, f"Heat {char} helps")
                after = row_counts()
                transaction.set_rollback(True)
            got = response.status_code
            where = f"{field} with {kind}"
            if got >= 500:
                problems.append(f"{where}: {got}")
            elif _cannot_carry(name, method, char):
                continue  # read as U+FFFD (kept if the form accepts it) or refused as not UTF-8
            elif after != before:
                problems.append(f"{where}: {got} but rows were written")
            elif got != 400 and not (got == honest and honest not in SUCCESS):
                problems.append(f"{where}: expected 400, got {got}")
            elif got == 400 and f"U+{ord(char):04X}" not in response.content.decode():
                problems.append(f"{where}: the 400 does not name U+{ord(char):04X}")
    assert not problems, f"{method} {name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(("name", "method"), CASES, ids=[f"{n} {m}" for n, m in CASES])
@settings(WITH_DATABASE, max_examples=8)  # 50 routes: a few hundred requests in all
@given(data=st.data(), text=hostile_text)
def test_hostile_text_in_any_text_field_is_never_a_500_and_a_refusal_writes_nothing(
    cast, name, method, data, text
):
    field = data.draw(st.sampled_from(_text_fields(cast, name, method)))
    cache.clear()
    with transaction.atomic():
        before = row_counts()
        response = _hostile_request(cast, name, method, field, text)
        after = row_counts()
        transaction.set_rollback(True)
    assert response.status_code < 500, response.status_code
    found = refused_character(text)
    if found is not None and not _cannot_carry(name, method, found.char):
        assert response.status_code in (400, 409, 403, 401), response.status_code
        assert after == before
