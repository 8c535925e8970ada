"""Forms that change the article's fields, sections and claims. Each reads its input, calls
one service, and comes back to the anchor of what it changed (or explains a refusal)."""

from django.contrib.auth.models import User
from django.http import Http404
from django.views.decorators.http import require_POST

from articles.access import article_for
from articles.errors import ArticleError
from articles.models import Claim, Section
from articles.services import (
    article_co_editors_set,
    article_update_metadata,
    claim_create,
    claim_delete,
    claim_move,
    claim_update,
    section_create,
    section_delete,
    section_move,
    section_rename,
)
from desk.views.access import (
    done,
    position_from,
    refused,
    workspace_view,
)
from desk.views.forms import ArticleForm, ClaimForm


def _form_error(form) -> ArticleError:
    problems = [
        f"{form.fields[name].label or name.replace('_', ' ').capitalize()}: {message}"
        if name != "__all__"
        else message
        for name, messages in form.errors.items()
        for message in messages
    ]
    return ArticleError("Nothing was saved. " + " ".join(problems), code="invalid")


def section_of(article, pk: int) -> Section:
    """The section to act on, as the service will re-read it. A section of another
    article is not found here; one deleted a moment ago is left for the service, which
    says who deleted it."""
    if Section.objects.filter(pk=pk).exclude(article=article).exists():
        raise Http404("No such section in this article.")
    return Section(pk=pk, article_id=article.pk)


def claim_of(article, pk: int) -> tuple[Claim, str]:
    """The claim to act on and its anchor on the editor page (see section_of)."""
    found = Claim.objects.filter(pk=pk).values_list("section__article_id", "uuid").first()
    if found is None:
        return Claim(pk=pk), ""
    if found[0] != article.pk:
        raise Http404("No such claim in this article.")
    return Claim(pk=pk), f"claim-{found[1]}"


# --- The article's own fields -------------------------------------------------------


@require_POST
@workspace_view
def article_details(request, slug: str):
    article = article_for(request.user, slug, edit=True)
    form = ArticleForm(request.POST)
    kept = [("Question", request.POST.get("question", "")), ("Title", request.POST.get("title"))]
    if not form.is_valid():
        return refused(request, article, _form_error(form), anchor="details", kept=kept)
    try:
        article_update_metadata(
            article=article,
            actor=request.user,
            version=request.POST.get("version", ""),
            **form.cleaned_data,
        )
    except ArticleError as error:
        return refused(request, article, error, anchor="details", kept=kept)
    return done(request, article, "The article's details were saved.", anchor="details")


@require_POST
@workspace_view
def article_co_editors(request, slug: str):
    article = article_for(request.user, slug, edit=True)
    ids = [value for value in request.POST.getlist("co_editors") if value.isdigit()]
    try:
        article_co_editors_set(
            article=article, actor=request.user, co_editors=list(User.objects.filter(pk__in=ids))
        )
    except ArticleError as error:
        return refused(request, article, error, anchor="details")
    return done(request, article, "Co-editors saved.", anchor="details")


# --- Sections ---------------------------------------------------------------------------


@require_POST
@workspace_view
def section_add(request, slug: str):
    article = article_for(request.user, slug, edit=True)
    heading = request.POST.get("heading", "")
    kind = request.POST.get("kind", "body")
    try:
        section = section_create(article=article, actor=request.user, heading=heading, kind=kind)
    except ArticleError as error:
        return refused(request, article, error, anchor="add-section", kept=[("Heading", heading)])
    return done(request, article, "Section added.", anchor=f"section-{section.pk}")


@require_POST
@workspace_view
def section_rename_view(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    heading = request.POST.get("heading", "")
    anchor = f"section-{pk}"
    try:
        section_rename(
            section=section_of(article, pk),
            actor=request.user,
            heading=heading,
            version=request.POST.get("version", ""),
        )
    except ArticleError as error:
        return refused(request, article, error, anchor=anchor, kept=[("Heading", heading)])
    return done(request, article, "Section renamed.", anchor=anchor)


@require_POST
@workspace_view
def section_move_view(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    body = article.sections.filter(kind="body").order_by("order")
    try:
        position = position_from(request, body.values_list("pk", flat=True), pk, noun="section")
        section_move(
            section=section_of(article, pk),
            actor=request.user,
            position=position,
            version=request.POST.get("version", ""),
        )
    except ArticleError as error:
        return refused(request, article, error, anchor=f"section-{pk}")
    return done(request, article, "Section moved.", anchor=f"section-{pk}")


@require_POST
@workspace_view
def section_delete_view(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    section = section_of(article, pk)
    try:
        has_claims = Claim.objects.filter(section_id=pk).exists()
        if has_claims and not request.POST.get("confirm"):
            raise ArticleError(
                "This section still has claims. Tick “also delete its claims” to delete it "
                "with them, or move them to another section first.",
                code="invalid",
            )
        section_delete(section=section, actor=request.user, version=request.POST.get("version", ""))
    except ArticleError as error:
        return refused(request, article, error, anchor=f"section-{pk}")
    return done(request, article, "Section deleted.", anchor="sections")


# --- Claims -----------------------------------------------------------------------------


def _claim_kept(request) -> list[tuple[str, str]]:
    form = ClaimForm()
    return [
        (form.fields[name].label, request.POST.get(name, ""))
        for name in form.fields
        if name.startswith("text")
    ]


@require_POST
@workspace_view
def claim_add(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    form = ClaimForm(request.POST)
    anchor = f"section-{pk}"
    if not form.is_valid():
        return refused(
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
        )
    except ArticleError as error:
        return refused(request, article, error, anchor=anchor, kept=_claim_kept(request))
    return done(request, article, "Claim added.", anchor=f"claim-{claim.uuid}")


@require_POST
@workspace_view
def claim_save(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    claim, anchor = claim_of(article, pk)
    form = ClaimForm(request.POST)
    if not form.is_valid():
        return refused(
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
        return refused(request, article, error, anchor=anchor, kept=_claim_kept(request))
    return done(request, article, "Claim saved.", anchor=anchor)


@require_POST
@workspace_view
def claim_move_view(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    claim, anchor = claim_of(article, pk)
    target = None
    try:
        if request.POST.get("section"):
            try:
                target = section_of(article, int(request.POST["section"]))
            except ValueError:
                raise ArticleError(
                    "Choose a section to move the claim to.", code="invalid"
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
        return refused(request, article, error, anchor=anchor)
    return done(request, article, "Claim moved.", anchor=anchor)


@require_POST
@workspace_view
def claim_delete_view(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    claim, anchor = claim_of(article, pk)
    section_id = Claim.objects.filter(pk=pk).values_list("section_id", flat=True).first()
    try:
        claim_delete(claim=claim, actor=request.user, version=request.POST.get("version", ""))
    except ArticleError as error:
        return refused(request, article, error, anchor=anchor)
    return done(request, article, "Claim deleted.", anchor=f"section-{section_id}")
