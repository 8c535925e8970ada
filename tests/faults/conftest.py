"""Fault tests start their own PostgreSQL cluster, Redis and gunicorn servers (all on free
loopback ports), so they are slow and run as their own CI step: `make test-faults`, which
sets FAULT_TESTS=1. They carry the `faults` marker, which `make test` deselects; a plain
`pytest` without FAULT_TESTS=1 skips them with that reason. In the fault step a missing
tool is an error, never a skip."""

import os
import uuid

import pytest

from tests.faults.services import Postgres, Redis, app_environment, manage, seed

ENABLED = os.environ.get("FAULT_TESTS") == "1"
HERE = os.path.dirname(__file__)


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(
        reason="Fault tests start PostgreSQL, Redis and gunicorn of their own: "
        "run them with `make test-faults`."
    )
    for item in items:
        if str(item.fspath).startswith(HERE):
            item.add_marker(pytest.mark.faults)
            if not ENABLED:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def postgres():
    cluster = Postgres().create()
    cluster.start()
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="session")
def template(postgres):
    """A migrated, seeded database that each test module copies (CREATE DATABASE ...
    TEMPLATE), so every module starts from the same known state in a second."""
    postgres.sql("CREATE DATABASE faults_template")
    environment = app_environment(database_url=postgres.url("faults_template"))
    manage(environment, "migrate", "--noinput", "-v0")
    return seed(environment)


@pytest.fixture(scope="module")
def database(postgres, template):
    name = f"faults_{uuid.uuid4().hex[:12]}"
    postgres.sql(f"CREATE DATABASE {name} TEMPLATE faults_template")
    # A copied sequence keeps the template's count of values "already logged ahead", so
    # its next values would not reach the WAL, and a crash (test_postgres_restart) would
    # hand out ids again. setval logs each sequence afresh. (A database that was never
    # copied, as in production, has no such gap.)
    postgres.sql(
        "SELECT setval(format('%I.%I', schemaname, sequencename), last_value) "
        "FROM pg_sequences WHERE last_value IS NOT NULL",
        database=name,
    )
    yield postgres.url(name)


@pytest.fixture(scope="module")
def seeded(template):
    return template


@pytest.fixture
def redis():
    server = Redis()
    server.start()
    yield server
    server.stop()
