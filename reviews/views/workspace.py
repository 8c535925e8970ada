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
from django.views.decorators.http import require_GET, require_POST

from articles.audiences import audience_or_default, audiences
from articles.checks import revision_reference_problems
from articles.models import Article, Revision, RevisionState
from articles.permissions import article_can_edit, user_is_editor_in_chief
from articles.rendering import article_render
from reviews.comments import comments_open
from reviews.diff import revision_diff
from reviews.errors import WorkflowError
from reviews.forms import (
    ApproveForm,
    AssignForm,
    ClaimCommentForm,
    CommentForm,
    ReaffirmForm,
    ReclassifyForm,
)
from reviews.readability import content_readability
from reviews.selectors import (
    claim_comments,
    review_queue,
    revision_base,
    revision_events,
    revision_sent_back,
)
from reviews.views.classification import may_reclassify
from reviews.views.verification import claim_review_annotate
from reviews.workflow import (
    article_reaffirm,
    board_member_active,
    claim_comment_add,
    revision_approve,
    revision_assign,
    revision_quorum,
    revision_request_changes,
    revision_start_review,
    revision_withdraw,
)

# Password attempts per signer per ten minutes: a signature form must not become a way to
# guess someone's password.


def _require_board_member(request):
    member = board_member_active(request.user)
    if member is None:
        raise PermissionDenied("The review queue is for members of the Medical Advisory Board.")
    return member


def _revision_for(request, pk: int) -> Revision:
    """The one access check for a revision's review page: board members, editors-in-chief
    and the article's own editors."""
    revision = get_object_or_404(Revision.objects.select_related("article"), pk=pk)
    user = request.user
    if not (
        board_member_active(user)
        or user_is_editor_in_chief(user)
        or article_can_edit(user, revision.article)
    ):
        raise PermissionDenied("Only board members and this article's editors can see this.")
    return revision


def _may(request, revision: Revision) -> dict:
    """Which decision forms to show. Only a hint for the page: the workflow still checks
    everything when a form is sent."""
    user = request.user
    member = board_member_active(user)
    reviewer = member is not None and user.pk not in revision.author_ids
    signed = revision.signatures.filter(signer=user).exists()
    is_open = revision.state in (RevisionState.SUBMITTED, RevisionState.UNDER_REVIEW)
    is_live = revision.article.live_revision_id == revision.pk
    chief = user_is_editor_in_chief(user)
    return {
        "start": reviewer and revision.state == RevisionState.SUBMITTED,
        # The first decision starts the review itself (reviews/workflow/decisions.py).
        "approve": reviewer and is_open and not signed,
        "request_changes": reviewer and is_open,
        "withdraw": is_open and (user.pk == revision.submitted_by_id or chief),
        "assign": is_open and chief,
        "reaffirm": reviewer and is_live,
        "comment": True,
        "is_author": member is not None and user.pk in revision.author_ids,
        "signed": signed,
    }


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
        "assignments": revision.assignments.select_related("reviewer__board_member"),
        "may": _may(request, revision),
        "may_reclassify": may_reclassify(request.user, revision),
        "open_comments": comments_open(article=article, author=request.user),
    }
    defaults = {
        "approve": ApproveForm,
        "changes": CommentForm,
        "withdraw": CommentForm,
        "assign": AssignForm,
        "reaffirm": ReaffirmForm,
        "reclassify": ReclassifyForm,
    }
    for name, form_class in defaults.items():
        form = forms.get(name) or form_class()
        form.auto_id = f"{name}_%s"  # several forms on one page: keep element ids unique
        context[f"{name}_form"] = form
    # A refused approval keeps the reviewer's ticks (reviews/views/verification.py).
    context["checked_claims"] = getattr(context["approve_form"], "checked_claims", [])
    return render(request, "reviews/revision.html", context, status=status)


def _decide(request, revision: Revision, *, action, done, form_name: str = "", form=None):
    """Run one workflow call; `done` is the success message, or makes it from the result."""
    try:
        result = action()
    except WorkflowError as error:
        messages.error(request, error.message)
        return _review_page(
            request, revision, status=error.status, forms={form_name: form} if form else None
        )
    messages.success(request, done(result) if callable(done) else done)
    return redirect(reverse("reviews:revision", kwargs={"pk": revision.pk}))


@require_GET
@login_required
def queue(request):
    _require_board_member(request)
    return render(request, "reviews/queue.html", {"queue": review_queue(user=request.user)})


@require_GET
@login_required
def revision_detail(request, pk: int):
    return _review_page(request, _revision_for(request, pk))


@require_POST
@login_required
def revision_start(request, pk: int):
    revision = _revision_for(request, pk)
    return _decide(
        request,
        revision,
        action=lambda: revision_start_review(revision=revision, actor=request.user),
        done="You started the review of this revision.",
    )


@require_POST
@login_required
def revision_sign(request, pk: int):
    revision = _revision_for(request, pk)
    form = ApproveForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    checked = request.POST.getlist("checked_claims")
    kept = ApproveForm(
        initial={"meaning": data.get("meaning"), "confirm_unchecked": data.get("confirm_unchecked")}
    )
    kept.checked_claims = checked

    return _decide(
        request,
        revision,
        action=lambda: revision_approve(
            revision=revision,
            actor=request.user,
            password=data.get("password", ""),
            meaning=data.get("meaning", ""),
            checked_claims=checked,
            confirm_unchecked=bool(data.get("confirm_unchecked")),
            carry_forward_comments=bool(data.get("carry_forward_comments")),
        ),
        done=lambda approved: (
            "Your approval was signed. The quorum is met: this revision is now live."
            if approved.state == RevisionState.APPROVED
            else "Your approval was signed. The revision needs more approvals to go live."
        ),
        form_name="approve",
        # Never send a password back to the browser.
        form=kept,
    )


@require_POST
@login_required
def revision_changes(request, pk: int):
    revision = _revision_for(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    return _decide(
        request,
        revision,
        action=lambda: revision_request_changes(
            revision=revision, actor=request.user, comment=form.cleaned_data.get("comment", "")
        ),
        done="Changes requested. The editors have been told.",
        form_name="changes",
        form=form,
    )


@require_POST
@login_required
def revision_withdrawal(request, pk: int):
    revision = _revision_for(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    return _decide(
        request,
        revision,
        action=lambda: revision_withdraw(
            revision=revision, actor=request.user, comment=form.cleaned_data.get("comment", "")
        ),
        done="The revision was withdrawn; the working copy can be edited again.",
        form_name="withdraw",
        form=form,
    )


@require_POST
@login_required
def revision_assignment(request, pk: int):
    revision = _revision_for(request, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an active board member.")
        return _review_page(request, revision, status=400, forms={"assign": form})
    reviewer = form.cleaned_data["reviewer"]
    return _decide(
        request,
        revision,
        action=lambda: revision_assign(revision=revision, actor=request.user, reviewer=reviewer),
        done=f"{reviewer.board_member.display_name} was asked to review this revision.",
        form_name="assign",
        form=form,
    )


@require_POST
@login_required
def revision_comment(request, pk: int):
    revision = _revision_for(request, pk)
    form = ClaimCommentForm(request.POST)
    form.is_valid()
    claim_uuid = form.cleaned_data.get("claim_uuid", "")
    response = _decide(
        request,
        revision,
        action=lambda: claim_comment_add(
            revision=revision,
            actor=request.user,
            claim_uuid=claim_uuid,
            text=form.cleaned_data.get("text", ""),
        ),
        done="Comment added.",
    )
    if response.status_code == 302:
        response["Location"] += f"#diff-{claim_uuid}"
    return response


@require_POST
@login_required
def article_reaffirmation(request, slug: str):
    article = get_object_or_404(Article, slug=slug, live_revision__isnull=False)
    revision = _revision_for(request, article.live_revision_id)
    form = ReaffirmForm(request.POST)
    form.is_valid()
    return _decide(
        request,
        revision,
        action=lambda: article_reaffirm(
            article=article,
            actor=request.user,
            password=form.cleaned_data.get("password", ""),
            comment=form.cleaned_data.get("comment", ""),
        ),
        done="You reaffirmed that this article is still current.",
        form_name="reaffirm",
        form=ReaffirmForm(initial={"comment": form.cleaned_data.get("comment")}),
    )
