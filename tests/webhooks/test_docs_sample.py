"""The verification code in docs/api.md, run as written against real deliveries: it
accepts a genuine one and refuses a replay, an altered body and an old timestamp."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from standardwebhooks.webhooks import WebhookVerificationError

from reviews.workflow import revision_submit
from tests.conftest import make_article
from tests.webhooks.test_delivery import deliver_due

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
SAMPLE = re.compile(r"```python\n(# Receiving a webhook delivery.*?)```", re.S)

pytestmark = pytest.mark.django_db


@pytest.fixture
def receive(endpoint):
    namespace: dict = {}
    exec(SAMPLE.search(DOCS.read_text(encoding="utf-8")).group(1), namespace)
    namespace["SECRET"] = endpoint.secret
    return namespace["receive"]


@pytest.fixture
def delivered(receiver, endpoint, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        revision_submit(article=make_article(editor), actor=editor, comment="c")
    deliver_due()
    headers, body = receiver.requests[0]
    return headers, body


def test_the_documented_receiver_accepts_a_genuine_delivery(receive, delivered):
    headers, body = delivered
    assert receive(body, headers)["type"] == "revision.submitted"


def test_the_documented_receiver_refuses_a_replay(receive, delivered):
    headers, body = delivered
    receive(body, headers)
    with pytest.raises(WebhookVerificationError, match="Already processed"):
        receive(body, headers)


def test_the_documented_receiver_refuses_an_altered_body(receive, delivered):
    headers, body = delivered
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        receive(body.replace(b"back-pain", b"neck-pain"), headers)


def test_the_documented_receiver_refuses_an_old_delivery(receive, delivered):
    headers, body = delivered
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=6)
    with (
        time_machine.travel(later),
        pytest.raises(WebhookVerificationError, match="too old"),
    ):
        receive(body, headers)


def test_a_new_timestamp_on_a_captured_delivery_breaks_its_signature(receive, delivered):
    headers, body = delivered
    forged = {**headers, "webhook-timestamp": str(int(headers["webhook-timestamp"]) + 60)}
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        receive(body, forged)
