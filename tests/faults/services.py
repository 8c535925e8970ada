"""Throwaway services for the fault tests: a PostgreSQL cluster, a Redis server and
gunicorn app servers, each on a free loopback port, started and stopped by the tests
themselves. The shared PostgreSQL (5432) and Redis (6379) are never touched.

PostgreSQL refuses to run as root, so when the tests run as root the cluster is created
and run as the "postgres" system user (runuser)."""

import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


class ServiceError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def port_open(port: int) -> bool:
    try:
        socket.create_connection((HOST, port), timeout=0.5).close()
    except OSError:
        return False
    return True


def wait_for(condition, *, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise ServiceError(f"Timed out after {timeout:.0f} s waiting for {what}.")


# --- PostgreSQL --------------------------------------------------------------------------


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name)]
    if not found or not found[-1]:
        raise ServiceError(
            f"PostgreSQL's {name} is needed for the fault tests (apt install postgresql)."
        )
    return found[-1]


class Postgres:
    """A PostgreSQL cluster of its own under a temporary directory."""

    def __init__(self):
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.as_postgres = os.geteuid() == 0

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = list(args)
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            raise ServiceError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def create(self) -> "Postgres":
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            _pg_bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        conf = self.data / "postgresql.conf"
        with conf.open("a") as settings:
            settings.write(
                f"\nlisten_addresses = '{HOST}'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.root}'\nfsync = on\n"
                "max_connections = 50\n"
            )
        return self

    def start(self) -> None:
        self._run(
            _pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        """mode "immediate" is a crash: no checkpoint, recovery from the WAL at start."""
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        return port_open(self.port)

    def url(self, database: str) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> str:
        result = self._run(
            _pg_bin("psql"),
            "-h",
            HOST,
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            database,
            "-Atc",
            statement,
        )
        return result.stdout.strip()

    def destroy(self) -> None:
        if self.running():
            with contextlib.suppress(ServiceError):
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


# --- Redis -------------------------------------------------------------------------------


class Redis:
    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            raise ServiceError(
                "redis-server is needed for the fault tests (apt install redis-server)."
            )
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(self.port), timeout=10, what="redis-server")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def flush(self) -> None:
        """Forget every count and cached page (this throwaway server only)."""
        import redis

        redis.Redis(host=HOST, port=self.port).flushall()


# --- The app --------------------------------------------------------------------------


SECRET_KEY = "faults-only-secret-key-" + "f" * 40
AUDIT_CHAIN_KEYS = "faults:faults-only-audit-chain-key-" + "f" * 16


def app_environment(*, database_url: str, redis_url: str | None = None, **extra) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "AXES_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="tests.faults.server_settings",
        PYTHONPATH=str(ROOT),
        SECRET_KEY=SECRET_KEY,
        AUDIT_CHAIN_KEYS=AUDIT_CHAIN_KEYS,
        ALLOWED_HOSTS=f"{HOST},localhost",
        PUBLIC_BASE_URL=f"http://{HOST}",
        DATABASE_URL=database_url,
        DB_CONN_MAX_AGE="600",
        EMAIL_TIMEOUT="2",
    )
    if redis_url:
        environment["REDIS_URL"] = redis_url
    environment.update({key: str(value) for key, value in extra.items()})
    return environment


def _manage_run(environment: dict, *args: str) -> subprocess.CompletedProcess:
    """manage.py with these arguments, under this environment; refused loudly if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise ServiceError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def manage(environment: dict, *args: str) -> str:
    return _manage_run(environment, *args).stdout


def worker_run(environment: dict) -> str:
    """The task worker (django-tasks' db_worker, as deploy/systemd/medcms-worker.service
    runs it) working through every task queued so far, then stopping; its log."""
    result = _manage_run(
        environment, "db_worker", "--batch", "--no-startup-delay", "--queue-name", "*"
    )
    return result.stdout + result.stderr


def seed(environment: dict) -> dict:
    """People, an article and revisions to act on (tests/faults/seed.py), as JSON."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.faults.seed"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise ServiceError(f"seeding failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class AppServer:
    """gunicorn serving the app on a loopback port; its log is kept for assertions."""

    def __init__(self, environment: dict, *, workers: int = 2, threads: int = 2):
        self.environment = environment
        self.port = free_port()
        self.workers, self.threads = workers, threads
        self.log = Path(tempfile.mkstemp(prefix="faults-gunicorn-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> "AppServer":
        gunicorn = VENV_BIN / "gunicorn"
        if not gunicorn.exists():
            raise ServiceError("gunicorn is not installed in the virtualenv.")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(gunicorn),
                    "config.wsgi:application",
                    "--bind",
                    f"{HOST}:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--threads",
                    str(self.threads),
                    "--timeout",
                    "30",
                    "--graceful-timeout",
                    "5",
                ],
                cwd=ROOT,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(lambda: self._ready(), timeout=60, what=f"gunicorn on port {self.port}")
        return self

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise ServiceError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
        try:
            return Browser(self.base).get("/robots.txt").status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
        self.log.unlink(missing_ok=True)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


# --- A browser of sorts ----------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict
    text: str

    def json(self):
        return json.loads(self.text)

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def answer_read(response, cookies: dict) -> Answer:
    """A response as an Answer, keeping (or forgetting) the cookies it sets the way a
    browser does."""
    text = response.read().decode("utf-8", "replace")
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, cookie = value.split(";", 1)[0].partition("=")
            if cookie in ('""', "") or "max-age=0" in value.lower():
                cookies.pop(key.strip(), None)
            else:
                cookies[key.strip()] = cookie
    return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, text)


@dataclass
class Browser:
    """Cookies and CSRF like a browser, over plain HTTP. Two Browsers with the same
    cookies on two servers are one person using a load-balanced site."""

    base: str
    cookies: dict = field(default_factory=dict)
    address: str = ""

    def request(self, method: str, path: str, *, body: bytes = b"", headers=None) -> Answer:
        url = urllib.parse.urlsplit(self.base)
        connection = HTTPConnection(url.hostname, url.port, timeout=30)
        sent = dict(headers or {})
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
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
            **headers,
        }
        return self.request("POST", path, body=body, headers=headers)

    def post_json(self, path: str, data: dict, token: str | None = None) -> Answer:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.request("POST", path, body=json.dumps(data).encode(), headers=headers)

    def sign_in(self, username: str, password: str) -> Answer:
        answer = self.post("/accounts/login/", {"username": username, "password": password})
        return answer

    def with_server(self, base: str) -> "Browser":
        """The same person (same cookies) reaching another app server."""
        return Browser(base=base, cookies=self.cookies)
