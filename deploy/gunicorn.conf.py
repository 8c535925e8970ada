"""gunicorn settings for the app servers (deploy/systemd/medcms@.service runs
`gunicorn -c deploy/gunicorn.conf.py config.wsgi`). Values come from the environment
file (deploy/medcms.env.example), so one file serves every instance.

Metrics: prometheus-client's multiprocess mode needs a directory shared by the workers of
one server and emptied when the server starts (stale files would add old counts); a dead
worker's live gauges are discarded (docs/operations.md)."""

import os
import shutil
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
# Replaced by the app's own JSON request line (monitoring.middleware), which has the
# request id and the view; gunicorn's error log (starts, worker deaths) goes to stderr.
accesslog = None
errorlog = "-"
# Only nginx on this host talks to gunicorn; it sends X-Forwarded-Proto for HTTPS.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
