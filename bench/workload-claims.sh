#!/usr/bin/env bash
# The quick measurements behind workloads/README.md: plain pgbench on a throwaway cluster
# (initdb defaults, port 55444, under DIR), each claimed knob effect as alternating runs.
# Run as a non-root user that may run PostgreSQL (as root: su postgres -c "bash bench/workload-claims.sh").
#   DIR=/tmp/pgat-meas PG_BINDIR=/usr/lib/postgresql/15/bin bash bench/workload-claims.sh
# It removes nothing: delete DIR afterwards.
set -e
B=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
DIR=${DIR:-/tmp/pgat-meas}
D=$DIR/data
P=55444
W=$(cd "$(dirname "$0")/../workloads" && pwd)
mkdir -p "$DIR"
$B/initdb -D $D -A trust -U postgres >/dev/null
echo "port=$P" >> $D/postgresql.conf
echo "listen_addresses='127.0.0.1'" >> $D/postgresql.conf
echo "unix_socket_directories='$DIR'" >> $D/postgresql.conf
$B/pg_ctl -D $D -l $DIR/log -w start >/dev/null
PG="-h 127.0.0.1 -p $P -U postgres"
psql() { /usr/bin/psql $PG -Atqc "$1" postgres; }
bench() { $B/pgbench $PG -n -T $1 -c $2 -j 2 "${@:3}" postgres 2>&1 | grep -E "^tps" | sed 's/ (without.*//'; }
$B/pgbench $PG -i -s 10 -q postgres >/dev/null 2>&1
echo "== tpcb-like scale 10, 4 clients, 20 s"
for r in 1 2; do
  psql "ALTER SYSTEM RESET ALL"; psql "SELECT pg_reload_conf()"; psql "CHECKPOINT"
  echo "default: $(bench 20 4)"
  psql "ALTER SYSTEM SET max_wal_size='256MB'"; psql "ALTER SYSTEM SET checkpoint_timeout='30s'"; psql "SELECT pg_reload_conf()"; psql "CHECKPOINT"
  echo "misconfigured (max_wal_size 256MB, checkpoint_timeout 30s): $(bench 20 4) checkpoints_timed+req=$(psql 'select checkpoints_timed+checkpoints_req from pg_stat_bgwriter')"
done
psql "ALTER SYSTEM RESET ALL"; psql "SELECT pg_reload_conf()"
echo "== analytic-spill scale 10, 2 clients, 15 s"
for r in 1 2; do
  echo "work_mem 64kB: $(PGOPTIONS='-c work_mem=64kB' bench 15 2 -f $W/analytic-spill.sql)"
  echo "work_mem 64MB: $(PGOPTIONS='-c work_mem=64MB' bench 15 2 -f $W/analytic-spill.sql)"
done
echo "== mixed scale 10, 6 clients, 15 s"
for r in 1 2; do
  echo "work_mem 64kB: $(PGOPTIONS='-c work_mem=64kB' bench 15 6 -b tpcb-like@6 -f $W/read-mostly.sql@3 -f $W/analytic-spill.sql@1 2>&1)"
  echo "work_mem 4MB : $(PGOPTIONS='-c work_mem=4MB' bench 15 6 -b tpcb-like@6 -f $W/read-mostly.sql@3 -f $W/analytic-spill.sql@1)"
done
echo "== read-only-large: select-only scale 30, 8 clients, 15 s"
$B/pgbench $PG -i -s 30 -q postgres >/dev/null 2>&1
for r in 1 2; do
  psql "ALTER SYSTEM RESET ALL"; $B/pg_ctl -D $D -w restart -l $DIR/log >/dev/null; bench 5 8 -S >/dev/null
  echo "shared_buffers 128MB: $(bench 15 8 -S) hit=$(psql "select round(blks_hit::numeric/(blks_hit+blks_read),3) from pg_stat_database where datname='postgres'")"
  psql "ALTER SYSTEM SET shared_buffers='1GB'"; $B/pg_ctl -D $D -w restart -l $DIR/log >/dev/null; bench 5 8 -S >/dev/null
  echo "shared_buffers 1GB: $(bench 15 8 -S)"
done
$B/pg_ctl -D $D -w stop >/dev/null
