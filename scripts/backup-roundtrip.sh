#!/usr/bin/env bash
# docs/deploy.md's backup → restore round trip, run for real (CI runs it after the PostgreSQL
# pass): a scratch database is migrated and filled through the API (sign-up, chat, a learning path,
# an upload), backed up with exactly the commands of docs/deploy.md, restored into a second scratch
# database and data directory, and read back through the API by the same learner. Both databases
# are dropped at the end, whatever happens.
#   PG_ADMIN_URL  a server to create the scratch databases on (default postgres://postgres@127.0.0.1:5432/postgres);
#                 pg_dump and pg_restore on PATH must be of that server's major version.
set -euo pipefail
cd "$(dirname "$0")/.."
DOC=docs/deploy.md
PG_ADMIN_URL="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
started=$SECONDS

server_major=$(psql "$PG_ADMIN_URL" -Atc "show server_version_num" | cut -c1-2)
for tool in pg_dump pg_restore; do
  tool_major=$("$tool" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')
  if [ "$tool_major" != "$server_major" ]; then
    echo "FAIL $tool is version $tool_major, the server $server_major: install the matching client (postgresql-client-$server_major)" >&2
    exit 1
  fi
done

work=$(mktemp -d)
src_db="chitchat_backup_src_$$"
dst_db="chitchat_backup_dst_$$"
cleanup() {
  psql "$PG_ADMIN_URL" -qc "drop database if exists $src_db with (force)" >/dev/null 2>&1 || true
  psql "$PG_ADMIN_URL" -qc "drop database if exists $dst_db with (force)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
db_url() { node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$PG_ADMIN_URL" "$1"; }

# Runs one command of docs/deploy.md, refusing any that is not there word for word: the doc and
# this script cannot drift apart.
documented() {
  if ! grep -qxF -- "$1" "$DOC"; then
    echo "FAIL this command is not in $DOC word for word: $1" >&2
    exit 1
  fi
  echo "\$ $1"
  eval "$1"
}

export JWT_SECRET="backup-roundtrip-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export BACKUP_DIR="$work/backups"
mkdir -p "$BACKUP_DIR"

echo "== a scratch database, migrated and filled through the API"
psql "$PG_ADMIN_URL" -qc "create database $src_db"
export DATABASE_URL DATA_DIR
DATABASE_URL=$(db_url "$src_db")
DATA_DIR="$work/data"
documented 'npm run -s migrate'
node --import tsx scripts/backup-roundtrip.ts fill "$work/state.json"

echo "== back up"
documented 'pg_dump --format=custom --file="$BACKUP_DIR/chitchat.dump" "$DATABASE_URL"'
documented 'tar -C "$DATA_DIR" -czf "$BACKUP_DIR/storage.tar.gz" storage'

echo "== restore into a fresh database and data directory"
psql "$PG_ADMIN_URL" -qc "create database $dst_db"
export RESTORE_DATABASE_URL RESTORE_DATA_DIR
RESTORE_DATABASE_URL=$(db_url "$dst_db")
RESTORE_DATA_DIR="$work/restored"
documented 'psql "$RESTORE_DATABASE_URL" -v ON_ERROR_STOP=1 -q -f scripts/restore-prepare.sql'
documented 'pg_restore --exit-on-error --single-transaction --no-owner --dbname="$RESTORE_DATABASE_URL" "$BACKUP_DIR/chitchat.dump"'
documented 'mkdir -p "$RESTORE_DATA_DIR" && tar -C "$RESTORE_DATA_DIR" -xzf "$BACKUP_DIR/storage.tar.gz"'

echo "== the restored copy, through the API"
DATABASE_URL="$RESTORE_DATABASE_URL" DATA_DIR="$RESTORE_DATA_DIR" node --import tsx scripts/backup-roundtrip.ts verify "$work/state.json"
echo "backup round trip: done in $((SECONDS - started)) s"
