"""The audit pages: the timeline (all, per article, per user), its exports, and the reports.

Who may look: the timeline and exports are for staff (admins); the reports also for
editors-in-chief. A visitor who is not signed in is sent to the login page; a signed-in
user without the right answers 403.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from articles.models import Article
from articles.permissions import user_is_editor_in_chief
from audit.exports import timeline_export
from audit.forms import TimelineFilterForm
from audit.reports import reports_build
from audit.timeline import timeline_page

EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def _require_staff(request) -> None:
    if not request.user.is_staff:
        raise PermissionDenied("The audit trail is for administrators.")


def _article_name(article_id: int) -> str:
    article = Article.objects.filter(pk=article_id).values_list("question", flat=True).first()
    if article is None:
        record = Article.history.filter(id=article_id).values_list("question", flat=True).first()
        if record is None:
            raise Http404("No article has ever had this id.")
        return f"{record} (deleted)"
    return article


def _form(request, **fixed) -> TimelineFilterForm:
    data = request.GET.copy()
    for name, value in fixed.items():
        data[name] = value
    return TimelineFilterForm(data)


def _timeline(request, *, heading: str, fixed: dict):
    _require_staff(request)
    form = _form(request, **fixed)
    if not form.is_valid():
        return render(
            request,
            "audit/timeline.html",
            {"form": form, "heading": heading, "entries": [], "fixed": fixed},
            status=400,
        )
    page = timeline_page(filters=form.timeline_filter(), cursor=form.cleaned_data["after"])
    query = request.GET.copy()
    query.pop("after", None)
    for name, value in fixed.items():
        query[name] = value
    next_query = None
    if page.next_cursor is not None:
        next_query = query.copy()
        next_query["after"] = str(page.next_cursor)
    return render(
        request,
        "audit/timeline.html",
        {
            "form": form,
            "heading": heading,
            "entries": page.entries,
            "fixed": fixed,
            "filter_query": query.urlencode(),
            "next_query": next_query.urlencode() if next_query else "",
            "is_first_page": not form.cleaned_data["after"],
        },
    )


@require_GET
@login_required
def timeline(request):
    return _timeline(request, heading="Audit trail", fixed={})


@require_GET
@login_required
def article_timeline(request, article_id: int):
    _require_staff(request)
    name = _article_name(article_id)
    return _timeline(request, heading=f"Audit trail: {name}", fixed={"article": str(article_id)})


@require_GET
@login_required
def user_timeline(request, username: str):
    _require_staff(request)
    if not get_user_model().objects.filter(username=username).exists():
        raise Http404("There is no such user.")
    return _timeline(request, heading=f"Audit trail: {username}", fixed={"user": username})


@require_GET
@login_required
def timeline_export_view(request, fmt: str):
    _require_staff(request)
    if fmt not in EXPORT_TYPES:
        raise Http404("Unknown export format.")
    form = TimelineFilterForm(_without_cursor(request.GET))
    if not form.is_valid():
        return render(
            request,
            "audit/timeline.html",
            {"form": form, "heading": "Audit trail", "entries": [], "fixed": {}},
            status=400,
        )
    response = StreamingHttpResponse(
        timeline_export(filters=form.timeline_filter(), fmt=fmt), content_type=EXPORT_TYPES[fmt]
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{fmt}"'
    # The export reflects the record at this moment; never serve it from a cache.
    response["Cache-Control"] = "no-store"
    return response


def _without_cursor(query: QueryDict) -> QueryDict:
    query = query.copy()
    query.pop("after", None)
    return query


@require_GET
@login_required
def reports(request):
    if not (request.user.is_staff or user_is_editor_in_chief(request.user)):
        raise PermissionDenied("The reports are for editors-in-chief and administrators.")
    return render(request, "audit/reports.html", {"reports": reports_build()})
