"""The editors' workspace pages that need the review workflow: submitting the working
copy, withdrawing a revision, and the article's history (revisions with their review
record, comparison of any two, restore). They live here because reviews may import
articles but never the reverse; their URLs are under /editor/articles/<slug>/ like the
rest of the workspace (docs/editor.md)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.access import article_for
from articles.checks import submission_problems
from articles.disclosure import PUBLIC_SUMMARY_MAX_LENGTH
from articles.models import ChangeType, Revision
from articles.permissions import article_can_edit
from articles.placed_messages import message_place
from articles.snapshot import working_copy_snapshot
from articles.versions import working_copy_version
from desk.review_notes import article_review_record, revision_by_number
from desk.selectors import revisions_for_history
from desk.views.access import (
    editor_url,
    refused,
    workspace_view,
)
from reviews.diff import revision_diff
from reviews.errors import WorkflowError
from reviews.workflow import revision_submit, revision_withdraw

WORKING_COPY = "working"


@require_http_methods(["GET", "POST"])
@workspace_view
def article_submit(request, slug: str):
    """The submission checks, every problem linked to its claim, and the comment form."""
    article = article_for(request.user, slug, edit=True)
    comment = request.POST.get("comment", "")
    change_type = request.POST.get("change_type", "")
    public_summary = request.POST.get("public_summary", article.draft_change_summary)
    error, status = None, 200
    if request.method == "POST":
        try:
            # No default here: on the web the submitter always chooses the kind of change.
            revision = revision_submit(
                article=article,
                actor=request.user,
                comment=comment,
                change_type=change_type,
                public_summary=public_summary,
            )
        except WorkflowError as refusal:
            error, status = refusal, refusal.status
        else:
            message_place(
                request,
                gettext(
                    "Revision %(number)s was submitted for review. The working copy is locked "
                    "until the board decides or you withdraw it."
                )
                % {"number": revision.number},
                place="review-state",
            )
            return redirect(editor_url(article))
    problems = (error.problems if error and error.problems else None) or submission_problems(
        article=article
    )
    context = {
        "article": article,
        "errors": [p for p in problems if p.is_error],
        "warnings": [p for p in problems if not p.is_error],
        "comment": comment,
        "public_summary": public_summary,
        "public_summary_max_length": PUBLIC_SUMMARY_MAX_LENGTH,
        "change_type": change_type,
        "change_types": ChangeType.choices,
        "error": error,
        "locked": article.pending_revision_id is not None,
        "editor_url": editor_url(article),
    }
    return render(request, "editor/submit.html", context, status=status)


@require_POST
@workspace_view
def article_withdraw(request, slug: str):
    article = article_for(request.user, slug, edit=True)
    revision = Revision.objects.filter(pk=article.pending_revision_id).first()
    comment = request.POST.get("comment", "")
    try:
        if revision is None:
            raise WorkflowError(
                gettext("This article has no revision in review."), code="not_open", status=409
            )
        revision_withdraw(revision=revision, actor=request.user, comment=comment)
    except WorkflowError as refusal:
        return refused(request, article, refusal, kept=[(gettext("Comment"), comment)])
    message_place(
        request,
        gettext("Revision %(number)s was withdrawn; the working copy can be edited.")
        % {"number": revision.number},
        place="article",
    )
    return redirect(editor_url(article))


@require_GET
@workspace_view
def article_history(request, slug: str):
    """Every revision with its state, signatures and workflow events."""
    article = article_for(request.user, slug)
    revisions = list(revisions_for_history(article))
    events, signatures = article_review_record(article=article)
    rows = [
        {"revision": r, "events": events.get(r.pk, []), "signatures": signatures.get(r.pk, [])}
        for r in revisions
    ]
    context = {
        "article": article,
        "rows": rows,
        "revisions": revisions,
        "version": working_copy_version(article),
        "may_restore": article_can_edit(request.user, article) and not article.pending_revision_id,
    }
    return render(request, "editor/history.html", context)


def _content_of(article, key: str) -> tuple[str, dict]:
    if key == WORKING_COPY:
        return gettext("the working copy"), working_copy_snapshot(article)
    revision = revision_by_number(article, key)
    if revision is None:
        raise Http404("This article has no such revision.")
    return gettext("revision %(number)s") % {"number": revision.number}, revision.content


@require_GET
@workspace_view
def article_compare(request, slug: str):
    """Two revisions (or a revision and the working copy), claim by claim, with the same
    diff reviewers see."""
    article = article_for(request.user, slug)
    old_label, old = _content_of(article, request.GET.get("old", ""))
    new_label, new = _content_of(article, request.GET.get("new", WORKING_COPY))
    context = {
        "article": article,
        "diff": revision_diff(old=old, new=new),
        "old_label": old_label,
        "new_label": new_label,
        "revisions": list(revisions_for_history(article)),
        "old_key": request.GET.get("old", ""),
        "new_key": request.GET.get("new", WORKING_COPY),
    }
    return render(request, "editor/compare.html", context)
