"""The reference library: search, add one record (a CSL-JSON item), import a file. The
records are written by references.services, which validate, normalise identifiers,
match duplicates and keep history."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from api.errors import ApiError
from api.pagination import ApiPagination
from api.parsers import REFERENCE_FILE_PARSERS, JsonParser
from api.serializers import ReferenceImportResultSerializer, ReferenceSerializer
from api.views.articles import _errors
from api.views.base import ApiView, raw_body, require
from articles.permissions import user_can_create_articles
from references.csl import reference_fields_from_csl
from references.identifiers import normalize_doi, normalize_pmid
from references.importing import references_import
from references.models import Reference
from references.services import reference_save

API_REASON = "Added through the API"


class ReferenceSearchSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, help_text="Words of the title, or a DOI, or a PMID.", max_length=500
    )


def _search(q: str):
    match = Q(title__icontains=q)
    for normalize, field in ((normalize_doi, "doi"), (normalize_pmid, "pmid")):
        try:
            value = normalize(q)
        except ValueError:
            continue
        if value:
            match |= Q(**{field: value})
    return match


def _codes(exc: ValidationError) -> set[str]:
    errors = (
        [e for items in exc.error_dict.values() for e in items]
        if hasattr(exc, "error_dict")
        else exc.error_list
    )
    return {e.code or "" for e in errors}


def _require_library_writer(user) -> None:
    # Editors add sources whenever they import or cite; the admin's permission covers
    # librarians who are not editors.
    require(
        user_can_create_articles(user) or user.has_perm("references.add_reference"),
        code="not_editor",
        message="Only editors can add references to the library.",
    )


class ReferenceListView(ApiView):
    parser_classes = [JsonParser]
    pagination_class = ApiPagination

    @extend_schema(
        summary="Search the reference library",
        parameters=[ReferenceSearchSerializer],
        responses={200: ReferenceSerializer(many=True), **_errors(400, 401, 404)},
    )
    def get(self, request):
        query = ReferenceSearchSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        references = Reference.objects.order_by("title", "pk")
        q = " ".join(query.validated_data.get("q", "").split())
        if q:
            references = references.filter(_search(q))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(references, request, view=self)
        return paginator.get_paginated_response(ReferenceSerializer(page, many=True).data)

    @extend_schema(
        summary="Add a reference",
        description="The body is one CSL-JSON item. DOI, PMID and PMCID are normalised; a "
        "record whose identifier is already in the library is refused with 409.",
        request={"application/json": OpenApiTypes.OBJECT},
        examples=[
            OpenApiExample(
                "A guideline",
                request_only=True,
                value={
                    "type": "report",
                    "genre": "Guideline",
                    "title": "Low back pain and sciatica in over 16s",
                    "publisher": "NICE",
                    "number": "NG59",
                    "issued": {"date-parts": [[2016, 11, 30]]},
                },
            )
        ],
        responses={201: ReferenceSerializer, **_errors(400, 401, 403, 409, 415)},
    )
    def post(self, request):
        _require_library_writer(request.user)
        fields, problems = reference_fields_from_csl(request.data)
        if problems:
            raise ApiError(
                "The CSL-JSON item is not valid.",
                code="invalid",
                status_code=400,
                fields={"csl": problems},
            )
        reference = Reference(**fields)
        try:
            reference_save(reference=reference, actor=request.user, reason=API_REASON)
        except ValidationError as exc:
            if any(code.startswith("duplicate_") for code in _codes(exc)):
                raise ApiError(" ".join(exc.messages), code="duplicate", status_code=409) from None
            raise
        return Response(ReferenceSerializer(reference).data, status=status.HTTP_201_CREATED)


class ImportQuerySerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        max_length=60,
        help_text="Why the file is imported; kept in the history of each record it writes.",
    )


class ReferenceImportView(ApiView):
    parser_classes = REFERENCE_FILE_PARSERS

    @extend_schema(
        summary="Import a reference file",
        description="RIS (application/x-research-info-systems), BibTeX (application/x-bibtex),"
        " CSL-JSON (application/vnd.citationstyles.csl+json), CSL YAML (application/yaml) or "
        "MEDLINE/PubMed (application/nbib). All or nothing; an entry already in the library "
        "(same DOI, PMID or PMCID) is matched and the record gains the fields it lacks, never "
        "overwritten. The report gives each entry's fate (created, matched, enriched); a "
        "refused file answers 400 with each refusal, naming its entry and field, in "
        "fields.file. 201 when something was added, else 200.",
        parameters=[ImportQuerySerializer],
        request={parser.media_type: OpenApiTypes.STR for parser in REFERENCE_FILE_PARSERS},
        responses={
            201: ReferenceImportResultSerializer,
            200: ReferenceImportResultSerializer,
            **_errors(400, 401, 403, 413, 415),
        },
    )
    def post(self, request):
        _require_library_writer(request.user)
        body = raw_body(request)
        query = ImportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = references_import(
            data=body.data,
            fmt=body.fmt,
            actor=request.user,
            reason=query.validated_data.get("reason", ""),
        )
        data = ReferenceImportResultSerializer(result).data
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(data, status=code)
