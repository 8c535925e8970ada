"""The dashboard, starting an article, and the readability endpoint the editor's script
calls as an editor types."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.audiences import audience_or_default
from articles.errors import ArticleError
from articles.permissions import user_can_create_articles
from articles.placed_messages import message_place
from articles.readability import text_readability
from articles.services import article_create
from desk.selectors import dashboard_for, user_can_see_all_articles
from desk.views.access import workspace_view
from desk.views.forms import NewArticleForm

# Enough for any one claim text; a longer body is not an editor typing.
READABILITY_MAX_CHARS = 20_000


@require_GET
@workspace_view
def dashboard(request):
    board = dashboard_for(
        user=request.user, scope=request.GET.get("scope", "mine"), query=request.GET.get("q", "")
    )
    context = {
        "board": board,
        "can_create": user_can_create_articles(request.user),
        "can_see_all": user_can_see_all_articles(request.user),
    }
    return render(request, "editor/dashboard.html", context)


@require_http_methods(["GET", "POST"])
@workspace_view
def article_new(request):
    if not user_can_create_articles(request.user):
        raise PermissionDenied("Only editors can start articles.")
    form = NewArticleForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                article = article_create(actor=request.user, **form.cleaned_data)
            except ArticleError as error:
                form.add_error(None, error.message)
                status = 409 if error.code == "duplicate" else 400
            else:
                message_place(
                    request,
                    gettext("The article was started. Write its lead summary below."),
                    place="article",
                )
                return redirect(reverse("editor:article", kwargs={"slug": article.slug}))
    return render(request, "editor/article_new.html", {"form": form}, status=status)


@require_POST
@workspace_view
def readability(request):
    """The grade of `text` against `audience`'s target, as JSON."""
    text = request.POST.get("text", "")
    if len(text) > READABILITY_MAX_CHARS:
        return JsonResponse(
            {"error": f"Send at most {READABILITY_MAX_CHARS:,} characters."}, status=400
        )
    audience = audience_or_default(request.POST.get("audience"))
    return JsonResponse(text_readability(text=text, audience=audience).as_dict())
