#!/bin/sh
# A target container of docker-compose.yml: PostgreSQL 15 and, beside it, the collector that
# tunes it. Both in one container, so the collector has the data directory: it can restart the
# server (pg_ctl) for restart-level knobs and roll back exactly by rewriting postgresql.auto.conf.
#
#   1. initdb when the data volume is empty (superuser postgres, password from PGPASSWORD through
#      a file, never argv; trust only on the Unix socket), with pg_stat_statements preloaded;
#   2. start the server with pg_ctl (the same program the collector restarts it with);
#   3. load the pgbench tables once (scale PGAT_SCALE), unless they are there;
#   4. run `serve collector --data-dir ... --register ...` until SIGTERM, then stop the server.
#
# Environment: PGPASSWORD (required), PGAT_NAME (the instance name, also its host name on the
# compose network), PGAT_DISCOVERY (host:port), PGAT_SCALE (default 10), PG_AUTOTUNE_TOKEN.
set -eu

: "${PGPASSWORD:?set PGPASSWORD: the target's superuser password}"
: "${PGAT_NAME:?set PGAT_NAME: the instance name to register}"
: "${PGAT_DISCOVERY:?set PGAT_DISCOVERY: the Discovery service, host:port}"
scale="${PGAT_SCALE:-10}"
bindir="${PG_AUTOTUNE_PG_BINDIR:-/usr/lib/postgresql/15/bin}"
base=/var/lib/pg-autotune
data="$base/data"
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres

# Whatever ends this script (a failed step under set -e, SIGTERM from `docker stop` during
# initdb or pgbench -i, the collector's own end) goes through cleanup: the password file never
# stays behind, the step running gets SIGTERM (the collector puts back an unfinished change
# first), and a server this script started is stopped cleanly.
pwfile=''
child=''
server_started=false
cleanup() {
  status=$?
  trap - EXIT TERM INT
  if [ -n "$pwfile" ]; then rm -f "$pwfile"; fi
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null || true
    if wait "$child"; then status=0; else status=$?; fi
  fi
  if $server_started; then "$bindir/pg_ctl" -D "$data" -m fast -w stop || true; fi
  exit "$status"
}
trap cleanup EXIT
# The shell runs a trap only once the foreground command is done: the long steps run in the
# background and are waited for, so a SIGTERM is handled at once.
trap 'exit 143' TERM INT
step() {
  "$@" &
  child=$!
  wait "$child"
  child=''
}

if [ ! -s "$data/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$PGPASSWORD" > "$pwfile"
  step "$bindir/initdb" -D "$data" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8
  rm -f "$pwfile"
  pwfile=''
  cat >> "$data/postgresql.conf" <<'CONF'
# docker/target-entrypoint.sh
listen_addresses = '*'
unix_socket_directories = '/tmp'
shared_preload_libraries = 'pg_stat_statements'
CONF
  echo 'host all all all scram-sha-256' >> "$data/pg_hba.conf"
fi

server_started=true
step "$bindir/pg_ctl" -D "$data" -l "$data/pg-autotune-server.log" -w -t 120 start

"$bindir/psql" -d postgres -v ON_ERROR_STOP=1 -qtAc "SELECT 1 FROM pg_database WHERE datname = 'pgbench'" | grep -q 1 \
  || "$bindir/psql" -d postgres -v ON_ERROR_STOP=1 -qc 'CREATE DATABASE pgbench'
"$bindir/psql" -d pgbench -v ON_ERROR_STOP=1 -qc 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements'
# pgbench -i drops and reloads the tables: only when they are missing or empty, so that a
# restarted container does not reset a target mid-experiment.
if [ "$("$bindir/psql" -d pgbench -tAc 'SELECT count(*) > 0 FROM pgbench_branches' 2>/dev/null)" = t ]; then
  echo 'pgbench tables present; not reloading'
else
  step "$bindir/pgbench" -i -q -s "$scale" pgbench
fi

# Until SIGTERM (cleanup passes it on and waits for the collector's end) or the collector's own end.
step node /app/dist/cli/main.js serve collector \
  --target postgres://postgres@127.0.0.1:5432/pgbench \
  --data-dir "$data" --state-dir "$base/collector-state" \
  --listen 0.0.0.0 --port 7002 --metrics-port 9464 --metrics-listen 0.0.0.0 \
  --register "$PGAT_DISCOVERY" --name "$PGAT_NAME" --advertise "$PGAT_NAME:7002"
