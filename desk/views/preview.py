"""The working copy exactly as readers will see it: the public page's own template and
context (articles.reader.page_context), given an unsaved revision of the working copy."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from articles.access import article_for
from articles.audiences import audience_or_default
from articles.models import Revision, RevisionState
from articles.reader import page_context, reader_dates, stepper
from articles.snapshot import working_copy_snapshot
from desk.views.access import workspace_view


def working_copy_revision(article) -> Revision:
    """Never saved: it only carries the content to the renderer."""
    return Revision(
        article=article,
        content=working_copy_snapshot(article),
        state=RevisionState.SUBMITTED,
        submitted_at=timezone.now(),
    )


@require_GET
@workspace_view
def article_preview(request, slug: str):
    article = article_for(request.user, slug)
    audience = audience_or_default(request.GET.get("audience"))
    revision = working_copy_revision(article)
    context = page_context(
        article=article,
        revision=revision,
        audience=audience,
        dates=reader_dates(article, revision),
    )
    context["preview"] = True
    # The working copy is the revision in review while one is open (it is locked); else
    # it has not been submitted, and no step of the review is current.
    pending = article.pending_revision
    context["steps"] = stepper(pending.state if pending else None)
    return render(request, "articles/detail.html", context)
