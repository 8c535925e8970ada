"""Who may reach what in the workspace, and how refusals and successes are answered."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from articles.models import Article
from articles.permissions import (
    article_can_edit,
    article_can_view_working_copy,
    user_can_use_workspace,
)

# The status each ArticleError code answers with.
STATUS = {
    "forbidden": 403,
    "not_found": 404,
    "locked": 409,
    "stale": 409,
    "duplicate": 409,
}


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


def _get_article_for_editor(request, slug: str, *, edit: bool = False) -> Article:
    """The one access check for an article in the workspace: its editors may change it;
    they and active board members may read its working copy; anyone else gets 403."""
    article = get_object_or_404(Article.objects.select_related("owner"), slug=slug)
    allowed = (
        article_can_edit(request.user, article)
        if edit
        else article_can_view_working_copy(request.user, article)
    )
    if not allowed:
        if edit and article_can_view_working_copy(request.user, article):
            raise PermissionDenied("You can read this working copy but not change it.")
        raise PermissionDenied("Only this article's editors can open it.")
    return article


def editor_url(article: Article, anchor: str = "") -> str:
    url = reverse("editor:article", kwargs={"slug": article.slug})
    return f"{url}#{anchor}" if anchor else url


def done(request, article: Article, message: str, *, anchor: str = ""):
    messages.success(request, message)
    return redirect(editor_url(article, anchor))


def refused(
    request, article: Article | None, error, *, anchor="", kept=None, status: int | None = None
):
    """A refused change (an ArticleError, or the workflow's error), with the reason and, so
    that nothing typed is lost, what the person had written. Answered with `status`, else
    the status of the error's code (400 by default)."""
    status = status or getattr(error, "status", None) or STATUS.get(error.code, 400)
    context = {
        "article": article,
        "message": error.message,
        "code": error.code,
        "back": editor_url(article, anchor) if article else reverse("editor:dashboard"),
        "kept": [(label, value) for label, value in (kept or []) if value],
    }
    return render(request, "editor/refused.html", context, status=status)


def position_from(request, current: int, count: int) -> int | None:
    """A move form says "up", "down", or a 1-based position; returns a 0-based one."""
    direction = request.POST.get("direction", "")
    if direction == "up":
        return max(current - 1, 0)
    if direction == "down":
        return min(current + 1, count - 1)
    try:
        return max(int(request.POST.get("position", "")) - 1, 0)
    except ValueError:
        return None
