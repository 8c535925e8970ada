"""Races on PostgreSQL with real threads, each with its own database connection, released
together (tests/reviews/test_concurrency.py, tests/security/test_concurrency.py).

SQLite has no row locks and serialises every write, so there is no race to lose there:
modules that use these mark themselves `usefixtures("postgresql_only")`, and CI runs them
on PostgreSQL (make test-postgres)."""

import threading

import pytest
from django.db import close_old_connections, connection


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL row locks (SELECT ... FOR UPDATE); SQLite serialises every "
            "write, so there is no race to lose. Run with DATABASE_URL=postgres://..."
        )


def race(functions) -> list:
    """Run each function in its own thread and connection, all released at once. Returns
    each one's result, or the exception it raised."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait(timeout=10)
            results[index] = function()
        except Exception as exc:  # collected for the test's assertions
            results[index] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return results
