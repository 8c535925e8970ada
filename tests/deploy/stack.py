"""The deployment of deploy/ on loopback: nginx with deploy/nginx/medcms.conf, gunicorn
servers with deploy/gunicorn.conf.py and the environment of deploy/medcms.env.example,
over the throwaway PostgreSQL and Redis of tests/faults/services.py. Only what must differ
on a test machine is swapped (ports, paths, the certificate, secrets)."""

import http.client
import os
import re
import shutil
import signal
import ssl
import subprocess
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from tests.faults.services import (  # noqa: F401 - Answer and manage are used by the tests
    HOST,
    ROOT,
    VENV_BIN,
    Answer,
    ServiceError,
    answer_read,
    free_port,
    manage,
    port_open,
    wait_for,
)

DEPLOY = ROOT / "deploy"
SERVER_NAME = "answers.example.org"
NGINX_CANDIDATES = ("/usr/sbin/nginx", shutil.which("nginx") or "")


def nginx_binary() -> str | None:
    return next((path for path in NGINX_CANDIDATES if path and os.access(path, os.X_OK)), None)


def env_file(path: Path) -> dict:
    """KEY=value lines, as systemd's EnvironmentFile reads them (no quoting used)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise ServiceError(f"deploy/nginx: expected {old!r} in the site file")
    return text.replace(old, new)


class Nginx:
    def __init__(self, *, app_ports: list[int], static_root: Path):
        self.binary = nginx_binary()
        self.root = Path(tempfile.mkdtemp(prefix="deploy-nginx-"))
        self.https_port = free_port()
        self.http_port = free_port()
        self.app_ports = app_ports
        self.static_root = static_root
        self.process: subprocess.Popen | None = None

    def _certificate(self) -> tuple[Path, Path]:
        cert, key = self.root / "cert.pem", self.root / "key.pem"
        subprocess.run(
            [
                *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
                *("-subj", f"/CN={SERVER_NAME}", "-keyout", str(key), "-out", str(cert)),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return cert, key

    def site(self) -> str:
        """deploy/nginx/medcms.conf with this machine's ports, paths and certificate."""
        cert, key = self._certificate()
        text = (DEPLOY / "nginx" / "medcms.conf").read_text()
        text = _replace(text, "/var/cache/nginx/medcms", str(self.root / "cache"))
        text = _replace(
            text,
            "    server 127.0.0.1:8000;\n    server 127.0.0.1:8001;\n",
            "".join(f"    server {HOST}:{port};\n" for port in self.app_ports),
        )
        text = _replace(text, "listen 80;", f"listen {HOST}:{self.http_port};")
        text = _replace(text, "listen [::]:80;\n", "")
        https = f"listen {HOST}:{self.https_port} ssl http2;"
        text = _replace(text, "listen 443 ssl http2;", https)
        text = _replace(text, "    listen [::]:443 ssl http2;\n", "")
        text = _replace(text, f"/etc/letsencrypt/live/{SERVER_NAME}/fullchain.pem", str(cert))
        text = _replace(text, f"/etc/letsencrypt/live/{SERVER_NAME}/privkey.pem", str(key))
        text = _replace(text, "/srv/medcms/staticfiles/", f"{self.static_root}/")
        snippet = DEPLOY / "nginx" / "medcms-proxy.conf"
        return _replace(text, "/etc/nginx/snippets/medcms-proxy.conf", str(snippet))

    def start(self) -> "Nginx":
        if self.binary is None:
            raise ServiceError("nginx is not installed (apt-get install nginx-light).")
        (self.root / "site.conf").write_text(self.site())
        user = "user root root;\n" if os.geteuid() == 0 else ""
        (self.root / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {self.root}/nginx.pid;\n"
            f"error_log {self.root}/error.log warn;\ndaemon off;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            "  include /etc/nginx/mime.types;\n"
            f"  access_log {self.root}/access.log;\n"
            + "".join(
                f"  {kind}_temp_path {self.root}/{kind};\n"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + f"  include {self.root}/site.conf;\n"
            "}\n"
        )
        check = subprocess.run(
            [self.binary, "-t", "-p", str(self.root), "-c", str(self.root / "nginx.conf")],
            capture_output=True,
            text=True,
            check=False,
        )
        if check.returncode != 0:
            raise ServiceError(f"nginx -t refused the configuration:\n{check.stderr}")
        self.process = subprocess.Popen(
            [self.binary, "-p", str(self.root), "-c", str(self.root / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(self.https_port), timeout=15, what="nginx")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def error_log(self) -> str:
        path = self.root / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


class Gunicorn:
    """gunicorn -c deploy/gunicorn.conf.py config.wsgi, as deploy/systemd/medcms@.service."""

    def __init__(self, environment: dict):
        self.port = free_port()
        self.metrics_dir = Path(tempfile.mkdtemp(prefix="deploy-metrics-"))
        self.environment = {
            **environment,
            "GUNICORN_BIND": f"{HOST}:{self.port}",
            "PROMETHEUS_MULTIPROC_DIR": str(self.metrics_dir),
        }
        self.log = Path(tempfile.mkstemp(prefix="deploy-gunicorn-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    def start(self) -> "Gunicorn":
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
                cwd=ROOT,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(self._ready, timeout=90, what=f"gunicorn on port {self.port}")
        return self

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise ServiceError(f"gunicorn exited:\n{self.log_text()[-3000:]}")
        try:
            return Client(HOST, self.port, tls=False).get("/healthz").status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.metrics_dir, ignore_errors=True)
        self.log.unlink(missing_ok=True)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@dataclass
class Client:
    """One person's browser, reaching HOST:port from a loopback address of its own
    (127.0.0.2, 127.0.0.3, ...: Linux answers all of 127.0.0.0/8), so nginx sees distinct
    client addresses. Sends Host: answers.example.org, keeps cookies, and sends the CSRF
    token and Origin a browser would."""

    host: str
    port: int
    tls: bool = True
    source: str = HOST
    cookies: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)  # sent with every request

    def request(self, method: str, path: str, *, body: bytes = b"", headers=None) -> Answer:
        if self.tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
            connection = http.client.HTTPSConnection(
                self.host, self.port, timeout=30, context=context, source_address=(self.source, 0)
            )
        else:
            connection = http.client.HTTPConnection(
                self.host, self.port, timeout=30, source_address=(self.source, 0)
            )
        sent = {"Host": SERVER_NAME, **self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body or None, headers=sent)
            return answer_read(connection.getresponse(), self.cookies)
        finally:
            connection.close()

    def get(self, path: str, **headers) -> Answer:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict, **headers) -> Answer:
        if "csrftoken" not in self.cookies:
            self.get("/accounts/login/")
        body = urllib.parse.urlencode(data).encode()
        sent = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
            "Origin": f"https://{SERVER_NAME}",
            "Referer": f"https://{SERVER_NAME}/accounts/login/",
            **headers,
        }
        return self.request("POST", path, body=body, headers=sent)

    def post_json(self, path: str, body: bytes, token: str | None = None) -> Answer:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.request("POST", path, body=body, headers=headers)

    def sign_in(self, username: str, password: str) -> Answer:
        return self.post("/accounts/login/", {"username": username, "password": password})


def metric(text: str, name: str, **labels) -> float:
    """The value of one sample in a Prometheus text exposition (0 when absent)."""
    from prometheus_client.parser import text_string_to_metric_families

    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


HEAD = re.compile(r"Head of the chain: (?:event #\d+ )?([0-9a-f]{64})")
