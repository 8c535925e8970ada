"""Citing sources on a claim: pick from the library (by title, DOI or PMID), add a new
source, reorder, remove. Without JavaScript, a search with several matches shows them
with a button each; see static/js/editor.js for the inline picker. In place (htmx), each
answers with the claim's sources and every claim's citation numbers
(desk/views/inplace.py)."""

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.access import article_for
from articles.errors import ArticleError
from articles.models import Citation
from articles.services import citation_add, citation_add_new, citation_move, citation_remove
from desk.selectors import references_matching
from desk.views.access import position_from, workspace_view
from desk.views.forms import NewReferenceForm
from desk.views.inplace import answer, is_htmx, refusal, versions_for
from desk.views.page import article_citation_numbers, editor_claim, editor_context
from desk.views.structure import _form_error, claim_of
from references.models import Reference


def _citation_of(article, pk: int) -> tuple[Citation, str]:
    found = (
        Citation.objects.filter(pk=pk)
        .values_list("claim__section__article_id", "claim__uuid", "claim_id")
        .first()
    )
    if found is None:
        return Citation(pk=pk), ""
    if found[0] != article.pk:
        raise Http404("No such citation in this article.")
    return Citation(pk=pk, claim_id=found[2]), f"claim-{found[1]}"


def _sources(request, article, claim_pk: int, message: str, *, anchor: str, **extra):
    """The claim's sources, in place, with every claim's citation numbers (a new first
    citation renumbers the ones after it)."""
    context = editor_context(request, article) | {
        "c": editor_claim(article, claim_pk, editing=True),
        "numbers": article_citation_numbers(article),
        **extra,
    }
    return answer(
        request,
        article,
        message,
        anchor=anchor,
        template="editor/_claim_sources_swap.html",
        context=context,
        tokens=versions_for(claims=[claim_pk]),
    )


@require_POST
@workspace_view
def citation_add_view(request, slug: str, pk: int):
    """Cite the reference chosen (`reference`, a library id) or found by `query`."""
    article = article_for(request.user, slug, edit=True)
    claim, anchor = claim_of(article, pk)
    query = request.POST.get("query", "").strip()
    try:
        if request.POST.get("reference", "").isdigit():
            reference = Reference.objects.filter(pk=int(request.POST["reference"])).first()
            if reference is None:
                raise ArticleError("That reference is not in the library.", code="not_found")
        else:
            matches = references_matching(query)
            if len(matches) > 1:
                if is_htmx(request):
                    return _sources(
                        request,
                        article,
                        pk,
                        "Several references match: choose one.",
                        anchor=anchor,
                        matches=matches,
                        query=query,
                    )
                context = {"article": article, "claim_pk": pk, "anchor": anchor, "query": query}
                context["matches"] = matches
                return render(request, "editor/reference_choose.html", context)
            if not matches:
                raise ArticleError(
                    f"No reference in the library matches “{query}”. Check the DOI or PMID, "
                    "or add the source as a new reference.",
                    code="invalid",
                )
            reference = matches[0]
        citation_add(claim=claim, actor=request.user, reference=reference)
    except ArticleError as error:
        return refusal(request, article, error, anchor=anchor, kept=[("Search", query)])
    return _sources(request, article, pk, f"Cited “{reference}”.", anchor=anchor)


@require_http_methods(["GET", "POST"])
@workspace_view
def reference_new(request, slug: str, pk: int):
    """A new source for the library, cited on the claim at once."""
    article = article_for(request.user, slug, edit=True)
    claim, anchor = claim_of(article, pk)
    form = NewReferenceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                citation, created = citation_add_new(
                    claim=claim, actor=request.user, reference=form.reference()
                )
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    for message in messages:
                        form.add_error(name if name in form.fields else None, message)
            except ArticleError as error:
                return refusal(request, article, error, anchor=anchor)
            else:
                if created:
                    message = f"Added “{citation.reference}” to the library and cited it."
                else:
                    message = (
                        f"The library already had this source as “{citation.reference}”; "
                        "that record is cited."
                    )
                return _sources(request, article, pk, message, anchor=anchor)
        if is_htmx(request):
            return refusal(request, article, _form_error(form), anchor=anchor)
    context = {"article": article, "form": form, "claim_pk": pk, "anchor": anchor}
    return render(request, "editor/reference_new.html", context, status=status)


@require_POST
@workspace_view
def citation_move_view(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    citation, anchor = _citation_of(article, pk)
    siblings = Citation.objects.filter(claim_id=citation.claim_id).order_by("order")
    try:
        position = position_from(
            request, siblings.values_list("pk", flat=True), pk, noun="citation"
        )
        citation_move(
            citation=citation,
            actor=request.user,
            position=position,
            version=request.POST.get("version", ""),
        )
    except ArticleError as error:
        return refusal(request, article, error, anchor=anchor)
    return _sources(request, article, citation.claim_id, "Citations reordered.", anchor=anchor)


@require_POST
@workspace_view
def citation_remove_view(request, slug: str, pk: int):
    article = article_for(request.user, slug, edit=True)
    citation, anchor = _citation_of(article, pk)
    try:
        citation_remove(
            citation=citation, actor=request.user, version=request.POST.get("version", "")
        )
    except ArticleError as error:
        return refusal(request, article, error, anchor=anchor)
    return _sources(request, article, citation.claim_id, "Citation removed.", anchor=anchor)


@require_GET
@workspace_view
def reference_search(request):
    """Library records matching `q`, as JSON, for the inline picker."""
    matches = references_matching(request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {
                    "id": r.pk,
                    "label": str(r),
                    "doi": r.doi,
                    "pmid": r.pmid,
                    "retracted": r.is_retracted,
                }
                for r in matches
            ]
        }
    )
