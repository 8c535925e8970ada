"""Emails about the review workflow. The workflow schedules them with
transaction.on_commit, so they describe decisions that are already saved; a mail server that
fails only produces a log entry, never an undone decision or an error page.

Each email is written in its recipient's language (recipient_language): a board member's
first review language when the interface speaks it, else the site's default; the project
records no other person's language. So every email is put into words per recipient, inside
translation.override."""

import logging
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.dispatch import Signal
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext, ngettext

from articles.interface_language import interface_language
from articles.links import public_url
from articles.models import Article, Revision
from reviews.models import AssignmentState, BoardMember, ReviewAssignment
from reviews.workflow.rules import revision_quorum

logger = logging.getLogger(__name__)

# Sent with notification=<the notify_* function's name> for each email that could not be
# built or sent; the operations metrics count them (monitoring.receivers).
notification_failed = Signal()
_current: ContextVar[str] = ContextVar("notification", default="email")


def recipient_language(user) -> str:
    """The language an email to `user` is written in: the first language a board member
    reviews in (BoardMember.languages, which the member lists in their own order) when the
    interface has a catalogue for it, else the site's default (settings.LANGUAGE_CODE)."""
    member = BoardMember.objects.filter(user_id=user.pk).only("languages").first()
    languages = member.languages if member and isinstance(member.languages, list) else []
    return interface_language(languages[0] if languages else None)


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
    """A due date as an email says it, in the active language: "Friday, December 11, 2026"
    (short: "December 11"); Spanish "viernes 11 de diciembre de 2026"."""
    return dateformat.format(value, gettext("F j") if short else gettext("l, F j, Y"))


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


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _submitted_body(revision: Revision) -> str:
    values = {
        "title": revision.article.display_title,
        "number": revision.number,
        "name": _name(revision.submitted_by),
        "comment": revision.comment,
        "link": _review_link(revision),
    }
    return (
        gettext(
            '"%(title)s" (revision %(number)s) was submitted for medical review by '
            "%(name)s.\n\nWhat changed: %(comment)s\n\nReview it here: %(link)s\n"
        )
        % values
    )


@_guarded
def notify_submitted(*, revision_id: int) -> int:
    revision = Revision.objects.select_related("article", "submitted_by").get(pk=revision_id)
    title = revision.article.display_title
    assignees, others = submission_recipients(revision)
    sent = 0
    for assignment in assignees:
        with translation.override(recipient_language(assignment.reviewer)):
            by = {"title": title, "short": day(assignment.due_on, short=True)}
            assigned = gettext("You are assigned to review this revision by %(day)s.") % {
                "day": day(assignment.due_on)
            }
            sent += _send(
                subject=gettext("Review by %(short)s: %(title)s") % by,
                body=f"{assigned}\n\n{_submitted_body(revision)}",
                to=[assignment.reviewer.email],
            )
    for member in others:
        with translation.override(recipient_language(member.user)):
            sent += _send(
                subject=gettext("Review needed: %(title)s") % {"title": title},
                body=_submitted_body(revision),
                to=[member.user.email],
            )
    return sent


def _editors_of(revision: Revision) -> list:
    """The submitter and the owner, once each."""
    people = {revision.submitted_by.pk: revision.submitted_by}
    people.setdefault(revision.article.owner.pk, revision.article.owner)
    return list(people.values())


@_guarded
def notify_approved(*, revision_id: int) -> int:
    revision = Revision.objects.select_related("article__owner", "submitted_by").get(pk=revision_id)
    article = revision.article
    names = "; ".join(f"{r['name']}, {r['credentials']}" for r in revision.reviewers_distinct)
    values = {
        "number": revision.number,
        "title": article.display_title,
        "names": names,
        "link": public_url(article.get_absolute_url()),
    }
    sent = 0
    for editor in _editors_of(revision):
        with translation.override(recipient_language(editor)):
            body = gettext(
                'Revision %(number)s of "%(title)s" was approved by the Medical Advisory '
                "Board (%(names)s) and is now live.\n\n%(link)s\n"
            )
            sent += _send(
                subject=gettext("Approved and published: %(title)s") % values,
                body=body % values,
                to=[editor.email],
            )
    return sent


@_guarded
def notify_changes_requested(*, revision_id: int) -> int:
    revision = Revision.objects.select_related("article__owner", "submitted_by").get(pk=revision_id)
    request = revision.events.filter(action="request_changes").select_related("actor").last()
    reviewer = getattr(getattr(request.actor, "board_member", None), "signature_name", "")
    values = {
        "reviewer": reviewer,
        "number": revision.number,
        "title": revision.article.display_title,
        "comment": request.comment,
        "link": _review_link(revision),
    }
    sent = 0
    for editor in _editors_of(revision):
        with translation.override(recipient_language(editor)):
            if reviewer:
                asked = gettext(
                    "A board member (%(reviewer)s) asked for changes to revision %(number)s "
                    'of "%(title)s":'
                )
            else:
                asked = gettext(
                    'A board member asked for changes to revision %(number)s of "%(title)s":'
                )
            unlocked = gettext(
                "The working copy is unlocked: make the changes and submit a new revision."
            )
            sent += _send(
                subject=gettext("Changes requested: %(title)s") % values,
                body=f"{asked % values}\n\n{request.comment}\n\n{unlocked}\n{values['link']}\n",
                to=[editor.email],
            )
    return sent


@_guarded
def notify_assigned(*, assignment_id: int) -> int:
    assignment = ReviewAssignment.objects.select_related(
        "revision__article", "reviewer", "assigned_by"
    ).get(pk=assignment_id)
    if assignment.state != AssignmentState.ACTIVE:
        return 0  # reassigned or cancelled before the worker got here
    revision = assignment.revision
    with translation.override(recipient_language(assignment.reviewer)):
        values = {
            "name": _name(assignment.assigned_by),
            "number": revision.number,
            "title": revision.article.display_title,
            "link": _review_link(revision),
        }
        if assignment.due_on:
            values["day"] = day(assignment.due_on)
            body = gettext(
                '%(name)s asked you to review revision %(number)s of "%(title)s" by '
                "%(day)s.\n\n%(link)s\n"
            )
        else:
            body = gettext(
                '%(name)s asked you to review revision %(number)s of "%(title)s".\n\n%(link)s\n'
            )
        return _send(
            subject=gettext("Please review: %(title)s") % values,
            body=body % values,
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
        with translation.override(recipient_language(member.user)):
            sent += _send(
                subject=ngettext(
                    "%(count)d article due for re-review",
                    "%(count)d articles due for re-review",
                    len(mine),
                )
                % {"count": len(mine)},
                body=_digest_body(mine),
                to=[member.user.email],
            )
    return sent


def _digest_body(articles: list[Article]) -> str:
    lines = "\n".join(
        gettext("- %(title)s (due %(date)s): %(link)s")
        % {
            "title": a.display_title,
            "date": f"{a.next_review_due:%Y-%m-%d}",
            "link": public_url(a.get_absolute_url()),
        }
        for a in articles
    )
    intro = gettext(
        "These articles are due for their periodic medical re-review. Reaffirm each one that "
        "is still current, or ask the editors for a new revision."
    )
    queue = gettext("Your queue: %(link)s") % {"link": public_url(reverse("reviews:queue"))}
    return f"{intro}\n\n{lines}\n\n{queue}\n"
