"""Request bodies that are files rather than JSON: article documents (Markdown) and
reference files (RIS, BibTeX, CSL-JSON, MEDLINE/nbib). Each parser hands the view the raw
bytes and the format its Content-Type names; the services decode and check them.

A body larger than the limit for its kind is refused with 413 before it is read whole:
from Content-Length when the client sends it, and otherwise while reading."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.status import HTTP_413_REQUEST_ENTITY_TOO_LARGE

from api.errors import ApiError
from config.characters import CODE, refused_in_tree

CHUNK = 64 * 1024


@dataclass(frozen=True)
class RawBody:
    data: bytes
    fmt: str


def too_large(limit: int) -> ApiError:
    return ApiError(
        gettext("The request body is larger than the limit of %(limit)s bytes.")
        % {"limit": f"{limit:,}"},
        code="too_large",
        status_code=HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    )


class JsonParser(JSONParser):
    """DRF's JSON parser, except that a body nested thousands of levels deep (which makes
    Python's json module raise RecursionError, a 500) is a 400 like any unreadable JSON,
    and so is any string (or key) with a character no text may hold (config.characters):
    JSON can spell a NUL or half a surrogate pair ("\\ud800") that no database stores."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(gettext("JSON parse error - the body is nested too deeply.")) from None
        refusal = refused_in_tree(data)
        if refusal is not None:
            field, message = refusal
            raise ApiError(message, code=CODE, status_code=400, fields={field: [message]})
        return data


class _RawParser(BaseParser):
    fmt = ""
    limit_setting = ""

    def parse(self, stream, media_type=None, parser_context=None) -> RawBody:
        limit = getattr(settings, self.limit_setting)
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH", "") if request is not None else ""
        if length.isdigit() and int(length) > limit:
            raise too_large(limit)
        chunks, size = [], 0
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise too_large(limit)
            chunks.append(chunk)
        return RawBody(data=b"".join(chunks), fmt=self.fmt)


class MarkdownDocumentParser(_RawParser):
    media_type = "text/markdown"
    fmt = "article-document"
    limit_setting = "ARTICLE_IMPORT_MAX_BYTES"


class RisParser(_RawParser):
    media_type = "application/x-research-info-systems"
    fmt = "ris"
    limit_setting = "REFERENCE_IMPORT_MAX_BYTES"


class BibtexParser(_RawParser):
    media_type = "application/x-bibtex"
    fmt = "bibtex"
    limit_setting = "REFERENCE_IMPORT_MAX_BYTES"


class CslJsonParser(_RawParser):
    media_type = "application/vnd.citationstyles.csl+json"
    fmt = "csl-json"
    limit_setting = "REFERENCE_IMPORT_MAX_BYTES"


class CslYamlParser(_RawParser):
    media_type = "application/yaml"  # RFC 9512
    fmt = "csl-yaml"
    limit_setting = "REFERENCE_IMPORT_MAX_BYTES"


class NbibParser(_RawParser):
    media_type = "application/nbib"
    fmt = "nbib"
    limit_setting = "REFERENCE_IMPORT_MAX_BYTES"


REFERENCE_FILE_PARSERS = [RisParser, BibtexParser, CslJsonParser, CslYamlParser, NbibParser]
