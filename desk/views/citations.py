"""Citing sources on a claim: the citation box (library search by title or author words,
a DOI, PMID or PMCID looked up when the library lacks it, pasted BibTeX, RIS, CSL-JSON or
PubMed entries), a new source, reorder, remove. Without JavaScript, every step is a form
and a page; see static/js/editor.js for the inline picker. In place (htmx), each
answers with the claim's sources and every claim's citation numbers
(desk/views/inplace.py)."""

import json

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.access import article_for
from articles.errors import ArticleError
from articles.models import Citation
from articles.placed_messages import message_place
from articles.services import citation_add, citation_add_new, citation_move, citation_remove
from desk.selectors import references_matching
from desk.views.access import editor_url, position_from, workspace_view
from desk.views.citation_box import (
    FORMAT_NAMES,
    LOOKUP_REASON,
    LOOKUP_SALT,
    PASTE_REASON,
    CitationBox,
    FoundSource,
    box_page,
    prefilled_form,
)
from desk.views.forms import NewReferenceForm
from desk.views.inplace import answer, is_htmx, refusal, versions_for
from desk.views.page import article_citation_numbers, editor_claim, editor_context
from desk.views.structure import _form_error, claim_of
from references.errors import ReferenceFormatError
from references.formats import format_detect
from references.importing import references_import
from references.lookup import identifier_parse, reference_lookup
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


def _sources(request, article, claim_pk: int, message: str, *, anchor: str, changed=True, **extra):
    """The claim's sources, in place, with every claim's citation numbers (a new first
    citation renumbers the ones after it). A message that confirms a change is shown at
    the claim too; one that only reports what the box found (`changed=False`) is only
    read out, the box itself showing it."""
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
        placed=changed,
    )


@require_POST
@workspace_view
def citation_add_view(request, slug: str, pk: int):
    """The citation box: cite the library reference chosen (`reference`, an id), or read
    what was typed in `query`: pasted BibTeX, RIS, CSL-JSON or PubMed entries (imported,
    then cited); a DOI, PMID or PMCID (the library's record, else a lookup shown to
    confirm); a web address or words (library search). Whatever cannot be found ends on
    a message and the new-reference form, filled with what is known."""
    article = article_for(request.user, slug, edit=True)
    claim, anchor = claim_of(article, pk)
    query = request.POST.get("query", "").strip()
    box = CitationBox(article=article, claim_pk=pk, anchor=anchor, query=query)
    try:
        if request.POST.get("reference", "").isdigit():
            reference = Reference.objects.filter(pk=int(request.POST["reference"])).first()
            if reference is None:
                raise ArticleError(
                    gettext("That reference is not in the library."), code="not_found"
                )
            citation_add(claim=claim, actor=request.user, reference=reference)
            return _cited(
                request, box, gettext("Cited “%(reference)s”.") % {"reference": reference}
            )
        fmt = format_detect(query)
        if fmt:
            return _paste(request, box, claim, query, fmt)
        identifier = identifier_parse(query)
        matches = _library_matches(query, identifier)
        if len(matches) == 1:
            citation_add(claim=claim, actor=request.user, reference=matches[0])
            return _cited(
                request, box, gettext("Cited “%(reference)s”.") % {"reference": matches[0]}
            )
    except ArticleError as error:
        return refusal(request, article, error, anchor=anchor, kept=[(gettext("Search"), query)])
    if matches:
        box.matches = matches
    elif identifier is not None and identifier.kind != "url":
        _lookup(box, identifier)
    else:
        box.problem = gettext("No reference in the library matches “%(query)s”.") % {"query": query}
        box.form = prefilled_form(box, identifier=identifier, words=query)
    return _box_answer(request, box)


def _library_matches(query: str, identifier) -> list[Reference]:
    if identifier is None:
        return references_matching(query)
    return list(Reference.objects.filter(**{identifier.kind: identifier.value})[:20])


def _lookup(box: CitationBox, identifier) -> None:
    try:
        item = reference_lookup(identifier=identifier)
    except ReferenceFormatError as error:
        if error.code == "lookup_off":
            box.problem = (
                f"The library has no source with the {identifier.label}, and looking "
                "sources up online is turned off on this site. Add it with the form."
            )
        else:
            box.problem = (
                f"The library has no source with the {identifier.label}, and it could not "
                f"be looked up: {error.message} Add it with the form."
            )
        box.form = prefilled_form(box, identifier=identifier)
        return
    box.found = FoundSource(item=item, identifier=identifier)


@require_POST
@workspace_view
def citation_confirm(request, slug: str, pk: int):
    """Add a looked-up source (the signed CSL item the box showed) to the library, as an
    import of one entry (so a record with the same DOI, PMID or PMCID is matched and
    completed, never duplicated), and cite it."""
    article = article_for(request.user, slug, edit=True)
    claim, anchor = claim_of(article, pk)
    box = CitationBox(article=article, claim_pk=pk, anchor=anchor)
    try:
        item = signing.loads(request.POST.get("item", ""), salt=LOOKUP_SALT, max_age=3600)
    except signing.BadSignature:
        box.problem = gettext("That lookup has expired or was changed; look the source up again.")
        return _box_answer(request, box, status=400)
    try:
        result = references_import(
            data=json.dumps([item]), fmt="csl-json", actor=request.user, reason=LOOKUP_REASON
        )
        reference = result.entries[0]
        citation_add(claim=claim, actor=request.user, reference=reference)
    except ReferenceFormatError as error:
        box.problem = f"{error.message} {'; '.join(error.errors)}".strip()
        box.form = prefilled_form(box, item=item)
        return _box_answer(request, box, status=400)
    except ArticleError as error:
        return refusal(request, article, error, anchor=anchor)
    if result.created:
        message = gettext("Added “%(reference)s” to the library and cited it.") % {
            "reference": reference
        }
    else:
        message = gettext(
            "The library already had this source as “%(reference)s”; that record is cited."
        ) % {"reference": reference}
    return _cited(request, box, message, report=result.lines()[1:])


def _paste(request, box: CitationBox, claim, text: str, fmt: str):
    """Import pasted entries (all or nothing, the import's report) and cite each record
    they became or matched, in the order pasted."""
    try:
        result = references_import(data=text, fmt=fmt, actor=request.user, reason=PASTE_REASON)
    except ReferenceFormatError as error:
        box.problem = error.message
        box.errors = error.errors
        return _box_answer(request, box, status=400)
    cited = []
    for reference in dict.fromkeys(result.entries):
        citation_add(claim=claim, actor=request.user, reference=reference)
        cited.append(reference)
    names = "; ".join(f"“{reference}”" for reference in cited)
    return _cited(
        request,
        box,
        gettext("Cited %(names)s (%(format)s pasted).")
        % {"names": names, "format": FORMAT_NAMES[fmt]},
        report=result.lines(),
    )


def _box_answer(request, box: CitationBox, *, status: int = 200):
    """The box with what it found (choices, a looked-up source, a problem and the
    prefilled form): in place with the claim's sources for htmx, else a page of its own."""
    if is_htmx(request):
        return _sources(
            request,
            box.article,
            box.claim_pk,
            box.problem,
            anchor=box.anchor,
            changed=False,
            box=box,
        )
    return box_page(request, box, status=status)


def _cited(request, box: CitationBox, message: str, *, report: list[str] | None = None):
    """Cited: the claim's sources in place (the box showing the import's report), or back
    to the claim with the message and the report."""
    if is_htmx(request):
        box.report, box.query = list(report or []), ""
        return _sources(request, box.article, box.claim_pk, message, anchor=box.anchor, box=box)
    message_place(request, message, place=box.anchor)
    for line in report or []:
        message_place(request, line, place=box.anchor, level=messages.INFO)
    return redirect(editor_url(box.article))


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
                    message = gettext("Added “%(reference)s” to the library and cited it.") % {
                        "reference": citation.reference
                    }
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
    return _sources(
        request, article, citation.claim_id, gettext("Citations reordered."), anchor=anchor
    )


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
    return _sources(
        request, article, citation.claim_id, gettext("Citation removed."), anchor=anchor
    )


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
