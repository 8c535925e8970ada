"""Document mode: the whole working copy edited as one article document
(docs/article-format.md), checked as it is typed and saved through the same service as
"Replace from a document" (articles.services.working_copy_import), so history, the edit
lock and version tokens hold here too. Without JavaScript the page is a textarea form."""

import json

from csp.constants import NONCE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from articles.access import article_for
from articles.audiences import default_audience
from articles.documents import document_check, document_from_article
from articles.errors import ArticleError, ArticleImportError, DocumentError
from articles.permissions import LOCKED_MESSAGE, article_can_edit
from articles.placed_messages import message_place
from articles.rendering import article_render
from articles.services import working_copy_import
from articles.versions import working_copy_version
from desk.views.access import workspace_view

SAVED = gettext_noop("The working copy was saved from the document.")
# CodeMirror's style-mod writes its styles into a <style> element, which style-src 'self'
# refuses; this page's policy admits the one element that carries the page's nonce
# (EditorView.cspNonce, read from the nonce of the script tag that starts the editor).
_EDITOR_STYLES = csp_update({"style-src": [NONCE]})


def _errors_json(errors: list[DocumentError]) -> list[dict]:
    return [{"line": error.line or 1, "message": error.message} for error in errors]


def _posted_text(request) -> str:
    """The document a request carries: a JSON body {"text": ...} or a form field."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body)
        except ValueError:
            raise ArticleError(gettext("The request is not JSON."), code="invalid") from None
        text = data.get("text") if isinstance(data, dict) else None
        if not isinstance(text, str):
            raise ArticleError(gettext('Send the document as {"text": "..."}.'), code="invalid")
        return text
    return request.POST.get("text", "")


def _preview_html(content: dict | None) -> str:
    if content is None:
        return ""
    rendered = article_render(content=content, audience=default_audience())
    return render_to_string("articles/_article_body.html", {"rendered": rendered})


def _page(request, article, *, text: str, version: str, errors=None, status=200):
    """The page; `errors` given (a refused save) are shown instead of a fresh check."""
    locked = article.pending_revision_id is not None
    check = document_check(text=text, slug=article.slug)
    context = {
        "article": article,
        "text": text,
        "version": version,
        "errors": check.errors if errors is None else list(errors),
        "refused": errors is not None,
        "warnings": check.warnings,
        "preview": _preview_html(check.content),
        "can_edit": article_can_edit(request.user, article) and not locked,
        "locked": locked,
        "locked_message": LOCKED_MESSAGE,
        "check_url": reverse("editor:document-check", kwargs={"slug": article.slug}),
        "max_bytes": settings.ARTICLE_IMPORT_MAX_BYTES,
    }
    return render(request, "editor/document.html", context, status=status)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_http_methods(["GET", "POST"])
@workspace_view
@_EDITOR_STYLES
def document_edit(request, slug: str):
    """GET: the working copy as a document. POST: save it, refusing a stale one."""
    if request.method == "GET":
        article = article_for(request.user, slug)
        text = document_from_article(article=article)
        return _page(request, article, text=text, version=working_copy_version(article))
    try:
        article = article_for(request.user, slug, edit=True)
        text = _posted_text(request)
    except ArticleError as error:
        if _wants_json(request):
            return JsonResponse({"code": error.code, "message": error.message}, status=error.status)
        raise
    version = request.POST.get("version", "")
    if request.POST.get("action") == "check":
        return _page(request, article, text=text, version=version)
    return _save(request, article, text=text, version=version)


def _save(request, article, *, text: str, version: str):
    warnings: list = []
    try:
        working_copy_import(
            article=article, text=text, actor=request.user, version=version, warnings=warnings
        )
    except ArticleImportError as error:
        if _wants_json(request):
            body = {
                "code": error.code,
                "message": gettext("The document has problems; nothing was saved."),
            }
            return JsonResponse({**body, "errors": _errors_json(error.errors)}, status=400)
        return _page(request, article, text=text, version=version, errors=error.errors, status=400)
    except ArticleError as error:
        # Stale or locked: the person's text is kept, on the page or in the editor.
        if _wants_json(request):
            return JsonResponse({"code": error.code, "message": error.message}, status=error.status)
        message_place(
            request,
            gettext("%(refusal)s Your text is below, not saved.") % {"refusal": error.message},
            place="document",
            level=messages.ERROR,
        )
        return _page(request, article, text=text, version=version, status=error.status)
    new_version = working_copy_version(article)
    if _wants_json(request):
        body = {
            "message": gettext(SAVED),
            "version": new_version,
            "warnings": _errors_json(warnings),
        }
        return JsonResponse(body)
    message_place(request, gettext(SAVED), place="document")
    for warning in warnings:
        message_place(request, str(warning), place="document", level=messages.WARNING)
    return redirect(reverse("editor:document", kwargs={"slug": article.slug}))


@require_POST
@workspace_view
def document_validate(request, slug: str):
    """JSON: the document's problems by line, its warnings, and its preview. Anyone who
    may read the working copy may check a document against it; nothing is written."""
    try:
        article = article_for(request.user, slug)
        text = _posted_text(request)
    except ArticleError as error:
        return JsonResponse({"code": error.code, "message": error.message}, status=error.status)
    check = document_check(text=text, slug=article.slug)
    return JsonResponse(
        {
            "errors": _errors_json(check.errors),
            "warnings": _errors_json(check.warnings),
            "preview": _preview_html(check.content),
        }
    )
