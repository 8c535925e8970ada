"""`make bench`: seed N articles on a fresh PostgreSQL database, serve the app with gunicorn
(2 sync workers, DEBUG off, loopback only), measure each page with wrk from a separate
process in 3 interleaved rounds, and report medians as req/s, p50, p99 and the ratio to a
minimal Django view measured in the same server and run. The server runs twice: with the
local-memory cache (the default) and with Redis (what production uses when REDIS_URL is
set, shared by the workers). Then the in-process timings (bench/inprocess.py), the
editors' desk (bench/desk.py) and the EXPLAIN checks (bench/explain.py). Every process it
starts is stopped.

Environment: BENCH_ARTICLES (default 100), BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/medcms_bench, with _N appended for other sizes),
BENCH_DURATION seconds per measurement (default 5),
BENCH_CONNECTIONS (default 8), BENCH_REDIS_URL (default redis://127.0.0.1:6379/15; "-" to
skip that run), BENCH_REUSE=1 (keep a database already seeded with N articles),
BENCH_REPORT (default docs/performance.md; "-" for none).
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench import REDIS_KEY_PREFIX, report

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
N = int(os.environ.get("BENCH_ARTICLES", "100"))
# One database per size, so a 100-article run does not drop the 100,000-article one.
DB_URL = os.environ.get(
    "BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/medcms_bench" + ("" if N == 100 else f"_{N}"),
)
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
REPORT = os.environ.get("BENCH_REPORT", str(ROOT / "docs" / "performance.md"))
PORT = int(os.environ.get("BENCH_PORT", "8731"))
BASE = f"http://127.0.0.1:{PORT}"
ROUNDS = 3
# What a reader's browser sends with every request that the answer depends on; the
# baseline's answer does not (startproject's middleware compresses nothing).
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br"}
SAMPLE_ARTICLES = 20
# The API's limits (60/minute per anonymous client, 600/minute per user or, for anonymous
# calls, per address) would answer 429 within a second. Raised for the bench, both
# throttles still count every request in the cache as in production; a per-second window
# keeps DRF's list of recent request times short.
API_RATE = "1000000/second"


def env(**extra) -> dict:
    base = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL")}
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": DB_URL,
        "PYTHONPATH": str(ROOT),
        "API_RATE_ANON": API_RATE,
        "API_RATE_USER": API_RATE,
        **extra,
    }


def run(*args, **kwargs):
    return subprocess.run(args, check=True, cwd=ROOT, env=env(), **kwargs)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    print("bench: wrk is missing; installing Debian's package", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    install = [*sudo, "apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(install, check=False).returncode != 0:
        subprocess.run([*sudo, "apt-get", "update", "-q"], check=False)
        subprocess.run(install, check=False)
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("bench: wrk is not installed and could not be installed (apt-get install wrk).")
    return wrk


def prepare_database() -> None:
    """A fresh database each run (BENCH_REUSE=1 keeps one already seeded with N articles:
    seeding 100,000 takes a while)."""
    import psycopg

    name = DB_URL.rsplit("/", 1)[1]
    admin_url = DB_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and os.environ.get("BENCH_REUSE") == "1" and _seeded(name) >= N:
            print(f"bench: reusing {name} ({N} articles)", file=sys.stderr)
            return
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    run(PY, "manage.py", "migrate", "--noinput", "-v0")
    started = time.monotonic()
    run(PY, "-m", "bench.seed", str(N))
    report.note_seed_time(N, time.monotonic() - started)


def _seeded(name: str) -> int:
    import psycopg

    try:
        with psycopg.connect(DB_URL) as conn:
            query = "SELECT count(*) FROM articles_article WHERE slug LIKE 'bench-article-%%'"
            return conn.execute(query).fetchone()[0]
    except psycopg.Error:
        return 0


def wait_until_up(proc) -> None:
    for _ in range(150):
        if proc.poll() is not None:
            raise RuntimeError("bench: gunicorn exited during start")
        try:
            urllib.request.urlopen(BASE + "/bench/baseline/", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("bench: gunicorn did not answer in 30 s")


def fetch(path: str, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(BASE + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


# Every request a different query: the same words plus a negated word no article has,
# so the results are those of the plain words but no cached page can answer.
UNIQUE_QUERIES_LUA = """
local n = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
request = function()
  n = n + 1
  return wrk.format(nil, "%(path)s+-zz%(salt)sx" .. id .. "x" .. n)
end
"""


def request_headers(target: dict) -> dict:
    """What the target's requests send: a browser's Accept-Encoding (every browser sends
    one, and the article page is then answered compressed, articles/pagegzip.py), unless
    the target is a client without it, and the target's own headers."""
    accept = {} if target.get("plain") else BROWSER_HEADERS
    return {**accept, **(target.get("headers") or {})}


def wrk(wrk_bin: str, target: dict) -> dict:
    connections = target.get("connections", CONNECTIONS)
    threads = min(2, connections)
    args = [wrk_bin, f"-t{threads}", f"-c{connections}", f"-d{DURATION}s", "--latency"]
    for key, value in request_headers(target).items():
        args += ["-H", f"{key}: {value}"]
    with tempfile.TemporaryDirectory() as tmp:
        if target.get("unique"):
            script = Path(tmp) / "unique.lua"
            salt = f"{time.time_ns() % 10**9}"
            script.write_text(UNIQUE_QUERIES_LUA % {"path": target["path"], "salt": salt})
            args += ["-s", str(script)]
        out = subprocess.run(
            [*args, BASE + target["path"]], check=True, capture_output=True, text=True
        ).stdout
    return report.parse_wrk(out)


def targets() -> list[dict]:
    slug = "bench-article-0"
    article = f"/articles/{slug}/?audience=clinician"
    _, headers = fetch(article, BROWSER_HEADERS)
    specific, broad = "/search/?q=ibuprofen+guideline", "/search/?q=sciatica"
    return [
        {"name": report.BASELINE, "path": "/bench/baseline/"},
        {"name": report.ARTICLE, "path": article},
        {
            "name": report.NOT_MODIFIED,
            "path": article,
            "headers": {"If-None-Match": headers.get("ETag", "")},
        },
        {"name": "article page, patient audience", "path": f"/articles/{slug}/?audience=patient"},
        {"name": "article page, to a client without gzip", "path": article, "plain": True},
        {"name": "index", "path": "/"},
        {"name": report.SEARCH_SPECIFIC, "path": specific, "unique": True},
        {"name": report.SEARCH_SPECIFIC_LIGHT, "path": specific, "unique": True, "connections": 1},
        {"name": report.SEARCH_BROAD, "path": broad, "unique": True},
        {"name": report.SEARCH_REPEATED, "path": specific},
        {"name": "sitemap", "path": "/sitemap.xml"},
        {"name": report.API_DETAIL, "path": f"/api/v1/articles/{slug}/"},
    ]


def cache_sample() -> dict:
    """X-Page-Cache over two visits to SAMPLE_ARTICLES article pages (other than the one
    measured): the first visit renders; the second hits the cache when the worker that
    answers can see what the first stored (always with Redis, by chance with per-worker
    local memory)."""
    counts = {}
    for visit in ("first", "second"):
        for i in range(1, SAMPLE_ARTICLES + 1):
            _, headers = fetch(f"/articles/bench-article-{i % N}/?audience=student")
            value = headers.get("X-Page-Cache", "none")
            counts.setdefault(visit, {}).setdefault(value, 0)
            counts[visit][value] += 1
    return counts


def clear_bench_keys() -> bool:
    """Delete the bench's own keys (bench/settings.py gives them their prefix) from the
    Redis database; whatever else lives there (other runs, tests) is left alone. False
    when Redis cannot be reached: that run is skipped."""
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_timeout=3)
        for key in client.scan_iter(match=f"{REDIS_KEY_PREFIX}:*", count=1000):
            client.delete(key)
        return True
    except redis.RedisError as exc:
        print(f"bench: Redis at {REDIS_URL} is not usable ({exc}); skipping it", file=sys.stderr)
        return False


def serve_and_measure(wrk_bin: str, cache_name: str, extra_env: dict) -> dict:
    gunicorn = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "bench.wsgi",  # the site, and the baseline behind startproject's middleware
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env(**extra_env),
        start_new_session=True,
    )
    try:
        wait_until_up(gunicorn)
        measured = targets()
        status = {t["name"]: fetch(t["path"], request_headers(t))[0] for t in measured}
        sample = cache_sample()
        results: dict[str, list[dict]] = {t["name"]: [] for t in measured}
        for round_no in range(ROUNDS):
            for target in measured:
                if status[target["name"]] < 400:
                    results[target["name"]].append(wrk(wrk_bin, target))
            print(f"{cache_name}: round {round_no + 1}/{ROUNDS} done", file=sys.stderr)
    finally:
        _stop(gunicorn)
    return {
        "cache": cache_name,
        "pages": [
            {
                "name": t["name"],
                "path": t["path"],
                "connections": t.get("connections", CONNECTIONS),
                "unique": bool(t.get("unique")),
                "status": status[t["name"]],
                "runs": results[t["name"]],
            }
            for t in measured
        ],
        "cache_sample": sample,
    }


def _stop(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def run_json(module: str) -> dict:
    out = subprocess.run(
        [PY, "-m", module], cwd=ROOT, env=env(), capture_output=True, text=True, check=False
    )
    sys.stderr.write(out.stderr)
    print(out.stdout, end="")
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    data = json.loads(lines[-1]) if lines else {"error": f"{module} printed no result"}
    data["exit_code"] = out.returncode
    return data


def _terminate(signum, frame):
    raise SystemExit(f"bench: stopped by signal {signum}")


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)  # so every `finally` below still runs
    wrk_bin = ensure_wrk()
    prepare_database()
    run(PY, "manage.py", "collectstatic", "--noinput", "-v0")
    servers = [serve_and_measure(wrk_bin, "local memory", {})]
    if REDIS_URL != "-" and clear_bench_keys():
        servers.append(serve_and_measure(wrk_bin, "Redis", {"REDIS_URL": REDIS_URL}))
    result = {
        "articles": N,
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": report.machine(),
        "load": {"duration": DURATION, "connections": CONNECTIONS, "rounds": ROUNDS},
        "servers": servers,
        "inprocess": run_json("bench.inprocess"),
        "desk": run_json("bench.desk"),
        "explain": run_json("bench.explain"),
        "seed_seconds": report.seed_time(N),
    }
    report.save_result(result)
    print(report.render_run(result))
    if REPORT != "-":
        Path(REPORT).write_text(report.render_document(), encoding="utf-8")
        print(f"bench: wrote {REPORT}", file=sys.stderr)
    failures = report.failures(result)
    if failures:
        sys.exit("bench: " + "; ".join(failures))


if __name__ == "__main__":
    main()
