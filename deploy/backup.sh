#!/usr/bin/env bash
# make backup: the database (pg_dump), the site archive (export_site) and the audit
# chain's head, in one directory per run; older runs deleted after BACKUP_KEEP_DAYS.
# Needs the app's environment (DATABASE_URL, AUDIT_CHAIN_KEYS, ...). deploy/README.md
# says how to restore and verify; tests/deploy/test_backup.py does it.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    *) echo "backup: DATABASE_URL is not a PostgreSQL URL; pg_dump cannot back it up" >&2; exit 1 ;;
esac
PY="${PY:-.venv/bin/python}"
PG_DUMP="${PG_DUMP:-pg_dump}"
BACKUP_DIR="${BACKUP_DIR:-var/backups}"
KEEP_DAYS="${BACKUP_KEEP_DAYS:-35}"
[[ "$KEEP_DAYS" =~ ^[0-9]+$ ]] || { echo "backup: BACKUP_KEEP_DAYS=$KEEP_DAYS is not a number of days" >&2; exit 1; }

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
partial="$BACKUP_DIR/$stamp.partial"
mkdir -p "$partial"
trap 'rm -rf "$partial"' ERR

# The chain is verified first, and its head recorded: a restore is checked against it
# (events committed while the dump runs are in the dump too, which --expect-head allows).
"$PY" manage.py verify_audit_log > "$partial/verify_audit_log.txt"
sed -n 's/.*Head of the chain: \(event #[0-9]* \)\{0,1\}\([0-9a-f]\{64\}\).*/\2/p' \
    "$partial/verify_audit_log.txt" > "$partial/audit-head.txt"
[ -s "$partial/audit-head.txt" ] || { echo "backup: no chain head in verify_audit_log's output" >&2; exit 1; }

"$PG_DUMP" --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" \
    --file="$partial/database.dump"
"$PY" manage.py export_site --to "$partial/site" > "$partial/export_site.txt"
(cd "$partial" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)

mv "$partial" "$BACKUP_DIR/$stamp"
trap - ERR
echo "backup: $BACKUP_DIR/$stamp (audit chain head $(cat "$BACKUP_DIR/$stamp/audit-head.txt"))"

# Retention: whole backups older than KEEP_DAYS, and partial ones left by a failed run.
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '20*' -mtime "+$KEEP_DAYS" \
    -print -exec rm -rf {} +
