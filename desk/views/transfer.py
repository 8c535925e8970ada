"""Moving articles in and out as documents (docs/article-format.md), and restoring a
revision as the working copy."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.access import article_for
from articles.documents import (
    article_import,
    document_decode,
    document_from_article,
    document_from_content,
)
from articles.errors import ArticleError, ArticleImportError
from articles.permissions import user_can_create_articles
from articles.placed_messages import message_place
from articles.services import working_copy_import, working_copy_restore
from articles.versions import working_copy_version
from desk.views.access import (
    done,
    editor_url,
    refused,
    workspace_view,
)
from desk.views.forms import DocumentForm


def _document_text(form: DocumentForm) -> str:
    upload = form.cleaned_data.get("file")
    if upload:
        return document_decode(data=upload.read())
    return form.cleaned_data["text"]


def _markdown(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@workspace_view
def document_import(request):
    """A new article from an uploaded (or pasted) document, owned by the importer."""
    if not user_can_create_articles(request.user):
        raise PermissionDenied("Only editors can start articles.")
    form = DocumentForm(request.POST or None, request.FILES or None)
    errors, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            warnings: list = []
            try:
                article = article_import(
                    text=_document_text(form), owner=request.user, warnings=warnings
                )
            except ArticleImportError as error:
                errors = error.errors
            else:
                message_place(
                    request, gettext("The document was imported as a new article."), place="article"
                )
                for warning in warnings:
                    message_place(request, str(warning), place="article", level=messages.WARNING)
                return redirect(editor_url(article))
    context = {"form": form, "errors": errors, "article": None}
    return render(request, "editor/import.html", context, status=status)


@require_http_methods(["GET", "POST"])
@workspace_view
def document_replace(request, slug: str):
    """Replace this article's working copy with a document."""
    article = article_for(request.user, slug, edit=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    errors, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            warnings: list = []
            try:
                working_copy_import(
                    article=article,
                    text=_document_text(form),
                    actor=request.user,
                    version=request.POST.get("version", ""),
                    warnings=warnings,
                )
            except ArticleImportError as error:
                errors = error.errors
            except ArticleError as error:
                return refused(request, article, error)
            else:
                for warning in warnings:
                    message_place(request, str(warning), place="article", level=messages.WARNING)
                return done(
                    request, article, gettext("The working copy was replaced from the document.")
                )
    context = {
        "form": form,
        "errors": errors,
        "article": article,
        "version": working_copy_version(article),
    }
    return render(request, "editor/import.html", context, status=status)


@require_GET
@workspace_view
def working_copy_export(request, slug: str):
    article = article_for(request.user, slug)
    return _markdown(document_from_article(article=article), f"{article.slug}-working-copy.md")


def _revision(article, number: int):
    revision = article.revisions.filter(number=number).first()
    if revision is None:
        raise Http404("This article has no revision with that number.")
    return revision


@require_GET
@workspace_view
def revision_export(request, slug: str, number: int):
    article = article_for(request.user, slug)
    revision = _revision(article, number)
    return _markdown(
        document_from_content(content=revision.content), f"{article.slug}-r{revision.number}.md"
    )


@require_POST
@workspace_view
def revision_restore(request, slug: str, number: int):
    article = article_for(request.user, slug, edit=True)
    revision = _revision(article, number)
    try:
        working_copy_restore(
            article=article,
            revision=revision,
            actor=request.user,
            version=request.POST.get("version", ""),
        )
    except ArticleError as error:
        return refused(request, article, error)
    return done(
        request,
        article,
        f"The working copy is now revision {revision.number}'s text. Submit it for review "
        "to publish it.",
    )
