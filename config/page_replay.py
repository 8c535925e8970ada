"""Give an article page's answer again, or its 304, without running Django's handler.

Under gunicorn, a page-cache hit (config/middleware_pagecache.py) spends most of its time
in Django's handler rather than in the page cache: building the request, the
request_started and request_finished signals, each middleware's wrapper and the response's
header bookkeeping. This WSGI wrapper (config/wsgi.py) keeps, per process, the answers
that the page-cache middleware gave, and gives the same answer to the same request again.

Django stays the only author of every answer. Nothing is replayed that the page-cache
middleware did not answer itself (it marks the request: ANSWERED_FROM_PAGE_CACHE); a
replay is that answer byte for byte, status, headers (the security headers and content
security policy, cache headers, the audience cookie) and body, with a new request id. It
is kept under a key of everything that answer was made from:

- the page's current ETag, from this process's local tier of article states (no query, no
  round trip): the revision shown, its dates, the audience, the release and the day, so a
  publication, a new day or a new release each go back to Django;
- every request variable Django's path to that answer reads: the URL (script name, path,
  query, scheme, host and the proxy headers that stand for them), the cookies (a session
  or flash message makes Django decline; a remembered audience, redirect), Accept-Encoding
  and the conditional headers.

Anything else (any other method or URL, an article whose state this process does not hold,
an answer the page cache did not give) goes to Django as before. A replayed request is
counted and logged as RequestObservationMiddleware counts and logs the others. The kept
answers are bounded in bytes, least recently used first out.
"""

import threading
import time
from dataclasses import dataclass

from cachetools import LRUCache
from django.conf import settings

from config.middleware_pagecache import ANSWERED_FROM_PAGE_CACHE, article_request
from monitoring.logs import request_id_var
from monitoring.middleware import REQUEST_ID_HEADER, request_id_from, request_observe

REPLAY_BYTES = 16 * 1024 * 1024  # per process
VIEW_NAME = "articles:detail"
# The request variables Django's path to a page-cache answer reads (see above). The
# proxy's HTTPS header (SECURE_PROXY_SSL_HEADER) is added from the settings.
KEY_VARIABLES = (
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_COOKIE",
    "HTTP_ACCEPT_ENCODING",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


@dataclass(frozen=True)
class Answer:
    status: str
    headers: tuple[tuple[str, str], ...]  # without the request id
    body: bytes
    page_cache: str | None  # X-Page-Cache, counted in the metrics
    key_size: int  # what the request's own variables in its key take (cookies, mostly)

    @property
    def size(self) -> int:
        headers = sum(len(name) + len(value) for name, value in self.headers)
        return len(self.body) + headers + self.key_size


class PageReplay:
    def __init__(self, application, *, budget: int = REPLAY_BYTES):
        self.application = application
        self._answers: LRUCache = LRUCache(maxsize=budget, getsizeof=lambda a: a.size)
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe
        proxy = settings.SECURE_PROXY_SSL_HEADER
        self._variables = KEY_VARIABLES + ((proxy[0],) if proxy else ())

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        key = self._key(environ)
        if key is None:
            return self.application(environ, start_response)
        with self._lock:
            answer = self._answers.get(key)
        if answer is None:
            return self._answer_and_keep(key, environ, start_response)
        return self._replay(answer, environ, start_response, started)

    def _key(self, environ) -> tuple | None:
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        found = article_request(environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
        if found is None:
            return None
        from articles.views.public import article_page_etag_local

        match, requested = found
        etag = article_page_etag_local(slug=match.kwargs["slug"], requested=requested)
        if etag is None:
            return None
        return (etag, *(environ.get(name) for name in self._variables))

    def _answer_and_keep(self, key: tuple, environ, start_response):
        said = {}

        def start(status, headers, exc_info=None):
            said.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = self.application(environ, start)
        # Django's handler ran the whole middleware chain before returning.
        if not environ.get(ANSWERED_FROM_PAGE_CACHE):
            return result
        try:
            body = b"".join(result)
        finally:
            result.close()
        headers = tuple(
            (name, value) for name, value in said["headers"] if name != REQUEST_ID_HEADER
        )
        answer = Answer(
            status=said["status"],
            headers=headers,
            body=body,
            page_cache=dict(headers).get("X-Page-Cache"),
            key_size=sum(len(value) for value in key if value),
        )
        if answer.size <= self._answers.maxsize:  # else cachetools refuses it
            with self._lock:
                self._answers[key] = answer
        return [body]

    def _replay(self, answer: Answer, environ, start_response, started: float):
        request_id = request_id_from(environ)
        start_response(answer.status, [*answer.headers, (REQUEST_ID_HEADER, request_id)])
        token = request_id_var.set(request_id)
        try:
            request_observe(
                environ=environ,
                path=environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
                view=VIEW_NAME,
                status=int(answer.status.split(" ", 1)[0]),
                page_cache=answer.page_cache,
                elapsed=time.perf_counter() - started,
            )
        finally:
            request_id_var.reset(token)
        return [answer.body]
