"""Submitting the working copy for review: the checks, the snapshot, the authors."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from articles.checks import submission_problems
from articles.disclosure import ai_disclosure_clean, public_summary_clean
from articles.errors import ArticleError
from articles.models import OPEN_STATES, Article, ChangeType, Revision, RevisionState
from articles.permissions import article_can_edit
from articles.snapshot import content_hash, working_copy_snapshot
from config.history import history_save
from reviews import tasks
from reviews.authorship import revision_author_ids
from reviews.errors import CONFLICT, FORBIDDEN, INVALID, WorkflowError
from reviews.events import event_record
from reviews.models import Action
from reviews.workflow.assignments import assignments_from_rules
from reviews.workflow.classification import change_type_clean
from reviews.workflow.rules import (
    _after_commit,
    _required_text,
    _save,
)


@transaction.atomic
def revision_submit(
    *,
    article: Article,
    actor,
    comment: str,
    change_type: str = ChangeType.UPDATE,
    public_summary: str | None = None,
    ai_disclosure: dict | None = None,
) -> Revision:
    """Freeze the working copy into a new revision for the board to review. The web form
    makes the submitter choose `change_type`; API clients that send none get "update".

    `comment` is the note to reviewers and is never public; `public_summary` is what readers
    are told changed. A caller that offers a summary field (the desk, an API client that
    sends one) must fill it; None takes the imported document's `change-summary`, if any.
    `ai_disclosure` (articles/disclosure.py) likewise falls back to the document's block."""
    # Long: one transition under one lock: checks, snapshot, authors, rows, event, in order.
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not article_can_edit(actor, article):
        raise WorkflowError(
            gettext(
                "Only the article's owner, its co-editors or an editor-in-chief can submit it."
            ),
            code="not_editor",
            status=FORBIDDEN,
        )
    comment = _required_text(
        comment,
        code="comment_required",
        message=gettext("Say what changed and why, so reviewers know what to look at."),
    )
    change_type = change_type_clean(change_type)
    if public_summary is None:
        public_summary = article.draft_change_summary
    elif not public_summary.strip():
        raise WorkflowError(
            gettext(
                "Write what changed for readers; it is shown on the article page once approved."
            ),
            code="public_summary_required",
            status=INVALID,
        )
    try:
        public_summary = public_summary_clean(public_summary)
        ai_disclosure = ai_disclosure_clean(
            article.draft_ai_disclosure if ai_disclosure is None else ai_disclosure
        )
    except ArticleError as refusal:
        raise WorkflowError(refusal.message, code=refusal.code, status=INVALID) from None
    if article.revisions.filter(state__in=OPEN_STATES).exists():
        raise WorkflowError(
            gettext(
                "This article already has a revision in review; withdraw it or wait for the "
                "board's decision before submitting another."
            ),
            code="revision_open",
            status=CONFLICT,
        )
    problems = submission_problems(article=article)
    errors = [p for p in problems if p.is_error]
    if errors:
        first = ngettext(
            "The article cannot be submitted yet: fix %(count)d problem first.",
            "The article cannot be submitted yet: fix %(count)d problems first.",
            len(errors),
        ) % {"count": len(errors)}
        raise WorkflowError(
            " ".join([first, *(p.message for p in errors)]),
            code="submission_problems",
            status=CONFLICT,
            problems=problems,
        )
    content = working_copy_snapshot(article)
    digest = content_hash(content)
    live = article.live_revision
    # A withdrawn article may come back unchanged: the board decides on it again.
    if live is not None and live.content_hash == digest and article.withdrawn_at is None:
        raise WorkflowError(
            gettext(
                "Nothing changed since the live revision, so there is nothing to review. "
                "A board member can reaffirm that it is still current instead."
            ),
            code="unchanged",
            status=CONFLICT,
        )
    last_approved = (
        article.revisions.filter(state=RevisionState.APPROVED).order_by("-number").first()
    )
    authors = revision_author_ids(
        article=article,
        content=content,
        since=last_approved.submitted_at if last_approved else None,
    )
    authors.add(actor.pk)
    now = timezone.now()
    number = (article.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = Revision(
        article=article,
        number=number,
        content=content,
        content_hash=digest,
        state=RevisionState.SUBMITTED,
        comment=comment,
        submitted_by=actor,
        submitted_at=now,
        author_ids=sorted(authors),
        restored_from_id=article.draft_restored_from_id,
        change_type=change_type,
        public_summary=public_summary,
        ai_disclosure=ai_disclosure,
        source_revision_id=article.source_revision_id,
    )
    try:
        with transaction.atomic():
            history_save(revision, actor=actor, reason="Submitted for review")
    except IntegrityError:
        # The one-open-revision constraint: only reachable if a row appeared despite the
        # article lock (e.g. written by something that bypasses this module).
        raise WorkflowError(
            gettext("This article already has a revision in review."),
            code="revision_open",
            status=CONFLICT,
        ) from None
    article.pending_revision = revision
    # Recorded on the revision from now on.
    article.draft_restored_from = None
    article.draft_change_summary = ""
    article.draft_ai_disclosure = None
    _save(
        article,
        actor=actor,
        reason=f"Revision {number} submitted for review",
        fields=[
            "pending_revision",
            "draft_restored_from",
            "draft_change_summary",
            "draft_ai_disclosure",
            "updated_at",
        ],
    )
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.SUBMIT,
        to_state=RevisionState.SUBMITTED,
        comment=comment,
        # What readers will be told, in the chain with the change type (when given).
        details={
            "change_type": change_type.value,
            **({"public_summary": public_summary} if public_summary else {}),
            **({"ai_disclosure": ai_disclosure} if ai_disclosure else {}),
        },
    )
    # The specialty's rules assign their reviewers before anyone is told: the submission's
    # email then goes to the assignees (reviews.notifications.submission_recipients).
    assignments_from_rules(article=article, revision=revision, actor=actor, now=now)
    _after_commit(tasks.notify_submitted, revision_id=revision.pk)
    return revision
