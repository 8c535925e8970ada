"""The OpenAPI schema: generated without warnings, valid, the same routes as the URL
configuration, served with interactive docs from the app itself (no CDN)."""

import re
from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.urls import URLPattern, URLResolver
from rest_framework.views import APIView

from api import urls as api_urls
from api.views.articles import DOCUMENT_EXAMPLE
from articles.documents import article_import

pytestmark = pytest.mark.django_db
PREFIX = "/api/v1/"


def generated_schema(tmp_path) -> dict:
    path = tmp_path / "schema.yaml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(path), stderr=StringIO()
    )
    return yaml.safe_load(path.read_text())


def routes() -> dict[str, set[str]]:
    """Every DRF endpoint in api/urls.py as an OpenAPI path, with the methods it answers."""
    found = {}
    for pattern in api_urls.urlpatterns:
        assert not isinstance(pattern, URLResolver)
        assert isinstance(pattern, URLPattern)
        view = getattr(pattern.callback, "view_class", None) or getattr(
            getattr(pattern.callback, "__wrapped__", None), "view_class", None
        )
        if view is None or not issubclass(view, APIView) or pattern.name in ("schema", "docs"):
            continue
        path = PREFIX + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        methods = {m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)}
        found[path] = methods
    return found


def test_the_schema_generates_without_warnings_and_validates(tmp_path):
    schema = generated_schema(tmp_path)
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_the_schema_paths_and_methods_are_exactly_the_routes(tmp_path):
    schema = generated_schema(tmp_path)
    documented = {path: set(item) - {"parameters"} for path, item in schema["paths"].items()}
    assert documented == routes()
    assert len(documented) == 22


def test_every_operation_documents_its_error_shape(tmp_path):
    schema = generated_schema(tmp_path)
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            errors = [code for code in operation["responses"] if code.startswith("4")]
            assert errors, f"{method.upper()} {path} documents no error"
            for code in errors:
                content = operation["responses"][code]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}


def test_the_schema_is_served_as_json(api):
    response = api.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "/api/v1/articles/{slug}/revisions/{number}/approve" in response.json()["paths"]


def test_the_interactive_docs_are_served_from_the_app_without_a_cdn(api):
    page = api.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert any("drf_spectacular_sidecar/swagger-ui-dist" in s for s in sources)
    # The page's own script is a separate same-origin URL, so CSP needs no inline script.
    assert "<script>" not in html
    assert (
        "'unsafe-inline'"
        not in page["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )
    script = api.get(next(s for s in sources if "?script" in s))
    assert script.status_code == 200
    assert b"/api/v1/schema/" in script.content


def test_the_document_example_in_the_schema_imports(editor):
    article = article_import(text=DOCUMENT_EXAMPLE.value, owner=editor)
    assert article.slug == "heat-for-back-pain"
