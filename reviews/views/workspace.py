"""The reviewers' workspace: the queue, the review page, and one thin view per decision.

Each decision view reads its form, calls one workflow function, and turns a WorkflowError
into a message on the review page with the error's status (409 not possible now, 403 not
this person, 400 something missing). The workflow decides; these views only ask.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from articles.access import revision_for
from articles.audiences import audience_or_default, audiences
from articles.checks import revision_reference_problems
from articles.models import Article, Revision, RevisionState
from articles.permissions import user_is_editor_in_chief
from articles.placed_messages import message_place
from articles.rendering import article_render
from reviews.assignment_forms import AssignForm
from reviews.comments import comments_open
from reviews.diff import revision_diff
from reviews.errors import WorkflowError
from reviews.forms import (
    ApproveForm,
    ClaimCommentForm,
    CommentForm,
    ReaffirmForm,
    ReclassifyForm,
    WithdrawArticleForm,
)
from reviews.readability import content_readability
from reviews.selectors import (
    claim_comments,
    review_queue,
    revision_base,
    revision_events,
    revision_sent_back,
)
from reviews.views.assignments import assignment_rows
from reviews.views.verification import claim_review_annotate
from reviews.workflow import (
    article_reaffirm,
    board_member_active,
    claim_comment_add,
    revision_actions,
    revision_approve,
    revision_quorum,
    revision_request_changes,
    revision_start_review,
    revision_withdraw,
    schedule_phrase,
)

# Password attempts per signer per ten minutes: a signature form must not become a way to
# guess someone's password.


def _require_queue_reader(request) -> None:
    """Board members review; editors-in-chief assign, so they see the queue too."""
    if board_member_active(request.user) is None and not user_is_editor_in_chief(request.user):
        raise PermissionDenied(
            "The review queue is for members of the Medical Advisory Board and editors-in-chief."
        )


def _review_page(request, revision: Revision, *, status: int = 200, forms=None) -> HttpResponse:
    article = revision.article
    audience = audience_or_default(request.GET.get("audience"))
    base = revision_base(revision=revision)
    sent_back = revision_sent_back(revision=revision, base=base)
    # A resubmission opens on what changed since the board sent it back; ?against=live
    # compares with the live (or last approved) revision instead.
    against_sent_back = sent_back is not None and request.GET.get("against") != "live"
    old = sent_back if against_sent_back else base
    comments = claim_comments(article=article)
    diff = revision_diff(old=old.content if old else None, new=revision.content)
    for section in diff.sections:
        for claim in section.claims:
            claim.comments = comments.get(claim.uuid, [])
    signatures = revision.signatures.order_by("signed_at", "pk")
    checks = claim_review_annotate(diff, revision=revision, base=base, signatures=signatures)
    forms = forms or {}
    may = revision_actions(user=request.user, revision=revision)
    context = {
        "article": article,
        "revision": revision,
        "rendered": article_render(content=revision.content, audience=audience),
        "audience": audience,
        "audiences": audiences(),
        "base": base,
        "sent_back": sent_back,
        "against_sent_back": against_sent_back,
        "diff": diff,
        "problems": revision_reference_problems(content=revision.content),
        "readability": content_readability(content=revision.content),
        "signatures": signatures,
        "claims_to_check": checks["to_check"],
        "quorum": revision_quorum(article=article),
        "events": revision_events(revision=revision),
        "may": may,
        "assignment_rows": assignment_rows(revision, may_assign=may.assign),
        "open_comments": comments_open(article=article, author=request.user),
        "time_zone": timezone.get_current_timezone_name(),
    }
    context |= _decision_forms(revision, forms)
    # A refused approval keeps the reviewer's ticks (reviews/views/verification.py).
    context["checked_claims"] = getattr(context["approve_form"], "checked_claims", [])
    return render(request, "reviews/revision.html", context, status=status)


# Where the decisions' outcomes are shown: the top of the page's "Decision" section, which
# every review page has (a form may be gone once it was used: a signature, a withdrawal).
DECISION_PLACE = "decision"

_FORMS = {
    "approve": ApproveForm,
    "changes": CommentForm,
    "withdraw": CommentForm,
    "assign": AssignForm,
    "reaffirm": ReaffirmForm,
    "reclassify": ReclassifyForm,
    "withdraw_article": WithdrawArticleForm,
    "cancel_withdrawal": CommentForm,
}


def _decision_forms(revision: Revision, forms: dict) -> dict:
    """Each decision form of the page as `<name>_form`: the one sent back with its input
    and error, the others fresh (the approval's preset to the revision's schedule)."""
    context = {}
    for name, form_class in _FORMS.items():
        if forms.get(name):
            form = forms[name]
        elif name == "approve":
            form = ApproveForm(publish_at=revision.publish_at)
        elif name == "assign":
            form = AssignForm(revision=revision)
        else:
            form = form_class()
        form.auto_id = f"{name}_%s"  # several forms on one page: keep element ids unique
        context[f"{name}_form"] = form
    return context


def _decide(
    request,
    revision: Revision,
    *,
    action,
    done,
    place: str = DECISION_PLACE,
    form_name: str = "",
    form=None,
):
    """Read the form, then run one workflow call with its cleaned data. A form that is not
    valid (its limits are the workflow's, with the same sentences) and a WorkflowError
    both come back to the review page with the message, what was typed, and the status.
    `done` is the success message, or makes it from the result. Either message is shown at
    `place`, the part of the page where the person acted (articles/placed_messages.py),
    not in the banner at the top: the page opens there, on the outcome."""
    forms = {form_name: form} if form is not None else None
    if form is not None and not form.is_valid():
        refusal = next(iter(form.errors.values()))[0]
        message_place(request, refusal, place=place, level=messages.ERROR)
        return _review_page(request, revision, status=400, forms=forms)
    try:
        result = action(form.cleaned_data if form is not None else {})
    except WorkflowError as error:
        message_place(request, error.message, place=place, level=messages.ERROR)
        return _review_page(request, revision, status=error.status, forms=forms)
    message_place(request, done(result) if callable(done) else done, place=place)
    return redirect(reverse("reviews:revision", kwargs={"pk": revision.pk}))


@require_GET
@login_required
def queue(request):
    _require_queue_reader(request)
    queue = review_queue(user=request.user, shown=request.GET.get("show", "all"))
    return render(request, "reviews/queue.html", {"queue": queue})


@require_GET
@login_required
def revision_detail(request, pk: int):
    return _review_page(request, revision_for(request.user, pk=pk))


@require_POST
@login_required
def revision_start(request, pk: int):
    revision = revision_for(request.user, pk=pk)
    return _decide(
        request,
        revision,
        action=lambda _data: revision_start_review(revision=revision, actor=request.user),
        done=gettext("You started the review of this revision."),
    )


@require_POST
@login_required
def revision_sign(request, pk: int):
    revision = revision_for(request.user, pk=pk)
    form = ApproveForm(request.POST)
    # Read outside the form: one checkbox per claim, named by the claim's uuid.
    form.checked_claims = checked = request.POST.getlist("checked_claims")
    return _decide(
        request,
        revision,
        action=lambda data: revision_approve(
            revision=revision,
            actor=request.user,
            password=data["password"],
            meaning=data["meaning"],
            checked_claims=checked,
            confirm_unchecked=bool(data["confirm_unchecked"]),
            carry_forward_comments=bool(data["carry_forward_comments"]),
            publish_at=data["schedule"],
        ),
        done=_signed_message,
        form_name="approve",
        # A password field never renders its value, so nothing typed there comes back.
        form=form,
    )


def _signed_message(approved: Revision) -> str:
    if approved.state == RevisionState.APPROVED:
        return gettext("Your approval was signed. The quorum is met: this revision is now live.")
    if approved.publish_at is None:
        return gettext("Your approval was signed. The revision needs more approvals to go live.")
    when = schedule_phrase(approved.publish_at)
    if approved.state == RevisionState.SCHEDULED:
        return gettext(
            "Your approval was signed. The quorum is met: this revision goes live %(when)s; "
            "the public page is unchanged until then."
        ) % {"when": when}
    return gettext(
        "Your approval was signed. The revision needs more approvals to go live (%(when)s)."
    ) % {"when": when}


@require_POST
@login_required
def revision_changes(request, pk: int):
    revision = revision_for(request.user, pk=pk)
    return _decide(
        request,
        revision,
        action=lambda data: revision_request_changes(
            revision=revision, actor=request.user, comment=data["comment"]
        ),
        done=gettext("Changes requested. The editors have been told."),
        form_name="changes",
        form=CommentForm(request.POST),
    )


@require_POST
@login_required
def revision_withdrawal(request, pk: int):
    revision = revision_for(request.user, pk=pk)
    return _decide(
        request,
        revision,
        action=lambda data: revision_withdraw(
            revision=revision, actor=request.user, comment=data["comment"]
        ),
        done=lambda withdrawn: (
            gettext(
                "The revision was withdrawn and its publication cancelled; the working copy "
                "can be edited again."
            )
            if revision.state == RevisionState.SCHEDULED
            else gettext("The revision was withdrawn; the working copy can be edited again.")
        ),
        form_name="withdraw",
        form=CommentForm(request.POST),
    )


@require_POST
@login_required
def revision_comment(request, pk: int):
    revision = revision_for(request.user, pk=pk)
    form = ClaimCommentForm(request.POST)
    return _decide(
        request,
        revision,
        action=lambda data: claim_comment_add(
            revision=revision,
            actor=request.user,
            claim_uuid=data["claim_uuid"],
            text=data["text"],
        ),
        done=gettext("Comment added."),
        # At the claim commented on (templates/reviews/_claim_comments.html).
        place=f"comment-{request.POST.get('claim_uuid', '')}",
        form=form,
    )


@require_POST
@login_required
def article_reaffirmation(request, slug: str):
    article = get_object_or_404(Article, slug=slug, live_revision__isnull=False)
    revision = revision_for(request.user, pk=article.live_revision_id)
    return _decide(
        request,
        revision,
        action=lambda data: article_reaffirm(
            article=article,
            actor=request.user,
            password=data["password"],
            comment=data["comment"],
        ),
        done=gettext("You reaffirmed that this article is still current."),
        form_name="reaffirm",
        form=ReaffirmForm(request.POST),
    )
