"""Forms that change the article's fields and sections. Each reads its input, calls one
service, and answers with the changed piece in place (htmx) or comes back to the anchor of
what it changed (desk/views/inplace.py); a refusal is explained either way. Claims are in
desk/views/claims.py."""

from django.contrib.auth.models import User
from django.http import Http404
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from articles import versions
from articles.access import article_for
from articles.audiences import audiences
from articles.errors import ArticleError
from articles.models import Claim, Section, SectionKind
from articles.services import (
    article_co_editors_set,
    article_update_metadata,
    section_create,
    section_delete,
    section_heading_texts_set,
    section_move,
    section_rename,
)
from desk.views.access import (
    position_from,
    workspace_view,
)
from desk.views.forms import ArticleForm
from desk.views.inplace import answer, is_htmx, refusal, versions_for
from desk.views.page import SectionView, details_context, editor_context


def _form_error(form) -> ArticleError:
    problems = [
        f"{form.fields[name].label or name.replace('_', ' ').capitalize()}: {message}"
        if name != "__all__"
        else message
        for name, messages in form.errors.items()
        for message in messages
    ]
    return ArticleError(" ".join([gettext("Nothing was saved."), *problems]), code="invalid")


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


def _details_answer(request, article, message: str, *, place: str, question: str = ""):
    """The details panel again, open, with fresh values and token (in place; the page's
    heading too when the question changed), or back to the editor page with the message in
    the panel (a plain POST)."""
    article.refresh_from_db()
    context = None
    if is_htmx(request):
        context = editor_context(request, article)
        context |= details_context(request, article, may_edit=context["may_edit"])
        oob_question = bool(question) and article.question != question
        context |= {"open_details": True, "sent": place, "oob_question": oob_question}
    return answer(
        request, article, message, anchor=place, template="editor/_details.html", context=context
    )


@require_POST
@workspace_view
def article_details(request, slug: str):
    article = article_for(request.user, slug, edit=True)
    form = ArticleForm(request.POST, current_specialty=article.specialty)
    kept = [("Question", request.POST.get("question", "")), ("Title", request.POST.get("title"))]
    if not form.is_valid():
        return refusal(request, article, _form_error(form), anchor="details", kept=kept)
    question = article.question
    try:
        article_update_metadata(
            article=article,
            actor=request.user,
            version=request.POST.get("version", ""),
            **form.cleaned_data,
        )
    except ArticleError as error:
        return refusal(request, article, error, anchor="details", kept=kept)
    return _details_answer(
        request,
        article,
        gettext("The article's details were saved."),
        place="details",
        question=question,
    )


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
        return refusal(request, article, error, anchor="co-editors")
    return _details_answer(request, article, gettext("Co-editors saved."), place="co-editors")


# --- Sections ---------------------------------------------------------------------------


def _body_ids(article) -> list[int]:
    body = article.sections.filter(kind=SectionKind.BODY).order_by("order")
    return list(body.values_list("pk", flat=True))


def _section_view(article, section: Section) -> SectionView:
    body = _body_ids(article)
    return SectionView(
        section=section,
        version=versions.section_versions([section.pk])[section.pk],
        position=body.index(section.pk) if section.pk in body else -1,
        count=len(body),
        claims=[],
    )


@require_POST
@workspace_view
def section_add(request, slug: str):
    article = article_for(request.user, slug, edit=True)
    heading = request.POST.get("heading", "")
    kind = request.POST.get("kind", "body")
    try:
        section = section_create(article=article, actor=request.user, heading=heading, kind=kind)
    except ArticleError as error:
        return refusal(
            request, article, error, anchor="add-section", kept=[(gettext("Heading"), heading)]
        )
    context = editor_context(request, article) | {
        "s": _section_view(article, section),
        "has_lead": True,
    }
    return answer(
        request,
        article,
        gettext("Section added."),
        anchor=f"section-{section.pk}",
        template="editor/_section_added.html",
        context=context,
        place={"section": f"section-{section.pk}", "lead": section.kind == SectionKind.LEAD},
    )


@require_POST
@workspace_view
def section_rename_view(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    heading = request.POST.get("heading", "")
    anchor = f"section-{pk}"
    try:
        section = section_rename(
            section=section_of(article, pk),
            actor=request.user,
            heading=heading,
            version=request.POST.get("version", ""),
        )
    except ArticleError as error:
        return refusal(request, article, error, anchor=anchor, kept=[(gettext("Heading"), heading)])
    context = editor_context(request, article) | {"s": _section_view(article, section)}
    return answer(
        request,
        article,
        gettext("Section renamed."),
        anchor=anchor,
        template="editor/_section_head.html",
        context=context,
        tokens=versions_for(sections=[pk]),
    )


@require_POST
@workspace_view
def section_heading_texts_view(request, slug: str, pk: int):
    """The heading's wording for each other audience (heading_<key>; empty removes it)."""
    article = article_for(request.user, slug, edit=True)
    extra = [a for a in audiences()[1:] if f"heading_{a.key}" in request.POST]
    texts = {a.key: request.POST[f"heading_{a.key}"] for a in extra}
    anchor = f"section-{pk}"
    try:
        section_heading_texts_set(
            section=section_of(article, pk),
            actor=request.user,
            texts=texts,
            version=request.POST.get("version", ""),
        )
    except ArticleError as error:
        kept = [(f"{a.label} heading", texts[a.key]) for a in extra]
        return refusal(request, article, error, anchor=anchor, kept=kept)
    return answer(
        request,
        article,
        gettext("Section headings for other audiences saved."),
        anchor=anchor,
        tokens=versions_for(sections=[pk]),
    )


@require_POST
@workspace_view
def section_move_view(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    try:
        position = position_from(request, _body_ids(article), pk, noun="section")
        section_move(
            section=section_of(article, pk),
            actor=request.user,
            position=position,
            version=request.POST.get("version", ""),
        )
    except ArticleError as error:
        return refusal(request, article, error, anchor=f"section-{pk}")
    body = _body_ids(article)
    return answer(
        request,
        article,
        gettext("Section moved."),
        anchor=f"section-{pk}",
        tokens=versions_for(sections=body),
        place={"section": f"section-{pk}", "index": body.index(pk)},
    )


@require_POST
@workspace_view
def section_delete_view(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    section = section_of(article, pk)
    try:
        has_claims = Claim.objects.filter(section_id=pk).exists()
        if has_claims and not request.POST.get("confirm"):
            raise ArticleError(
                gettext(
                    "This section still has claims. Tick “also delete its claims” to delete it "
                    "with them, or move them to another section first."
                ),
                code="invalid",
            )
        section_delete(section=section, actor=request.user, version=request.POST.get("version", ""))
    except ArticleError as error:
        return refusal(request, article, error, anchor=f"section-{pk}")
    body = _body_ids(article)
    return answer(
        request,
        article,
        gettext("Section deleted."),
        anchor="sections",
        tokens=versions_for(sections=body),
    )
