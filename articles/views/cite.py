""" "Cite this article": the article page as a reference in AMA (plain text), RIS or BibTeX,
built from the same CSL item the page shows (articles.reader.article_citation_item) and
written by the reference library's own formatter and writers."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from articles.models import RevisionState
from articles.reader import article_citation_item, article_for_reader, reader_dates
from references.formats import bibliography_export
from references.formatting import reference_format

# extension -> (content type, how the body is written)
FORMATS = {
    "txt": ("text/plain; charset=utf-8", lambda item: reference_format(item=item) + "\n"),
    "ris": (
        "application/x-research-info-systems; charset=utf-8",
        lambda item: bibliography_export(items=[item], fmt="ris"),
    ),
    "bib": (
        "application/x-bibtex; charset=utf-8",
        lambda item: bibliography_export(items=[item], fmt="bibtex"),
    ),
}


@require_GET
def article_cite(request, slug: str, fmt: str):
    if fmt not in FORMATS:
        raise Http404("Citations are offered as .txt (AMA), .ris and .bib.")
    article, revision = article_for_reader(slug, with_content=False)
    item = article_citation_item(
        article=article,
        question=article.public_question or article.question,
        dates=reader_dates(article, revision),
    )
    content_type, write = FORMATS[fmt]
    response = HttpResponse(write(item), content_type=content_type)
    name = f"{article.slug}-ama.txt" if fmt == "txt" else f"{article.slug}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # The item names today as the access date: shared caches may keep it for a day at most.
    if revision.state == RevisionState.APPROVED:
        response["Cache-Control"] = "public, max-age=3600"
    else:
        response["Cache-Control"] = "private, no-store"
    return response
