"""Readers' follow-up questions: the editors' inbox at /editor/questions/."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from articles.errors import ArticleError
from articles.models import QuestionStatus, ReaderQuestion
from articles.permissions import user_can_triage_questions
from articles.placed_messages import message_place
from articles.services import article_create_from_question, reader_question_set_status
from desk.views.access import editor_url, refused, workspace_view

PER_PAGE = 50


def _require_triage(request) -> None:
    if not user_can_triage_questions(request.user):
        raise PermissionDenied("Readers' questions are for editors.")


def _back(request) -> str:
    """The list the question was marked from: one status, or all of them (shown empty)."""
    status = request.POST.get("shown", "")
    url = reverse("editor:questions")
    return f"{url}?{urlencode({'status': status if status in QuestionStatus.values else 'all'})}"


@require_GET
@workspace_view
def question_list(request):
    _require_triage(request)
    status = request.GET.get("status", QuestionStatus.NEW)
    questions = ReaderQuestion.objects.select_related("article").order_by("-created_at", "-pk")
    if status in QuestionStatus.values:
        questions = questions.filter(status=status)
    else:
        status = ""
    page = Paginator(questions, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": QuestionStatus.choices,
        "article": None,
    }
    return render(request, "editor/questions.html", context)


@require_POST
@workspace_view
def question_status(request, pk: int):
    _require_triage(request)
    question = get_object_or_404(ReaderQuestion, pk=pk)
    try:
        question = reader_question_set_status(
            question=question, actor=request.user, status=request.POST.get("status", "")
        )
    except ArticleError as error:
        return refused(request, None, error)
    label = gettext(QuestionStatus(question.status).label).lower()
    shown = request.POST.get("shown", "")
    # Next to the question when the list still shows it, else above the list.
    place = f"question-{pk}" if shown in ("", question.status) else "questions"
    message_place(request, gettext("Question marked %(status)s.") % {"status": label}, place=place)
    return redirect(_back(request))


@require_POST
@workspace_view
def question_draft(request, pk: int):
    _require_triage(request)
    question = get_object_or_404(ReaderQuestion, pk=pk)
    try:
        article = article_create_from_question(question=question, actor=request.user)
    except ArticleError as error:
        return refused(request, None, error)
    message_place(
        request, gettext("A draft article was started from the question."), place="article"
    )
    return redirect(editor_url(article))
