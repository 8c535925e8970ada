"""make backup (deploy/backup.sh) and the restore deploy/README.md describes: the dump
restores into a fresh database whose audit chain verifies against the head recorded at
backup time, with every revision and event hash equal to the source's."""

import os
import subprocess
import sys
import time

import pytest

from tests.deploy.conftest import production_environment
from tests.deploy.stack import HEAD, manage
from tests.faults.services import ROOT, _pg_bin

HASHES = {
    "revisions": "SELECT id || ' ' || number || ' ' || content_hash FROM articles_revision "
    "ORDER BY id",
    "events": "SELECT id || ' ' || event_hash FROM reviews_workflowevent ORDER BY id",
    "signatures": "SELECT id || ' ' || content_hash FROM reviews_signature ORDER BY id",
}


@pytest.fixture(scope="module")
def backup(postgres, database, scratch):
    backups = scratch / "backups"
    backups.mkdir()
    old = backups / "20000101T000000Z"  # a backup from long ago: past retention
    recent = backups / "20990101T000000Z"  # (named so; its files are new): kept
    for directory in (old, recent):
        directory.mkdir()
    long_ago = time.time() - 90 * 24 * 3600
    os.utime(old, (long_ago, long_ago))
    environment = production_environment(
        database_url=postgres.url(database),
        scratch=scratch,
        AUDIT_HEAD_FILE="",
        BACKUP_DIR=backups,
        BACKUP_KEEP_DAYS=35,
        PY=sys.executable,
        PG_DUMP=_pg_bin("pg_dump"),
    )
    result = subprocess.run(
        ["make", "--no-print-directory", "backup", f"PY={sys.executable}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    made = [p for p in backups.iterdir() if p not in (old, recent)]
    assert len(made) == 1, made
    return made[0], environment, backups


@pytest.fixture(scope="module")
def restored(postgres, backup):
    directory, environment, _ = backup
    postgres.sql("CREATE DATABASE deploy_restored")
    subprocess.run(
        [
            _pg_bin("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            f"--dbname={postgres.url('deploy_restored')}",
            str(directory / "database.dump"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {**environment, "DATABASE_URL": postgres.url("deploy_restored")}


def test_the_backup_holds_a_dump_the_site_archive_and_the_chain_head(backup):
    directory, _, _ = backup

    assert not directory.name.endswith(".partial")
    assert (directory / "database.dump").stat().st_size > 0
    assert (directory / "site" / "manifest.json").exists()
    head = (directory / "audit-head.txt").read_text().strip()
    assert len(head) == 64
    assert head in (directory / "export_site.txt").read_text()
    checked = subprocess.run(
        ["sha256sum", "--check", "--quiet", "SHA256SUMS"],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_old_backups_are_deleted_and_recent_ones_kept(backup):
    _, _, backups = backup

    names = sorted(p.name for p in backups.iterdir())

    assert "20000101T000000Z" not in names
    assert "20990101T000000Z" in names


def test_the_restored_chain_verifies_against_the_backups_head(backup, restored):
    directory, _, _ = backup
    head = (directory / "audit-head.txt").read_text().strip()

    output = manage(restored, "verify_audit_log", "--expect-head", head)

    assert output.startswith("OK:")
    assert HEAD.search(output).group(1) == head


def test_a_head_the_restored_chain_does_not_contain_is_refused(restored):
    result = subprocess.run(
        [sys.executable, "manage.py", "verify_audit_log", "--expect-head", "ab" * 32],
        cwd=ROOT,
        env=restored,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "OK:" not in result.stdout


def test_every_revision_event_and_signature_hash_equals_the_sources(postgres, database, restored):
    for name, query in HASHES.items():
        source = postgres.sql(query, database=database).splitlines()
        copy = postgres.sql(query, database="deploy_restored").splitlines()
        assert source, f"no {name} in the source database"
        assert copy == source, name
