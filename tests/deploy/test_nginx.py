"""deploy/ for real: nginx in front of two gunicorn servers, with the production settings
and the environment template. Readers are served from nginx's cache for the page's
max-age and no longer; staff, POSTs and responses that set cookies never are; bodies
over the app's limit stop at nginx; the login throttle sees the reader's own address;
and the metrics count what happened across gunicorn's worker processes."""

import json
import time

import pytest

from tests.deploy.conftest import production_environment
from tests.deploy.seed import NEW_LEAD, OLD_LEAD
from tests.deploy.stack import Client, Gunicorn, Nginx, manage, metric
from tests.faults.services import HOST, free_port, port_open, wait_for

MAX_AGE = 4  # ARTICLE_PAGE_MAX_AGE for these servers: short, so the test can outwait it
BODY_LIMIT = 5184 * 1024  # client_max_body_size in deploy/nginx/medcms.conf


@pytest.fixture(scope="module")
def stack(tools, postgres, database, redis_server, scratch):
    closed = free_port()  # nothing listens here: every notification email fails
    assert not port_open(closed)
    environment = production_environment(
        database_url=postgres.url(database),
        scratch=scratch,
        REDIS_URL=redis_server.url,
        EMAIL_HOST=HOST,
        EMAIL_PORT=closed,
        EMAIL_TIMEOUT=2,
        ARTICLE_PAGE_MAX_AGE=MAX_AGE,
        GUNICORN_WORKERS=2,
    )
    manage(environment, "collectstatic", "--noinput", "-v0")
    servers = [Gunicorn(environment).start() for _ in range(2)]
    nginx = Nginx(app_ports=[s.port for s in servers], static_root=scratch / "staticfiles")
    try:
        nginx.start()
        yield nginx, servers
    finally:
        nginx.stop()
        for server in servers:
            server.stop()


@pytest.fixture
def nginx(stack):
    return stack[0]


@pytest.fixture
def servers(stack):
    return stack[1]


def reader(nginx, source="127.0.0.2") -> Client:
    return Client(HOST, nginx.https_port, source=source)


def test_pages_static_files_and_the_api_are_served_through_nginx(nginx, seeded_template):
    client = reader(nginx)

    home = client.get("/")
    assert home.status == 200
    assert home.header("x-request-id")
    page = client.get("/articles/published/")
    assert page.status == 200
    assert OLD_LEAD in page.text
    api = client.get("/api/v1/articles/published/")
    assert api.status == 200
    assert json.loads(api.text)["slug"] == "published"
    stylesheet = next(
        part.split('"')[0] for part in home.text.split('href="')[1:] if part.startswith("/static/")
    )
    static = client.get(stylesheet)
    assert static.status == 200
    assert static.header("cache-control") == "public, max-age=31536000, immutable"
    assert not static.header("x-request-id")  # nginx answered it; gunicorn never saw it
    plain = Client(HOST, nginx.http_port, tls=False).get("/articles/published/")
    assert plain.status == 301
    assert plain.header("location") == "https://answers.example.org/articles/published/"


def test_a_published_change_reaches_readers_within_max_age_and_staff_at_once(
    nginx, seeded_template
):
    page = "/articles/published/"
    anonymous = reader(nginx)
    editor = reader(nginx, source="127.0.0.4")
    assert editor.sign_in("editor", seeded_template["password"]).status == 302
    # Wait for nginx to store the page afresh, so we know when its copy expires.
    stored = wait_for(
        lambda: (a := anonymous.get(page)).header("x-cache-status") != "HIT" and a,
        timeout=MAX_AGE + 2,
        interval=0.2,
        what="nginx to store the page",
    )
    stored_at = time.monotonic()
    assert stored.header("cache-control") == f"public, max-age={MAX_AGE}"
    assert OLD_LEAD in stored.text

    approved = reader(nginx).post_json(
        f"/api/v1/articles/published/revisions/{seeded_template['published']['revision']}/approve",
        json.dumps({"password": seeded_template["password"], "meaning": "Approved"}).encode(),
        token=seeded_template["tokens"]["reviewer2"],
    )
    assert approved.status == 200, approved.text
    assert approved.header("x-cache-status") != "HIT"

    # Signed-in staff skip the cache: the change at once, and never stored for others.
    staff = editor.get(page)
    assert staff.header("x-cache-status") == "BYPASS"
    assert NEW_LEAD in staff.text
    # Readers may get the old page until its max-age is up (that is what max-age allows)...
    stale = anonymous.get(page)
    if time.monotonic() - stored_at < MAX_AGE - 0.5:
        assert stale.header("x-cache-status") == "HIT"
        assert OLD_LEAD in stale.text
    # ...and no longer: nginx asks the app again (with the ETag) and gets the new page.
    # Timed by when the request that got it was sent: the first one sent after the
    # stored copy's max-age must get the new page, however long the app then takes to
    # render it on a busy machine.
    sent = []

    def fetch():
        sent.append(time.monotonic())
        return anonymous.get(page)

    fresh = wait_for(
        lambda: NEW_LEAD in (a := fetch()).text and a,
        timeout=MAX_AGE + 4,
        interval=0.2,
        what="the published change to reach readers through nginx",
    )
    # nginx keeps time in whole seconds, so a copy may outlive its max-age by up to one
    # second; the next poll (0.2 s) must then get the new page.
    assert sent[-1] - stored_at <= MAX_AGE + 1 + 0.5
    assert fresh.header("x-cache-status") in ("EXPIRED", "MISS")


def test_an_unchanged_page_is_revalidated_with_its_etag(nginx):
    client = reader(nginx)
    client.get("/articles/published/")
    time.sleep(MAX_AGE + 1)

    again = client.get("/articles/published/")

    assert again.status == 200
    assert again.header("x-cache-status") == "REVALIDATED"


def test_staff_pages_posts_and_set_cookie_responses_are_never_cached(nginx, seeded_template):
    editor = reader(nginx, source="127.0.0.5")
    assert editor.sign_in("editor", seeded_template["password"]).status == 302
    workspace = [editor.get("/editor/") for _ in range(2)]
    assert [a.status for a in workspace] == [200, 200]
    assert {a.header("x-cache-status") for a in workspace} == {"BYPASS"}

    anonymous = reader(nginx, source="127.0.0.6")
    # A staff page asked for without signing in: a redirect to sign in, never stored.
    redirects = [anonymous.get("/editor/") for _ in range(2)]
    assert {a.status for a in redirects} == {302}
    assert "HIT" not in {a.header("x-cache-status") for a in redirects}
    # The sign-in form sets the CSRF cookie: each visitor must get their own.
    logins = [Client(HOST, nginx.https_port).get("/accounts/login/") for _ in range(2)]
    assert all(a.header("set-cookie") for a in logins)
    assert "HIT" not in {a.header("x-cache-status") for a in logins}
    # A page that remembers the reader's audience in a cookie is public but sets a cookie.
    audience = [anonymous.get("/articles/published/?audience=patient") for _ in range(2)]
    assert all("audience=patient" in a.header("set-cookie") for a in audience)
    assert "HIT" not in {a.header("x-cache-status") for a in audience}
    # A POST is never answered from the cache.
    questions = [
        anonymous.post("/articles/published/question/", {"text": f"Question {n}?"})
        for n in range(2)
    ]
    assert {a.status for a in questions} == {302}
    assert "HIT" not in {a.header("x-cache-status") for a in questions}


def test_a_body_over_the_apps_limit_is_refused_by_nginx_and_under_it_by_the_app(nginx):
    client = reader(nginx)

    too_large = client.post_json("/api/v1/questions/", b" " * (BODY_LIMIT + 1))
    # Within nginx's limit but over the app's JSON limit: the app's own 413, in its shape,
    # every time (an unread body used to make it a 502 now and then: config/middleware.py).
    app_refusals = [
        client.post_json("/api/v1/questions/", b" " * (3 * 1024 * 1024)) for _ in range(8)
    ]
    app_refused = app_refusals[0]

    assert too_large.status == 413
    assert "nginx" in too_large.text
    assert not too_large.header("x-request-id")
    assert [a.status for a in app_refusals] == [413] * 8, nginx.error_log()[-2000:]
    assert json.loads(app_refused.text)["error"] == "too_large"
    assert app_refused.header("x-request-id")


def test_the_login_throttle_sees_the_readers_address_through_nginx_only(
    nginx, servers, postgres, database
):
    through_nginx = reader(nginx, source="127.0.0.7")
    # Straight to gunicorn (the production settings want HTTPS: say it is), claiming an
    # address: not from a trusted proxy, so the header is ignored.
    direct = Client(
        HOST,
        servers[0].port,
        tls=False,
        source="127.0.0.8",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
    )

    through_nginx.post(
        "/accounts/login/",
        {"username": "nobody-1", "password": "wrong"},
        **{"X-Forwarded-For": "203.0.113.9"},
    )
    direct.post("/accounts/login/", {"username": "nobody-2", "password": "wrong"})

    rows = postgres.sql(
        "SELECT username || ' ' || host(ip_address) FROM axes_accessattempt "
        "WHERE username LIKE 'nobody-%' ORDER BY username",
        database=database,
    )
    assert rows.splitlines() == ["nobody-1 127.0.0.7", "nobody-2 127.0.0.8"]


def test_health_is_answered_through_nginx_and_metrics_only_on_the_app_servers(nginx, servers):
    client = reader(nginx)

    ready = [client.get("/readyz") for _ in range(2)]
    assert {a.status for a in ready} == {200}
    assert json.loads(ready[0].text)["checks"] == {
        "database": "ok",
        "cache": "ok",
        "task_queue": "ok",
    }
    assert "HIT" not in {a.header("x-cache-status") for a in ready}
    assert client.get("/metrics").status == 404
    assert Client(HOST, servers[0].port, tls=False).get("/metrics").status == 200


def test_metrics_count_page_views_approvals_and_failed_notifications(
    nginx, servers, seeded_template
):
    client = reader(nginx)
    before = Client(HOST, servers[0].port, tls=False).get("/metrics").text
    queued = metric(before, "medcms_review_queue_size", state="under_review")
    client.get("/articles/pending/")
    client.get("/articles/pending/?audience=student")
    approved = client.post_json(
        f"/api/v1/articles/pending/revisions/{seeded_template['pending']['revision']}/approve",
        json.dumps({"password": seeded_template["password"], "meaning": "Approved"}).encode(),
        token=seeded_template["tokens"]["reviewer3"],
    )
    assert approved.status == 200, approved.text
    # The approval only enqueued its email; the worker (medcms-worker.service) sends it,
    # here with server 0's metrics folder so its failure is scraped there.
    manage(servers[0].environment, "db_worker", "--batch", "--no-startup-delay", "--no-reload")

    def total(name, **labels):
        # Each server adds up its own workers (multiprocess mode); Prometheus adds servers.
        return sum(
            metric(Client(HOST, s.port, tls=False).get("/metrics").text, name, **labels)
            for s in servers
        )

    assert total("medcms_http_requests_total", view="articles:detail", status="200") >= 2
    assert total("medcms_http_request_duration_seconds_count", view="articles:detail") >= 2
    assert total("medcms_page_cache_total", view="articles:detail", result="miss") >= 1
    assert total("medcms_workflow_events_total", action="publish", to_state="approved") >= 1
    assert total("medcms_notification_failures_total", notification="notify_approved") >= 1
    scrape = Client(HOST, servers[0].port, tls=False).get("/metrics").text
    assert metric(scrape, "medcms_review_queue_size", state="under_review") == queued - 1
    logs = "".join(server.log_text() for server in servers)
    events = [json.loads(line) for line in logs.splitlines() if '"event": "workflow"' in line]
    assert {e["action"] for e in events} >= {"approve", "publish"}
    assert all(e["request_id"] for e in events)
