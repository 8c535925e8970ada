"""The mail server is down: decisions still stand, and each failed email is logged.
Notifications are tasks queued when the decision commits and sent by the worker
(reviews/tasks.py), so the mail server can only make an email late or lost, never a
decision."""

import pytest

from tests.faults.services import (
    AppServer,
    Browser,
    app_environment,
    free_port,
    port_open,
    worker_run,
)


@pytest.fixture(scope="module")
def server(database):
    closed = free_port()  # nothing listens here: every SMTP connection is refused
    assert not port_open(closed)
    environment = app_environment(
        database_url=database,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed,
    )
    app = AppServer(environment).start()
    yield app
    app.stop()


def test_an_approval_stands_when_its_email_cannot_be_sent(server, seeded):
    article = seeded["articles"]["mail"]
    reviewer = Browser(server.base)
    assert reviewer.sign_in("reviewer2", seeded["password"]).status == 302

    answer = reviewer.post(
        f"/review/revisions/{article['revision']}/approve/",
        {
            "password": seeded["password"],
            "meaning": "Approved for medical accuracy",
            # Signing on the page confirms leaving the claims unchecked (reviews/workflow).
            "confirm_unchecked": "on",
        },
    )

    assert answer.status == 302
    page = reviewer.get(answer.headers["location"])
    assert "Your approval was signed" in page.text
    live = Browser(server.base).get(f"/api/v1/articles/{article['slug']}/")
    assert live.status == 200
    assert live.json()["review_status"]["state"] == "approved"
    log = worker_run(server.environment)
    assert "Could not send the email 'Approved and published" in log


def test_a_changes_request_stands_when_its_email_cannot_be_sent(server, seeded):
    article = seeded["articles"]["spare"]
    token = seeded["tokens"]["reviewer2"]
    answer = Browser(server.base).post_json(
        f"/api/v1/articles/{article['slug']}/revisions/{article['number']}/request-changes",
        {"comment": "Please cite the 2024 guideline."},
        token=token,
    )
    assert answer.status == 200
    assert answer.json()["state"] == "changes_requested"
    detail = Browser(server.base).request(
        "GET",
        f"/api/v1/articles/{article['slug']}/revisions/{article['number']}/",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert detail.json()["state"] == "changes_requested"
    assert "Could not send the email" in worker_run(server.environment)
    assert "Internal Server Error" not in server.log_text()
