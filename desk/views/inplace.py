"""How the desk answers a change made in place (htmx, `request.htmx` from django-htmx).

Every editing view answers two ways from the same code: a plain form POST gets a redirect
back to the anchor of what it changed (desk.views.access.done) or the refusal page; a
request from htmx gets only the piece of the page that changed, and the browser swaps it in
where the change was made (static/js/desk.js). Alongside the piece:

- `X-Desk-Versions`: the fresh version tokens of the rows the change touched, by element
  id, which desk.js writes into the forms that carry them, so the next save is checked
  against what the editor now sees (articles/versions.py);
- `X-Desk-Place`: for a move, where the moved claim or section now stands, which desk.js
  applies to the page without redrawing anything else (an open claim keeps what is typed);
- `HX-Trigger: desk:changed`, which refreshes the "before you submit" panel;
- `X-Desk-Done`: the confirmation and its place (the id of the claim, section or form that
  changed), which desk.js shows in that place's slot, as a page load shows a placed message
  there (articles/placed_messages.py). The page's status region reads it out as well.

A refusal answers with its own status and a short message (`X-Desk-Refusal`), which desk.js
shows next to the form that was sent, leaving that form, and what is typed in it, as it was.
"""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from articles import versions
from articles.models import Claim
from desk.views.access import done, refused

CHANGED = "desk:changed"


def is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


def versions_for(*, claims=(), sections=()) -> dict[str, str]:
    """Fresh tokens for these claims and sections, keyed as the page names them."""
    tokens = {f"claim-{pk}": token for pk, token in versions.claim_versions(claims).items()}
    tokens |= {f"section-{pk}": token for pk, token in versions.section_versions(sections).items()}
    return tokens


def section_claim_ids(*section_ids) -> list[int]:
    claims = Claim.objects.filter(section_id__in=section_ids).order_by("section_id", "order")
    return list(claims.values_list("pk", flat=True))


def fragment(
    request,
    template: str,
    context: dict,
    *,
    message: str,
    tokens: dict[str, str] | None = None,
    place: dict | None = None,
    status: int = 200,
    done_at: str = "",
) -> HttpResponse:
    """The changed piece, with the confirmation read out by the page's status region and,
    when `done_at` names its place, shown there."""
    body = render_to_string(template, context, request=request) if template else ""
    body += render_to_string("editor/_status.html", {"message": message}, request=request)
    response = HttpResponse(body, status=status)
    if tokens:
        response["X-Desk-Versions"] = json.dumps(tokens)
    if place:
        response["X-Desk-Place"] = json.dumps(place)
    if done_at:
        response["X-Desk-Done"] = json.dumps({"place": done_at, "message": message})
    response["HX-Trigger"] = CHANGED
    return response


def answer(
    request,
    article,
    message: str,
    *,
    anchor: str,
    template: str = "",
    context: dict | None = None,
    tokens: dict[str, str] | None = None,
    place: dict | None = None,
    placed: bool = True,
):
    """Success: the piece for htmx, else back to the editor page with the message at the
    anchor. `placed=False`: a message that is not a confirmation, only read out."""
    if not is_htmx(request):
        return done(request, article, message, anchor=anchor)
    return fragment(
        request,
        template,
        context or {},
        message=message,
        tokens=tokens,
        place=place,
        done_at=anchor if placed else "",
    )


def refusal(request, article, error, *, anchor="", kept=None):
    """A refused change: for htmx a message beside the form (which keeps what was typed),
    else the refusal page with what was typed (desk.views.access.refused)."""
    if not is_htmx(request):
        return refused(request, article, error, anchor=anchor, kept=kept)
    context = {"message": error.message, "code": error.code}
    response = render(request, "editor/_refusal.html", context, status=error.status)
    response["X-Desk-Refusal"] = error.code
    return response
