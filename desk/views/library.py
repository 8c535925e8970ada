"""The reference library at the editors' desk: importing a reference file (editors
cannot open the admin). The import and its report are references.importing's, the
same as in the admin, the API and `manage.py import_references`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from articles.permissions import user_can_create_articles
from desk.views.access import workspace_view
from references.errors import ReferenceFormatError
from references.forms import ReferenceImportForm
from references.importing import references_import


@require_http_methods(["GET", "POST"])
@workspace_view
def reference_import(request):
    """Import a RIS, BibTeX, CSL-JSON, CSL YAML or PubMed file into the library, and
    show what became of each entry."""
    if not user_can_create_articles(request.user):
        raise PermissionDenied("Only editors can add references to the library.")
    form = ReferenceImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                context["result"] = references_import(
                    data=form.cleaned_data["file"].read(),
                    fmt=form.cleaned_data["fmt"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ReferenceFormatError as exc:
                context["refused"] = exc
            else:
                status = 200
                context["form"] = ReferenceImportForm()
    return render(request, "editor/reference_import.html", context, status=status)
