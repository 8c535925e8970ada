"""A real webhook receiver on loopback (ports 8120-8129), and an endpoint pointing at it."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from webhooks.endpoints import endpoint_create
from webhooks.models import EventType

PORTS = range(8120, 8130)


@dataclass
class Receiver:
    url: str
    status: int = 200
    answer: bytes = b'{"ok": true}'
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(receiver.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(receiver.answer)))
            self.end_headers()
            self.wfile.write(receiver.answer)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def receiver():
    server, receiver = None, None
    for port in PORTS:
        receiver = Receiver(url=f"http://127.0.0.1:{port}/hooks")
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), _handler(receiver))
            break
        except OSError:
            continue
    assert server is not None, "no free port in 8120-8129"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def endpoint(receiver, admin_user):
    return endpoint_create(url=receiver.url, events=list(EventType.values), actor=admin_user)
