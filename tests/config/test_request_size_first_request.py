"""The first request a fresh app server process answers can be an oversized API body. The
413 is built before any URL is resolved, so before the API's modules are loaded; that
import must work on its own (it used to fail on a circular import, answering 500)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from django.test import RequestFactory
from config.middleware import RequestSizeLimitMiddleware

request = RequestFactory().post(
    "/api/v1/questions/", data=b"{}", content_type="application/json",
    CONTENT_LENGTH=str(50 * 1024 * 1024),
)
response = RequestSizeLimitMiddleware(lambda request: None)(request)
print(response.status_code, response.content.decode())
"""


def test_an_oversized_api_body_is_the_first_request_of_a_fresh_process():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith('413 {"error": "too_large"')
