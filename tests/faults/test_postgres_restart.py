"""PostgreSQL crashes and comes back while readers and reviewers use the site.

While it is down every request is answered: pages already in the page cache (an article,
a search for the same words as before) are still served from it, and everything that needs
the database is a 503 page with Retry-After (JSON on the API), never a 500 or a hung
connection. When it is back the app recovers by itself, with
no restart (CONN_HEALTH_CHECKS replaces the dead persistent connections). A decision
committed before the crash is still there after it, and the audit chain still verifies."""

import itertools
import threading
import time

import pytest

from tests.faults.services import AppServer, Browser, app_environment, manage, wait_for


@pytest.fixture(scope="module")
def server(database):
    # The load below comes from one address; the API's per-address limit is not the subject.
    environment = app_environment(database_url=database, API_RATE_ANON="100000/minute")
    app = AppServer(environment).start()
    yield app
    app.stop()


class Load:
    """Readers on the article page and the API, non-stop, in the background."""

    def __init__(self, base: str, paths: list[str]):
        self.base, self.paths = base, paths
        self.answers: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._read, daemon=True) for _ in range(4)]

    def _read(self):
        browser = Browser(self.base)
        while not self._stop.is_set():
            for path in self.paths:
                try:
                    status = browser.get(path).status
                except OSError:
                    status = 0  # the connection itself failed
                self.answers.append((time.monotonic(), status))

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def statuses(self, since: float = 0.0) -> set[int]:
        return {status for at, status in self.answers if at >= since}


_fresh = itertools.count()


def uncached_search() -> str:
    """A search no cache can answer: words nobody has searched for yet."""
    return f"/search/?q=pain+outage{next(_fresh)}"


def test_a_database_crash_is_a_503_and_the_site_recovers_without_losing_a_decision(
    server, postgres, database, seeded
):
    article = seeded["articles"]["restart"]
    reviewer = Browser(server.base)
    assert reviewer.sign_in("reviewer2", seeded["password"]).status == 302

    # A decision, committed before the crash.
    signed = reviewer.post(
        f"/review/revisions/{article['revision']}/approve/",
        {
            "password": seeded["password"],
            "meaning": "Approved for medical accuracy",
            # Signing on the page confirms leaving the claims unchecked (reviews/workflow).
            "confirm_unchecked": "on",
        },
    )
    assert signed.status == 302, signed.text[:500]

    page = f"/articles/{article['slug']}/"
    with Load(server.base, [page, "/search/?q=pain", "/api/v1/articles/"]) as load:
        time.sleep(1)
        postgres.stop("immediate")  # a crash: no checkpoint, recovery from the WAL
        crashed = time.monotonic()
        time.sleep(2)

        # An article page or a repeated search may still come from the page cache;
        # anything that needs the database is a 503 page, the signed-in workspace included.
        assert Browser(server.base).get(page).status in (200, 503)
        assert Browser(server.base).get("/search/?q=pain").status in (200, 503)
        down = Browser(server.base).get(uncached_search())
        assert down.status == 503
        assert down.headers["retry-after"] == "30"
        assert "right back" in down.text
        assert "Nothing you sent has been lost" in down.text
        assert reviewer.get("/review/").status == 503  # the session is in the database
        api = Browser(server.base).get("/api/v1/articles/")
        assert api.status == 503
        assert api.json()["error"] == "unavailable"
        signing = reviewer.post(
            f"/review/revisions/{seeded['articles']['spare']['revision']}/approve/",
            {"password": seeded["password"], "meaning": "Approved"},
        )
        assert signing.status == 503  # refused whole, nothing half-signed

        postgres.start()
        wait_for(
            lambda: Browser(server.base).get(uncached_search()).status == 200,
            timeout=30,
            what="the site to answer again",
        )
        recovered = time.monotonic()
        # Every worker thread now serves again on a connection that died in the crash:
        # the health check must replace it before the request uses it.
        time.sleep(4)

    during = load.statuses(since=crashed)
    assert during <= {200, 503}, f"answers while down and after: {sorted(during)}"
    assert 503 in during
    settled = load.statuses(since=recovered + 0.5)  # requests already in flight aside
    assert settled == {200}, f"after recovery: {sorted(settled)}"

    # No committed decision lost, and the log of decisions is whole.
    detail = Browser(server.base).get(f"/api/v1/articles/{article['slug']}/")
    assert detail.status == 200
    assert detail.json()["review_status"]["state"] == "approved"
    assert detail.json()["review_status"]["revision"] == article["number"]
    verified = manage(app_environment(database_url=database), "verify_audit_log")
    assert verified.startswith("OK:"), verified  # manage() raises when it exits non-zero

    # And decisions can be made again, without restarting the app.
    again = reviewer.post(
        f"/review/revisions/{seeded['articles']['spare']['revision']}/approve/",
        {
            "password": seeded["password"],
            "meaning": "Approved for medical accuracy",
            # Signing on the page confirms leaving the claims unchecked (reviews/workflow).
            "confirm_unchecked": "on",
        },
    )
    assert again.status == 302


def test_the_outage_is_logged(server):
    log = server.log_text()
    assert "Database unavailable while answering GET" in log
    assert "Internal Server Error" not in log
