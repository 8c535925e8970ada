"""A tiny local stand-in for Crossref, doi.org and NCBI in browser tests: the live server
cannot reach the internet, so the lookup base URLs (settings) point here, and it answers
with the recorded real responses of tests/references/lookup/recorded/ (404 otherwise)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDED = Path(__file__).parents[1] / "references" / "lookup" / "recorded"
# The ports given to this work (8160-8169); the live server picks its own.
PORT = 8161

ANSWERS = {
    "/works/10.1371/journal.pone.0033693": (
        "application/json",
        "crossref_works_10.1371_journal.pone.0033693.json",
    ),
    "/entrez/eutils/efetch.fcgi?id=12230038": ("text/plain", "efetch_medline_12230038.txt"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        path, _, query = self.path.partition("?")
        key = path
        if path.endswith("efetch.fcgi"):
            ids = [p.split("=", 1)[1] for p in query.split("&") if p.startswith("id=")]
            key = f"{path}?id={ids[0] if ids else ''}"
        self.server.requests.append(self.path)
        answer = ANSWERS.get(key)
        if answer is None:
            self.send_response(404)
            self.end_headers()
            self.wfile.write(b"Resource not found.")
            return
        body = (RECORDED / answer[1]).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", answer[0])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class LookupServer:
    def __init__(self, port: int = PORT):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.httpd.requests = []
        self.url = f"http://127.0.0.1:{port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
