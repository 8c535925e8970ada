"""A refused body (413) is read to its end when it is within what nginx lets through, so
gunicorn can keep the connection nginx reuses: otherwise nginx, still sending the body,
found the connection closed and answered 502 instead of the 413 (tests/deploy shows it
through nginx)."""

import io

from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse

from config.middleware import RequestSizeLimitMiddleware


def _refused(settings, *, size: int, content_type: str, path: str = "/api/v1/questions/"):
    body = io.BytesIO(b" " * size)
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
            "wsgi.input": body,
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(size),
        }
    )
    response = RequestSizeLimitMiddleware(lambda request: HttpResponse("reached"))(request)
    return response, body.tell()


def test_a_json_body_over_its_limit_is_read_before_the_413(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    settings.REQUEST_BODY_MAX_BYTES = 100_000

    response, read = _refused(settings, size=50_000, content_type="application/json")

    assert response.status_code == 413
    assert read == 50_000


def test_a_form_body_over_its_limit_is_read_before_the_413(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    settings.REQUEST_BODY_MAX_BYTES = 100_000

    response, read = _refused(
        settings,
        size=50_000,
        content_type="application/x-www-form-urlencoded",
        path="/articles/x/question/",
    )

    assert response.status_code == 413
    assert read == 50_000


def test_a_body_over_the_ceiling_is_never_read(settings):
    settings.REQUEST_BODY_MAX_BYTES = 100_000

    response, read = _refused(settings, size=200_000, content_type="application/json")

    assert response.status_code == 413
    assert read == 0
