"""The public site: index, article page, follow-up questions."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from articles.audiences import audience_or_default, audiences, default_audience
from articles.forms import ReaderQuestionForm
from articles.models import Article, RevisionState
from articles.ratelimit import client_ip, rate_limit_hit
from articles.rendering import article_render
from articles.selectors import article_shown_revision, articles_public
from articles.services import reader_question_create

AUDIENCE_COOKIE = "audience"
STEPS = (
    (RevisionState.SUBMITTED, "Submitted"),
    (RevisionState.UNDER_REVIEW, "Under Review"),
    (RevisionState.APPROVED, "Approved"),
)
# Where each revision state stands on the three-step stepper readers see.
STEP_OF_STATE = {
    RevisionState.SUBMITTED: 0,
    RevisionState.UNDER_REVIEW: 1,
    RevisionState.CHANGES_REQUESTED: 1,
    RevisionState.APPROVED: 2,
    RevisionState.WITHDRAWN: 0,
}
QUESTION_RATE = (5, 600)  # questions per client per ten minutes


def stepper(state: str) -> list[dict]:
    current = STEP_OF_STATE[state]
    return [
        {
            "label": label,
            "done": i < current or state == RevisionState.APPROVED,
            "current": i == current,
        }
        for i, (_, label) in enumerate(STEPS)
    ]


@require_GET
def article_index(request):
    articles = (
        articles_public()
        .select_related("live_revision", "pending_revision")
        .defer("live_revision__content", "pending_revision__content")
    )
    return render(request, "articles/index.html", {"articles": articles.order_by("question")})


def _article_for_reader(slug: str) -> tuple[Article, object]:
    article = get_object_or_404(Article.objects.select_related("live_revision"), slug=slug)
    if article.live_revision_id is None and article.pending_revision_id:
        # Fetched only when needed: the pending revision is invisible once one is live.
        article = get_object_or_404(
            Article.objects.select_related("pending_revision"), pk=article.pk
        )
    revision = article_shown_revision(article)
    if revision is None:
        raise Http404("This article has not been published.")
    return article, revision


@require_GET
def article_detail(request, slug: str):
    requested = request.GET.get("audience")
    if requested is None:
        remembered = request.COOKIES.get(AUDIENCE_COOKIE)
        if remembered and audience_or_default(remembered) != default_audience():
            # Each audience has its own URL so that shared caches never mix them up.
            url = reverse("articles:detail", kwargs={"slug": slug})
            return redirect(f"{url}?{urlencode({'audience': remembered})}")
    audience = audience_or_default(requested)
    article, revision = _article_for_reader(slug)
    response = render(
        request,
        "articles/detail.html",
        _detail_context(article=article, revision=revision, audience=audience),
    )
    if requested is not None:
        response.set_cookie(
            AUDIENCE_COOKIE, audience, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response


def _detail_context(*, article: Article, revision, audience: str, preview: bool = False) -> dict:
    rendered = article_render(content=revision.content, audience=audience)
    return {
        "article": article,
        "revision": revision,
        "rendered": rendered,
        "audiences": audiences(),
        "audience": audience,
        "is_default_audience": audience == default_audience(),
        "is_approved": revision.state == RevisionState.APPROVED,
        "steps": stepper(revision.state),
        "question_form": ReaderQuestionForm(),
        "question_max_length": settings.READER_QUESTION_MAX_LENGTH,
        "preview": preview,
    }


def article_question(request, slug: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article, _revision = _article_for_reader(slug)
    audience = audience_or_default(request.POST.get("audience"))
    back = article.get_absolute_url()
    if audience != default_audience():
        back += "?" + urlencode({"audience": audience})
    limit, window = QUESTION_RATE
    if rate_limit_hit(scope="question", key=client_ip(request), limit=limit, window_seconds=window):
        return HttpResponse(
            "You have sent several questions in a short time. Please wait a few minutes.",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    form = ReaderQuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back + "#follow-up")
    if not form.is_spam:
        reader_question_create(article=article, audience=audience, text=form.cleaned_data["text"])
    # Bots get the same answer as people, so the honeypot does not reveal itself.
    messages.success(request, "Thank you. Our editors read every question.")
    return redirect(back + "#follow-up")
