"""Claims on the editor page: open one for editing, save it, add, move and delete claims.
In place with htmx, or as plain forms that come back to the claim's anchor
(desk/views/inplace.py)."""

from dataclasses import replace

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from articles.access import article_for
from articles.errors import ArticleError
from articles.models import Claim
from articles.services import claim_create, claim_delete, claim_move, claim_update
from articles.versions import STALE
from desk.views.access import editor_url, position_from, workspace_view
from desk.views.forms import ClaimForm
from desk.views.inplace import (
    answer,
    fragment,
    is_htmx,
    refusal,
    section_claim_ids,
    versions_for,
)
from desk.views.page import editor_claim, editor_context
from desk.views.structure import _form_error, claim_of, section_of


def _claim_kept(request) -> list[tuple[str, str]]:
    form = ClaimForm()
    return [
        (form.fields[name].label, request.POST.get(name, ""))
        for name in form.fields
        if name.startswith("text")
    ]


def _claim_piece(request, article, pk: int, *, editing: bool, **extra) -> dict:
    return editor_context(request, article) | {
        "c": editor_claim(article, pk, editing=editing),
        **extra,
    }


@require_http_methods(["GET", "POST"])
@workspace_view
def claim_view(request, slug: str, pk: int):
    """GET: the claim, compact or (`?edit=1`) open for editing; POST: save it."""
    if request.method == "POST":
        return claim_save(request, slug, pk)
    article = article_for(request.user, slug)
    _claim, anchor = claim_of(article, pk)
    if not anchor:
        raise Http404("No such claim in this article.")
    editing = request.GET.get("edit") == "1" and editor_context(request, article)["can_edit"]
    if not is_htmx(request):
        url = editor_url(article)
        return redirect(f"{url}?edit={pk}#{anchor}" if editing else f"{url}#{anchor}")
    context = _claim_piece(request, article, pk, editing=editing, focus=True)
    return render(request, "editor/_claim.html", context)


def _position_after(section_pk: int, after: str) -> int | None:
    if not after.isdigit():
        return None
    siblings = list(
        Claim.objects.filter(section_id=section_pk).order_by("order").values_list("pk", flat=True)
    )
    return siblings.index(int(after)) + 1 if int(after) in siblings else None


@require_POST
@workspace_view
def claim_add(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    form = ClaimForm(request.POST)
    anchor = f"section-{pk}"
    if not form.is_valid():
        return refusal(
            request, article, _form_error(form), anchor=anchor, kept=_claim_kept(request)
        )
    try:
        claim = claim_create(
            section=section_of(article, pk),
            actor=request.user,
            text=form.cleaned_data["text"],
            evidence=form.cleaned_data["evidence"],
            no_citation_needed=form.cleaned_data["no_citation_needed"],
            texts=form.audience_texts(),
            position=_position_after(pk, request.POST.get("after", "")),
        )
    except ArticleError as error:
        return refusal(request, article, error, anchor=anchor, kept=_claim_kept(request))
    return answer(
        request,
        article,
        gettext("Claim added."),
        anchor=f"claim-{claim.uuid}",
        template="editor/_claim.html",
        context=_claim_piece(request, article, claim.pk, editing=False),
        tokens=versions_for(sections=[pk]),
    )


def _conflict(request, article, pk: int, error, form: ClaimForm):
    """A stale save, in place: the claim open again with what the editor typed, what the
    other person saved beside it, and the current version token, so that saving again
    deliberately replaces their text (desk.js offers to take theirs instead)."""
    current = editor_claim(article, pk, editing=True)
    mine = [replace(t, text=request.POST.get(t.field, t.text)) for t in current.texts]
    theirs = [t for t, kept in zip(current.texts, mine, strict=True) if t.text != kept.text]
    # What the editor chose is shown, not saved (the claim object is never saved here).
    current.claim.evidence = form.data.get("evidence", current.claim.evidence)
    current.claim.no_citation_needed = bool(form.data.get("no_citation_needed"))
    context = editor_context(request, article) | {
        "c": replace(current, texts=mine),
        "conflict": {"message": error.message, "theirs": theirs},
    }
    return fragment(
        request,
        "editor/_claim.html",
        context,
        message=gettext("Not saved: someone changed this claim. Your text is kept."),
        tokens=versions_for(claims=[pk]),
        status=error.status,
    )


def claim_save(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    claim, anchor = claim_of(article, pk)
    form = ClaimForm(request.POST)
    if not form.is_valid():
        return refusal(
            request, article, _form_error(form), anchor=anchor, kept=_claim_kept(request)
        )
    try:
        claim_update(
            claim=claim,
            actor=request.user,
            text=form.cleaned_data["text"],
            evidence=form.cleaned_data["evidence"],
            no_citation_needed=form.cleaned_data["no_citation_needed"],
            texts=form.audience_texts(),
            version=request.POST.get("version", ""),
        )
    except ArticleError as error:
        if error.code == STALE and is_htmx(request) and anchor:
            return _conflict(request, article, pk, error, form)
        return refusal(request, article, error, anchor=anchor, kept=_claim_kept(request))
    if request.POST.get("keep") == "1":
        # Saving while still typing (Ctrl+S) redraws nothing: only the token changes.
        return answer(
            request,
            article,
            gettext("Claim saved."),
            anchor=anchor,
            tokens=versions_for(claims=[pk]),
        )
    context = _claim_piece(request, article, pk, editing=False) if is_htmx(request) else None
    return answer(
        request,
        article,
        gettext("Claim saved."),
        anchor=anchor,
        template="editor/_claim.html",
        context=context,
        tokens={f"claim-{pk}": context["c"].version} if context else None,
    )


@require_POST
@workspace_view
def claim_move_view(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    claim, anchor = claim_of(article, pk)
    before = Claim.objects.filter(pk=pk).values_list("section_id", flat=True).first()
    target = None
    try:
        if request.POST.get("section"):
            try:
                target = section_of(article, int(request.POST["section"]))
            except ValueError:
                raise ArticleError(
                    gettext("Choose a section to move the claim to."), code="invalid"
                ) from None
            position = None
        else:
            siblings = Claim.objects.filter(section__claims__pk=pk).order_by("order")
            position = position_from(
                request, siblings.values_list("pk", flat=True), pk, noun="claim"
            )
        claim_move(
            claim=claim,
            actor=request.user,
            section=target,
            position=position,
            version=request.POST.get("version", ""),
        )
    except ArticleError as error:
        return refusal(request, article, error, anchor=anchor)
    after = Claim.objects.filter(pk=pk).values_list("section_id", flat=True).get()
    siblings = section_claim_ids(after)
    return answer(
        request,
        article,
        gettext("Claim moved."),
        anchor=anchor,
        tokens=versions_for(claims=section_claim_ids(before, after), sections={before, after}),
        place={"claim": anchor, "section": f"section-{after}", "index": siblings.index(pk)},
    )


@require_POST
@workspace_view
def claim_delete_view(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    claim, anchor = claim_of(article, pk)
    section_id = Claim.objects.filter(pk=pk).values_list("section_id", flat=True).first()
    try:
        claim_delete(claim=claim, actor=request.user, version=request.POST.get("version", ""))
    except ArticleError as error:
        return refusal(request, article, error, anchor=anchor)
    return answer(
        request,
        article,
        gettext("Claim deleted."),
        anchor=f"section-{section_id}",
        tokens=versions_for(claims=section_claim_ids(section_id), sections=[section_id]),
    )
