"""Emails about the review workflow. The workflow schedules them with
transaction.on_commit, so they describe decisions that are already saved; a mail server that
fails only produces a log entry, never an undone decision or an error page."""

import logging
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.dispatch import Signal
from django.urls import reverse
from django.utils import dateformat, timezone

from articles.links import public_url
from articles.models import Article, Revision
from reviews.models import AssignmentState, BoardMember, ReviewAssignment
from reviews.workflow.rules import revision_quorum

logger = logging.getLogger(__name__)

# Sent with notification=<the notify_* function's name> for each email that could not be
# built or sent; the operations metrics count them (monitoring.receivers).
notification_failed = Signal()
_current: ContextVar[str] = ContextVar("notification", default="email")


def _review_link(revision: Revision) -> str:
    return public_url(reverse("reviews:revision", kwargs={"pk": revision.pk}))


def _send(*, subject: str, body: str, to: Iterable[str]) -> int:
    """Send one email per recipient; a failure is logged and the others still go out.
    Returns how many were sent."""
    sent = 0
    for address in dict.fromkeys(a for a in to if a):
        message = EmailMessage(
            subject=f"[{settings.SITE_NAME}] {subject}",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
        )
        try:
            sent += message.send()
        except Exception:
            logger.exception("Could not send the email %r to %s", subject, address)
            notification_failed.send(sender=None, notification=_current.get())
    return sent


def _guarded(func):
    """Nothing in here may raise into the caller: the decision it reports is committed."""

    def wrapper(**kwargs):
        token = _current.set(func.__name__)
        try:
            return func(**kwargs)
        except Exception:
            logger.exception("Review notification %s failed (%r)", func.__name__, kwargs)
            notification_failed.send(sender=None, notification=func.__name__)
            return 0
        finally:
            _current.reset(token)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def day(value: date, *, short: bool = False) -> str:
    """A due date as an email says it: "Friday, December 11, 2026" (short: "December 11")."""
    return dateformat.format(value, "F j" if short else "l, F j, Y")


def _matches(member: BoardMember, specialty: str) -> bool:
    wanted = specialty.strip().casefold()
    return bool(wanted) and any(s.strip().casefold() == wanted for s in member.specialties)


def board_recipients(
    *, specialty: str, quorum: int, exclude_user_ids: Iterable[int] = (), language: str = ""
) -> list[BoardMember]:
    """Active board members to ask for a review: those whose specialty matches the
    article's, as long as they alone can reach the quorum; otherwise every member whose
    approval would count (active, not an author, reviewing in the article's `language`
    when one is given), or approvals the quorum needs would come from people nobody
    told."""
    members = [
        member
        for member in BoardMember.objects.filter(is_active=True)
        .exclude(user_id__in=list(exclude_user_ids))
        .exclude(user__email="")
        .select_related("user")
        if not language or member.reviews_in(language)
    ]
    matching = [m for m in members if _matches(m, specialty)]
    return matching if len(matching) >= quorum else members


def submission_recipients(revision: Revision) -> tuple[list[ReviewAssignment], list[BoardMember]]:
    """Who is told that a revision awaits review: every board member whose approval the
    quorum needs. The active assignees (a specialty's rules assign at submission) when
    they alone can reach the quorum; otherwise the assignees and, besides them, the
    members board_recipients finds, since the approvals still missing must come from
    people somebody told."""
    article = revision.article
    quorum = revision_quorum(article=article)
    assignees = list(
        revision.assignments.filter(
            state=AssignmentState.ACTIVE, reviewer__board_member__is_active=True
        )
        .exclude(reviewer__email="")
        .select_related("reviewer")
        .order_by("pk")
    )
    if len(assignees) >= quorum:
        return assignees, []
    others = board_recipients(
        specialty=article.specialty,
        language=article.language,
        quorum=quorum - len(assignees),
        exclude_user_ids=[*revision.author_ids, *(a.reviewer_id for a in assignees)],
    )
    return assignees, others


@_guarded
def notify_submitted(*, revision_id: int) -> int:
    revision = Revision.objects.select_related("article", "submitted_by").get(pk=revision_id)
    article = revision.article
    assignees, others = submission_recipients(revision)
    body = (
        f'"{article.display_title}" (revision {revision.number}) was submitted for medical '
        f"review by {revision.submitted_by.get_full_name() or revision.submitted_by}.\n\n"
        f"What changed: {revision.comment}\n\n"
        f"Review it here: {_review_link(revision)}\n"
    )
    sent = 0
    for assignment in assignees:
        sent += _send(
            subject=f"Review by {day(assignment.due_on, short=True)}: {article.display_title}",
            body=f"You are assigned to review this revision by {day(assignment.due_on)}.\n\n{body}",
            to=[assignment.reviewer.email],
        )
    return sent + _send(
        subject=f"Review needed: {article.display_title}",
        body=body,
        to=[m.user.email for m in others],
    )


def _editors_of(revision: Revision) -> list[str]:
    return [revision.submitted_by.email, revision.article.owner.email]


@_guarded
def notify_approved(*, revision_id: int) -> int:
    revision = Revision.objects.select_related("article__owner", "submitted_by").get(pk=revision_id)
    article = revision.article
    names = "; ".join(f"{r['name']}, {r['credentials']}" for r in revision.reviewers_distinct)
    body = (
        f'Revision {revision.number} of "{article.display_title}" was approved by the '
        f"Medical Advisory Board ({names}) and is now live.\n\n"
        f"{public_url(article.get_absolute_url())}\n"
    )
    return _send(
        subject=f"Approved and published: {article.display_title}",
        body=body,
        to=_editors_of(revision),
    )


@_guarded
def notify_changes_requested(*, revision_id: int) -> int:
    revision = Revision.objects.select_related("article__owner", "submitted_by").get(pk=revision_id)
    request = revision.events.filter(action="request_changes").select_related("actor").last()
    reviewer = getattr(getattr(request.actor, "board_member", None), "signature_name", "")
    body = (
        f"A board member{f' ({reviewer})' if reviewer else ''} asked for changes to "
        f'revision {revision.number} of "{revision.article.display_title}":\n\n'
        f"{request.comment}\n\n"
        "The working copy is unlocked: make the changes and submit a new revision.\n"
        f"{_review_link(revision)}\n"
    )
    return _send(
        subject=f"Changes requested: {revision.article.display_title}",
        body=body,
        to=_editors_of(revision),
    )


@_guarded
def notify_assigned(*, assignment_id: int) -> int:
    assignment = ReviewAssignment.objects.select_related(
        "revision__article", "reviewer", "assigned_by"
    ).get(pk=assignment_id)
    if assignment.state != AssignmentState.ACTIVE:
        return 0  # reassigned or cancelled before the worker got here
    revision = assignment.revision
    due = f" by {day(assignment.due_on)}" if assignment.due_on else ""
    body = (
        f"{assignment.assigned_by.get_full_name() or assignment.assigned_by} asked you to "
        f'review revision {revision.number} of "{revision.article.display_title}"{due}.\n\n'
        f"{_review_link(revision)}\n"
    )
    return _send(
        subject=f"Please review: {revision.article.display_title}",
        body=body,
        to=[assignment.reviewer.email],
    )


def articles_due_for_review(*, today: date | None = None):
    today = today or timezone.localdate()
    return (
        # A withdrawn article is not in front of readers: nothing to re-review.
        Article.objects.filter(
            live_revision__isnull=False, withdrawn_at__isnull=True, next_review_due__lte=today
        )
        .select_related("live_revision")
        .defer("live_revision__content")
        .order_by("next_review_due", "pk")
    )


def review_reminders_send(*, today: date | None = None) -> int:
    """One digest per active board member listing the articles whose re-review is due,
    those in the member's specialty first (and none they authored: they could not
    reaffirm them). Returns the number of emails sent."""
    due = list(articles_due_for_review(today=today))
    if not due:
        return 0
    sent = 0
    members = BoardMember.objects.filter(is_active=True).exclude(user__email="")
    for member in members.select_related("user"):
        mine = [a for a in due if member.user_id not in a.live_revision.author_ids]
        mine.sort(key=lambda a: not _matches(member, a.specialty))
        if not mine:
            continue
        lines = "\n".join(
            f"- {a.display_title} (due {a.next_review_due:%Y-%m-%d}): "
            f"{public_url(a.get_absolute_url())}"
            for a in mine
        )
        body = (
            "These articles are due for their periodic medical re-review. Reaffirm each one "
            "that is still current, or ask the editors for a new revision.\n\n"
            f"{lines}\n\nYour queue: {public_url(reverse('reviews:queue'))}\n"
        )
        sent += _send(
            subject=f"{len(mine)} article(s) due for re-review",
            body=body,
            to=[member.user.email],
        )
    return sent
