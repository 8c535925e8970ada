"""The characters no text on this site may hold, defined once, and the refusal that names
the field and the character.

Refused: C0 control characters except tab, line feed and carriage return (NUL among them:
PostgreSQL cannot store it, so it was a 500 there); DEL and the C1 controls; bidirectional
embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which make a dosage or a
name read differently from what is stored; and lone surrogates (half of a UTF-16 pair, which
JSON can spell as "\\ud800" and no database can store). Nothing here is ever needed in
medical prose, a name or a search; right-to-left text needs none of them.

Who calls it: every web request's query and form fields (TextGuardMiddleware, below), every
API JSON body (api.parsers.JsonParser), the article document and reference file importers
(with the line), and the services that store text (with the field's name), so a command or
a program calling a service directly is held to the same rule. docs/security.md."""

import re
from dataclasses import dataclass

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext

from config.middleware import API_PREFIX, FORM_TYPES

REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
CODE = "control_character"


@dataclass(frozen=True)
class RefusedCharacter:
    char: str
    position: int  # 1-based, counted in characters
    line: int
    column: int
    multiline: bool

    @property
    def kind(self) -> str:
        code = ord(self.char)
        if 0xD800 <= code <= 0xDFFF:
            return gettext("a lone surrogate")
        if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
            return gettext("a bidirectional-text control")
        return gettext("a control character")

    @property
    def where(self) -> str:
        if self.multiline:
            return gettext("line %(line)d, column %(column)d") % {
                "line": self.line,
                "column": self.column,
            }
        return gettext("position %(position)d") % {"position": self.position}

    @property
    def described(self) -> str:
        """'a control character (U+0000)'"""
        return f"{self.kind} (U+{ord(self.char):04X})"

    def message(self, label: str) -> str:
        """'Claim text contains a control character (U+0000) at position 12; remove it.'"""
        return gettext("%(label)s contains %(character)s at %(where)s; remove it.") % {
            "label": label,
            "character": self.described,
            "where": self.where,
        }


def refused_character(text: str) -> RefusedCharacter | None:
    """The first refused character in `text`, with where it is, or None."""
    match = REFUSED.search(text)
    if match is None:
        return None
    start = match.start()
    line_start = text.rfind("\n", 0, start) + 1
    return RefusedCharacter(
        char=match.group(0),
        position=start + 1,
        line=text.count("\n", 0, start) + 1,
        column=start - line_start + 1,
        multiline="\n" in text,
    )


def refused_message(text: str, *, label: str) -> str | None:
    """The refusal for `text` as the field `label`, or None when it is clean."""
    found = refused_character(text) if isinstance(text, str) else None
    return found.message(label) if found else None


def refused_in_tree(value, *, path: str = "") -> tuple[str, str] | None:
    """(where, message) for the first refused character in parsed JSON (keys included),
    where being a path such as 'author[0].family'; None when all of it is clean. Walks
    without recursion: the body may be nested as deep as the parser allows."""
    stack = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            message = refused_message(item, label=f"'{where}'" if where else "The body")
            if message:
                return where or "non_field_errors", message
        elif isinstance(item, dict):
            for key, inner in reversed(list(item.items())):
                inner_path = f"{where}.{key}" if where else str(key)
                if message := refused_message(str(key), label=f"The key '{inner_path}'"):
                    return where or "non_field_errors", message
                stack.append((inner_path, inner))
        elif isinstance(item, list):
            stack.extend(
                (f"{where}[{index}]", inner) for index, inner in reversed(list(enumerate(item)))
            )
    return None


def _label(name: str) -> str:
    return "The search" if name == "q" else f"The field '{name}'"


def request_refusal(request) -> tuple[str, str] | None:
    """(field, message) for the first refused character in the request's query string or
    form fields (names included), or None. The API's JSON bodies are checked by its parser."""
    sources = [request.GET]
    if request.method == "POST" and request.content_type in FORM_TYPES and not _is_api(request):
        sources.append(request.POST)
    for source in sources:
        for name, values in source.lists():
            if message := refused_message(name, label=f"A field name ({name!r})"):
                return name, message
            for value in values:
                if message := refused_message(value, label=_label(name)):
                    return name, message
    return None


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


class TextGuardMiddleware:
    """Refuse a request whose query or form fields hold a refused character: 400, an HTML
    page naming the field, the character and where it is (JSON in the API's shape under
    /api/), before any view or form sees it. Nothing is written; the browser's Back button
    returns to the form with what was typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = request_refusal(request)
        if refusal is None:
            return self.get_response(request)
        field, message = refusal
        if _is_api(request):
            from api.errors import error_body  # the API's one error shape

            return JsonResponse(error_body(CODE, message, {field: [message]}), status=400)
        html = render_to_string("input_refused.html", {"detail": message}, request=request)
        return HttpResponse(html, status=400)
