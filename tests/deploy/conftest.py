"""The deployment tests run deploy/ for real: nginx (Debian's nginx-light), two gunicorn
servers, and their own PostgreSQL and Redis (tests/faults/services.py), all on loopback.
They run as their own CI step, `make test-deploy`, which sets DEPLOY_TESTS=1; without it
they skip. With CI=true a missing nginx, openssl or pg_dump is a failure, never a skip."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.deploy.stack import DEPLOY, env_file, manage, nginx_binary
from tests.faults.conftest import postgres  # noqa: F401 - the throwaway cluster
from tests.faults.services import ROOT, Redis

ENABLED = os.environ.get("DEPLOY_TESTS") == "1"
HERE = os.path.dirname(__file__)
AUDIT_CHAIN_KEYS = "deploy:deploy-only-audit-chain-key-" + "d" * 16


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(
        reason="Deployment tests start nginx, gunicorn, PostgreSQL and Redis of their own: "
        "run them with `make test-deploy`."
    )
    for item in items:
        if str(item.fspath).startswith(HERE):
            item.add_marker(pytest.mark.deploy)
            if not ENABLED:
                item.add_marker(skip)


def require(tool: str, found: bool) -> None:
    if not found:
        message = f"{tool} is needed by the deployment tests (see .ci/run)."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def tools():
    require("nginx", nginx_binary() is not None)
    require("openssl", shutil.which("openssl") is not None)


@pytest.fixture(scope="module")
def redis_server():
    server = Redis()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def scratch():
    path = Path(tempfile.mkdtemp(prefix="deploy-tests-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def production_environment(*, database_url: str, scratch: Path, **extra) -> dict:
    """deploy/medcms.env.example, with what a test machine must change."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "AXES_", "PROMETHEUS"))
    }
    environment.update(env_file(DEPLOY / "medcms.env.example"))
    environment.update(
        PYTHONPATH=str(ROOT),
        SECRET_KEY="deploy-tests-only-secret-key-" + "s" * 40,
        AUDIT_CHAIN_KEYS=AUDIT_CHAIN_KEYS,
        AUDIT_HEAD_FILE=str(scratch / f"audit-head-{uuid.uuid4().hex[:8]}.log"),
        DATABASE_URL=database_url,
        STATIC_ROOT=str(scratch / "staticfiles"),
        DB_CONN_MAX_AGE="600",
    )
    environment.pop("REDIS_URL", None)
    environment.update({key: str(value) for key, value in extra.items()})
    return environment


@pytest.fixture(scope="session")
def seeded_template(postgres, scratch):  # noqa: F811
    """A migrated database with tests/deploy/seed.py's content, copied by each module."""
    postgres.sql("CREATE DATABASE deploy_template")
    environment = production_environment(
        database_url=postgres.url("deploy_template"), scratch=scratch
    )
    manage(environment, "migrate", "--noinput", "-v0")
    result = subprocess.run(
        [sys.executable, "-m", "tests.deploy.seed"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"seeding failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def database(postgres, seeded_template):  # noqa: F811
    name = f"deploy_{uuid.uuid4().hex[:12]}"
    postgres.sql(f"CREATE DATABASE {name} TEMPLATE deploy_template")
    return name
