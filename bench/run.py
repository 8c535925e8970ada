"""`make bench`: seed N articles on PostgreSQL, serve the app with gunicorn (2 sync workers,
DEBUG off, loopback only), measure each page with wrk from a separate process in 3
interleaved rounds, and report medians as req/s, p50, p99 and the ratio to a minimal
Django view measured in the same server and run. Every process it starts is stopped.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/medcms_bench),
BENCH_ARTICLES (default 100), BENCH_DURATION seconds per measurement (default 5),
BENCH_CONNECTIONS (default 8), BENCH_REPORT (default docs/performance.md; "-" for none).
"""

import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/medcms_bench")
N = int(os.environ.get("BENCH_ARTICLES", "100"))
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
REPORT = os.environ.get("BENCH_REPORT", str(ROOT / "docs" / "performance.md"))
PORT = int(os.environ.get("BENCH_PORT", "8731"))
BASE = f"http://127.0.0.1:{PORT}"
ROUNDS = 3


def env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": DB_URL,
        "PYTHONPATH": str(ROOT),
    }


def run(*args, **kwargs):
    return subprocess.run(args, check=True, cwd=ROOT, env=env(), **kwargs)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    print("wrk is missing; installing Debian's package", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False)
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("bench: wrk is not installed and could not be installed (apt-get install wrk).")
    return wrk


def reset_database() -> None:
    import psycopg

    name = DB_URL.rsplit("/", 1)[1]
    admin_url = DB_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and os.environ.get("BENCH_REUSE") == "1":
            return
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def wait_until_up(proc) -> None:
    for _ in range(100):
        if proc.poll() is not None:
            sys.exit("bench: gunicorn exited during start")
        try:
            urllib.request.urlopen(BASE + "/bench/baseline/", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("bench: gunicorn did not answer in 20 s")


def wrk(wrk_bin: str, path: str, headers: dict | None = None) -> dict:
    args = [wrk_bin, "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency"]
    for key, value in (headers or {}).items():
        args += ["-H", f"{key}: {value}"]
    out = subprocess.run([*args, BASE + path], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return {"rps": rps, "p50": _latency(out, "50%"), "p99": _latency(out, "99%"), "raw": out}


def _latency(out: str, pct: str) -> float:
    value, unit = re.search(rf"^\s+{re.escape(pct)}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def fetch(path: str, headers: dict | None = None):
    request = urllib.request.Request(BASE + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def measured_targets() -> list[tuple]:
    slug = "bench-article-0"
    article = f"/articles/{slug}/?audience=clinician"
    _, headers = fetch(article)
    return [
        ("baseline (minimal view)", "/bench/baseline/", None),
        ("article page", article, None),
        ("article page, 304 (If-None-Match)", article, {"If-None-Match": headers.get("ETag", "")}),
        ("article page, patient audience", f"/articles/{slug}/?audience=patient", None),
        ("index", "/", None),
        ("search", "/search/?q=ibuprofen+guideline", None),
        ("sitemap", "/sitemap.xml", None),
        ("API article detail", f"/api/v1/articles/{slug}/", None),
    ]


def main() -> None:
    wrk_bin = ensure_wrk()
    reset_database()
    run(PY, "manage.py", "migrate", "--noinput", "-v0")
    run(PY, "-m", "bench.seed", str(N))
    run(PY, "manage.py", "collectstatic", "--noinput", "-v0")
    gunicorn = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "config.wsgi",
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
        env=env(),
        start_new_session=True,
    )
    targets: list = []
    results: dict[str, list[dict]] = {}
    cache_note = ""
    article = "/articles/bench-article-0/?audience=clinician"
    try:
        wait_until_up(gunicorn)
        targets = measured_targets()
        results = {name: [] for name, _, _ in targets}
        checks = {name: fetch(path, hdrs)[0] for name, path, hdrs in targets}
        _, first = fetch(article)
        _, again = fetch(article)
        cache_note = (
            f"Page cache: first request {first.get('X-Page-Cache', 'n/a')}, "
            f"then {again.get('X-Page-Cache', 'n/a')}."
        )
        for round_no in range(ROUNDS):
            for name, path, hdrs in targets:
                if checks[name] >= 400:
                    continue
                results[name].append(wrk(wrk_bin, path, hdrs))
            print(f"round {round_no + 1}/{ROUNDS} done", file=sys.stderr)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
    table = report(targets, results, checks, cache_note)
    print(table)
    if REPORT != "-":
        write_report(table)


def report(targets, results, checks, cache_note) -> str:
    base_rps = statistics.median(r["rps"] for r in results[targets[0][0]])
    lines = [
        "| page | status | req/s | ratio to baseline | p50 ms | p99 ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, _, _ in targets:
        runs = results[name]
        if not runs:
            lines.append(f"| {name} | {checks[name]} | not measured | | | |")
            continue
        rps = statistics.median(r["rps"] for r in runs)
        p50 = statistics.median(r["p50"] for r in runs)
        p99 = statistics.median(r["p99"] for r in runs)
        ratio = rps / base_rps
        lines.append(
            f"| {name} | {checks[name]} | {rps:,.0f} | {ratio:.2f} | {p50:.2f} | {p99:.2f} |"
        )
    lines.append("")
    lines.append(cache_note)
    return "\n".join(lines)


def write_report(table: str) -> None:
    cpu = platform.processor() or platform.machine()
    text = f"""# Performance

Regenerated by `make bench` ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC).

- Machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()},
  Python {platform.python_version()}
- Data: {N} approved articles on PostgreSQL (a lead claim and 10 sections of 4 claims,
  three audiences, 15 references each)
- Server: gunicorn, 2 sync workers, DEBUG off, 127.0.0.1; production settings
  (bench/settings.py adds the baseline view)
- Load: wrk, 2 threads, {CONNECTIONS} connections, {DURATION} s per measurement,
  {ROUNDS} interleaved rounds; medians
- Baseline: a view returning a fixed short string through the full middleware stack,
  same server, same run

{table}

Run it: `make bench` (needs PostgreSQL; installs wrk if missing). `BENCH_ARTICLES=100000 make bench`
for the scale run.
"""
    Path(REPORT).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
