"""Who may reach what in the workspace, and how refusals and successes are answered."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy

from articles.errors import ArticleError
from articles.models import Article
from articles.permissions import user_can_use_workspace
from articles.placed_messages import message_place


def workspace_view(view):
    """Login (anonymous people go to the login page), then the workspace check (403 for
    anyone who is neither an editor nor a board member). Pages here are private: never
    kept by a shared cache."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not user_can_use_workspace(request.user):
            raise PermissionDenied("The editors' workspace is for editors and board members.")
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


def editor_url(article: Article, anchor: str = "") -> str:
    url = reverse("editor:article", kwargs={"slug": article.slug})
    return f"{url}#{anchor}" if anchor else url


def done(request, article: Article, message: str, *, anchor: str = ""):
    """Back to the editor page, the message shown at `anchor` (the claim, section or form
    that changed; else the page's header) and focused there (articles/placed_messages.py).
    No #anchor in the address: a page opened at a fragment ignores `autofocus`."""
    message_place(request, message, place=anchor or "article")
    return redirect(editor_url(article))


def refused(
    request, article: Article | None, error, *, anchor="", kept=None, status: int | None = None
):
    """A refused change (an ArticleError, or the workflow's error), with the reason and, so
    that nothing typed is lost, what the person had written. Answered with `status`, else
    the error's own (config.errors.DomainError)."""
    status = status or error.status
    context = {
        "article": article,
        "message": error.message,
        "code": error.code,
        "back": editor_url(article, anchor) if article else reverse("editor:dashboard"),
        "kept": [(label, value) for label, value in (kept or []) if value],
    }
    return render(request, "editor/refused.html", context, status=status)


# The refusal of a move form that says nowhere, by the row it moves.
_MOVE_WHERE = {
    "section": gettext_lazy("Say where to move the section."),
    "claim": gettext_lazy("Say where to move the claim."),
    "citation": gettext_lazy("Say where to move the citation."),
}


def position_from(request, siblings, pk: int, *, noun: str) -> int:
    """Where a move form asks to put row `pk` among `siblings` (their ids, in order): it
    says "up", "down", or a 1-based position. Returns a 0-based position, or refuses with a
    sentence naming the `noun` when it says none."""
    siblings = list(siblings)
    current = siblings.index(pk) if pk in siblings else 0
    direction = request.POST.get("direction", "")
    if direction == "up":
        return max(current - 1, 0)
    if direction == "down":
        return min(current + 1, len(siblings) - 1)
    try:
        return max(int(request.POST.get("position", "")) - 1, 0)
    except ValueError:
        sentence = _MOVE_WHERE.get(noun) or f"Say where to move the {noun}."
        raise ArticleError(str(sentence), code="invalid") from None
