"""A translation's XLIFF 2.0 file on the desk (articles/xliff): "Download XLIFF for
translators" and "Import translated XLIFF", on the translation's Languages page. Both are
for the article's editors (articles.access.article_for with edit)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from articles.access import article_for
from articles.errors import ArticleError
from articles.placed_messages import message_place
from articles.xliff import (
    XLIFF_MAX_BYTES,
    translation_xliff_export,
    translation_xliff_import,
    xliff_filename,
)
from desk.views.access import refused, workspace_view
from desk.views.translations import translations_context, translations_url

PLACE = "xliff"


@require_GET
@workspace_view
def xliff_export(request, slug: str):
    article = article_for(request.user, slug, edit=True)
    try:
        data = translation_xliff_export(article=article)
    except ArticleError as error:
        return refused(request, article, error)
    response = HttpResponse(data, content_type="application/xliff+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{xliff_filename(article)}"'
    return response


@require_POST
@workspace_view
def xliff_import(request, slug: str):
    """Apply an agency's file; the report, or the refusal, shows in the XLIFF form."""
    article = article_for(request.user, slug, edit=True)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ArticleError(
                gettext("Choose the translated XLIFF file to import."), code="invalid"
            )
        # One byte past the limit is enough for the service to refuse a larger file.
        data = upload.read(XLIFF_MAX_BYTES + 1)
        report = translation_xliff_import(article=article, data=data, actor=request.user)
    except ArticleError as error:
        context = translations_context(request, article)
        context["xliff_error"] = error.message
        return render(request, "editor/translations.html", context, status=error.status)
    level = messages.WARNING if report.untranslated else messages.SUCCESS
    message_place(request, report.summary(), place=PLACE, level=level)
    return redirect(translations_url(article))
