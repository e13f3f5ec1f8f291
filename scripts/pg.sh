#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the test suite and the benchmarks.
#
#   scripts/pg.sh start    create (if needed) and start the cluster; a no-op when it already runs
#   scripts/pg.sh stop     stop the cluster and delete its data
#   scripts/pg.sh url      print the DATABASE_URL (the social database is derived by appending "_social")
#   scripts/pg.sh status   print what runs where; exit 0 if it accepts connections, 3 if not
#
# Environment:
#   LAPAK_PG_PURPOSE  test (default) or bench, or any word: one cluster per purpose, in var/pg-<purpose>/
#   LAPAK_PG_PORT     default 55432 for test, 55433 for bench, 55434 otherwise
#   LAPAK_PG_FAST     1 = fsync/synchronous_commit/full_page_writes off (default 1 for test, 0 otherwise)
#   LAPAK_PG_BIN      default /usr/lib/postgresql/15/bin
#   LAPAK_PG_SHARED_BUFFERS  default 128MB; 4GB for bench (a production server gives PostgreSQL a quarter of RAM)
#   LAPAK_PG_DIR      where the cluster lives (default var/pg-<purpose>/ in the repository)
#
# It listens on 127.0.0.1 only, with its unix socket inside the data directory. PostgreSQL refuses to run
# as root, so as root it runs as the `postgres` system user (or a `lapak-pg` system user it creates).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PURPOSE="${LAPAK_PG_PURPOSE:-test}"
case "$PURPOSE" in
  test) default_port=55432 default_fast=1 default_buffers=128MB ;;
  bench) default_port=55433 default_fast=0 default_buffers=4GB ;;
  *) default_port=55434 default_fast=0 default_buffers=128MB ;;
esac
[[ "$PURPOSE" =~ ^[a-z0-9_-]+$ ]] || { echo "pg.sh: LAPAK_PG_PURPOSE must be a plain word" >&2; exit 2; }
PORT="${LAPAK_PG_PORT:-$default_port}"
FAST="${LAPAK_PG_FAST:-$default_fast}"
BIN="${LAPAK_PG_BIN:-/usr/lib/postgresql/15/bin}"
DB_USER=lapak DB_PASSWORD=lapak DB_NAME=lapak

say() { echo "pg.sh[$PURPOSE]: $*" >&2; }
die() { say "$*"; exit 1; }

require_binaries() {
  local tool
  for tool in initdb pg_ctl pg_isready psql postgres; do
    [[ -x "$BIN/$tool" ]] || die "$BIN/$tool is missing: install PostgreSQL 15 with 'apt-get install postgresql' (Debian 12)."
  done
}

# The unprivileged account that owns and runs the cluster.
pick_run_user() {
  if [[ $EUID -ne 0 ]]; then RUN_USER="$(id -un)"; return; fi
  if id postgres >/dev/null 2>&1; then RUN_USER=postgres; return; fi
  if ! id lapak-pg >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin lapak-pg || die "could not create the lapak-pg user"
  fi
  RUN_USER=lapak-pg
}

as_run_user() {
  if [[ $EUID -eq 0 ]]; then runuser -u "$RUN_USER" -- "$@"; else "$@"; fi
}

# var/ inside the repository, unless the run user cannot reach it (a checkout under /root, say): then a
# directory under /tmp named after the repository path, so every call finds the same place.
pick_cluster_dir() {
  if [[ -n "${LAPAK_PG_DIR:-}" ]]; then CLUSTER="$LAPAK_PG_DIR"; return; fi
  mkdir -p "$REPO/var"
  if as_run_user test -x "$REPO/var"; then
    CLUSTER="$REPO/var/pg-$PURPOSE"
  else
    CLUSTER="/tmp/lapak-pg-$PURPOSE-$(printf '%s' "$REPO" | cksum | cut -d' ' -f1)"
  fi
}

pick_run_user
pick_cluster_dir
DATA="$CLUSTER/data"
LOG="$CLUSTER/postgres.log"

url() { echo "postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB_NAME"; }

accepting() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -d postgres -t 2 >/dev/null 2>&1; }

postmaster_pid() { [[ -f "$DATA/postmaster.pid" ]] && head -n1 "$DATA/postmaster.pid"; }

# A live (not zombie) postgres process. A killed postmaster can linger as a zombie for a moment, and
# kill -0, which pg_ctl and postgres itself use, still finds it.
is_postgres_pid() {
  [[ -n "$1" && -r "/proc/$1/stat" ]] || return 1
  [[ "$(cat "/proc/$1/comm" 2>/dev/null)" =~ ^(postgres|postmaster)$ ]] || return 1
  [[ "$(sed 's/.*) \([A-Z]\).*/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ]]
}

# Our postmaster: a live postgres whose working directory is our data directory (postgres chdirs there),
# so a recycled pid or another cluster's postmaster is never mistaken for ours.
running() {
  local pid
  [[ -f "$DATA/PG_VERSION" ]] || return 1
  pid="$(postmaster_pid 2>/dev/null)" || return 1
  is_postgres_pid "$pid" && [[ "$(readlink -f "/proc/$pid/cwd" 2>/dev/null)" == "$(readlink -f "$DATA")" ]]
}

# A killed run leaves postmaster.pid and the socket lock file behind; postgres refuses to start while the
# pid they name is alive, even when it has since been given to another process.
clear_stale_lock_files() {
  local file pid
  for file in "$DATA/postmaster.pid" "$DATA/.s.PGSQL.$PORT.lock"; do
    [[ -f "$file" ]] || continue
    pid="$(head -n1 "$file")"
    if ! is_postgres_pid "$pid"; then
      say "removing stale $(basename "$file") (pid $pid is not a running postgres)"
      rm -f "$file" "${file%.lock}"
    fi
  done
}

# SIGINT is PostgreSQL's "fast shutdown"; SIGKILL only if it does not go within five seconds.
kill_postmaster() {
  kill -INT "$1" 2>/dev/null || true
  for _ in $(seq 50); do is_postgres_pid "$1" || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

# Who listens on our port? Our own leftover (var/ wiped under a running cluster) is stopped; anything
# else is reported and we give up.
free_port() {
  local pids pid cmd data_dir
  pids="$(ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true)"
  if [[ -z "$pids" ]]; then
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || return 0
    die "port $PORT is in use by a process this shell cannot see; set LAPAK_PG_PORT to another port."
  fi
  for pid in $pids; do
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    data_dir="$(sed -n 's/.* -D \([^ ]*\).*/\1/p' <<<"$cmd")"
    # Orphaned: a throwaway cluster whose working directory is no longer the data directory it was given.
    if is_postgres_pid "$pid" && [[ "$data_dir" == */pg-*/data || "$data_dir" == */lapak-pg-*/data ]] \
      && [[ "$(readlink "/proc/$pid/cwd")" != "$(readlink -f "$data_dir" 2>/dev/null)" ]]; then
      say "stopping an orphaned throwaway cluster on port $PORT (pid $pid; $data_dir was moved or deleted)"
      kill_postmaster "$pid"
    else
      die "port $PORT is in use by pid $pid ($cmd); set LAPAK_PG_PORT to another port or stop that process."
    fi
  done
}

init_cluster() {
  # A cluster without PG_VERSION is what an interrupted initdb leaves: start again from nothing.
  if [[ -d "$DATA" && ! -f "$DATA/PG_VERSION" ]]; then
    say "removing an incomplete cluster in $DATA"
    rm -rf "$DATA"
  fi
  [[ -f "$DATA/PG_VERSION" ]] && return
  mkdir -p "$CLUSTER"
  chown "$RUN_USER" "$CLUSTER"
  chmod 700 "$CLUSTER"
  say "initialising a cluster in $DATA"
  as_run_user "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=reject \
    >"$CLUSTER/initdb.log" 2>&1 || { cat "$CLUSTER/initdb.log" >&2; die "initdb failed"; }
  # The superuser has no password, so it can only come in through the socket, which only root and the run
  # user can reach (the data directory is 0700). Applications log in over TCP with a password.
  as_run_user tee "$DATA/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 scram-sha-256
EOF
}

write_config() {
  local durability="fsync = on
synchronous_commit = on
full_page_writes = on"
  if [[ "$FAST" == 1 ]]; then
    # Throwaway test data: durability buys nothing and costs most of the suite's time on PostgreSQL.
    durability="fsync = off
synchronous_commit = off
full_page_writes = off"
  fi
  as_run_user tee "$DATA/lapak.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
max_connections = 200
shared_buffers = ${LAPAK_PG_SHARED_BUFFERS:-$default_buffers}
$durability
log_min_messages = warning
EOF
  grep -q "^include_if_exists = 'lapak.conf'" "$DATA/postgresql.conf" \
    || echo "include_if_exists = 'lapak.conf'" | as_run_user tee -a "$DATA/postgresql.conf" >/dev/null
}

psql_super() {
  "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DATA" -p "$PORT" -U postgres "$@"
}

provision() {
  psql_super -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  ELSE
    ALTER ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  END IF;
END \$\$;
SQL
  # Extensions go into template1 first, so every database made afterwards (test databases too) has them.
  local db
  for db in template1 "$DB_NAME" "${DB_NAME}_social"; do
    if [[ "$db" != template1 ]]; then
      psql_super -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
        || psql_super -d postgres -c "CREATE DATABASE \"$db\" OWNER $DB_USER"
    fi
    psql_super -d "$db" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;" \
      2>/dev/null || say "could not create pg_trgm/unaccent in $db (is postgresql-contrib installed?)"
  done
}

start() {
  require_binaries
  if running; then
    accepting || die "the cluster in $DATA runs but does not accept connections on port $PORT; see $LOG"
    provision
    say "already running on 127.0.0.1:$PORT"
    return
  fi
  # The port first: an orphan must be gone before a new cluster takes its path, or its shutdown writes there.
  free_port
  init_cluster
  write_config
  as_run_user touch "$LOG"
  # After a kill, the old postmaster's children can hold shared memory for a moment: retry a few times.
  local attempt
  for attempt in 1 2 3 4 5; do
    clear_stale_lock_files
    as_run_user "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null 2>&1 9>&- && break
    [[ $attempt == 5 ]] && { tail -n 20 "$LOG" >&2; die "PostgreSQL did not start"; }
    say "start attempt $attempt failed; retrying"
    sleep 1
  done
  for _ in $(seq 100); do accepting && break; sleep 0.2; done
  accepting || { tail -n 20 "$LOG" >&2; die "PostgreSQL does not accept connections on port $PORT"; }
  provision
  say "running on 127.0.0.1:$PORT (data in $DATA, fast=$FAST)"
}

stop() {
  if [[ -x "$BIN/pg_ctl" ]] && running; then
    as_run_user "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || as_run_user "$BIN/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  # Whatever pg_ctl could not stop (a broken data directory), stop by the pid it recorded.
  if running; then kill_postmaster "$(postmaster_pid)"; fi
  rm -rf "$CLUSTER"
  say "stopped; removed $CLUSTER"
}

status() {
  if running && accepting; then
    echo "running: 127.0.0.1:$PORT data=$DATA pid=$(postmaster_pid) url=$(url)"
  elif [[ -d "$DATA" ]]; then
    echo "stopped: data=$DATA (scripts/pg.sh start restarts it, stop deletes it)"
    exit 3
  else
    echo "absent: no cluster in $CLUSTER"
    exit 3
  fi
}

# One start or stop at a time per cluster: several shells (or helpers) may call this at once. The server
# must not inherit the lock (pg_ctl start is given 9>&-), or it would hold it for its whole life.
serialise() {
  exec 9>"$CLUSTER.lock"
  flock -w 120 9 || die "another pg.sh holds $CLUSTER.lock"
}

case "${1:-}" in
  start) serialise; start ;;
  stop) serialise; stop ;;
  url) url ;;
  status) status ;;
  *) echo "usage: scripts/pg.sh start|stop|url|status  (LAPAK_PG_PURPOSE, LAPAK_PG_PORT: see the header)" >&2; exit 2 ;;
esac
