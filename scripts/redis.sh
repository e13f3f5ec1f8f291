#!/usr/bin/env bash
# A throwaway Redis for tests and benchmarks (cache, hot counters, the rq task backend).
#
#   scripts/redis.sh start    start it (a no-op when it already runs)
#   scripts/redis.sh stop     stop it and delete its directory
#   scripts/redis.sh url      print the REDIS_URL
#   scripts/redis.sh status   exit 0 if it answers PING, 3 if not
#
# Environment: LAPAK_REDIS_PURPOSE (test, default, or bench: one server per purpose, in var/redis-<purpose>/),
# LAPAK_REDIS_PORT (default 56379 for test, 56380 for bench, 56381 otherwise). It listens on 127.0.0.1 only
# and keeps nothing on disk.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PURPOSE="${LAPAK_REDIS_PURPOSE:-test}"
[[ "$PURPOSE" =~ ^[a-z0-9_-]+$ ]] || { echo "redis.sh: LAPAK_REDIS_PURPOSE must be a plain word" >&2; exit 2; }
case "$PURPOSE" in test) default_port=56379 ;; bench) default_port=56380 ;; *) default_port=56381 ;; esac
PORT="${LAPAK_REDIS_PORT:-$default_port}"
DIR="$REPO/var/redis-$PURPOSE"

say() { echo "redis.sh[$PURPOSE]: $*" >&2; }
die() { say "$*"; exit 1; }

url() { echo "redis://127.0.0.1:$PORT/0"; }

answers() { redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; }

# Ours: a live redis-server whose working directory is ours (redis chdirs to --dir), so a recycled pid
# or somebody else's Redis on the port is never mistaken for ours.
our_pid() {
  local pid
  pid="$(cat "$DIR/redis.pid" 2>/dev/null)" || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == redis-server ]] || return 1
  [[ "$(readlink -f "/proc/$pid/cwd" 2>/dev/null)" == "$(readlink -f "$DIR")" ]] || return 1
  echo "$pid"
}

start() {
  command -v redis-server >/dev/null || die "redis-server is missing: install it with 'apt-get install redis-server'."
  if our_pid >/dev/null && answers; then say "already running on 127.0.0.1:$PORT"; return; fi
  if ss -Hltn "sport = :$PORT" 2>/dev/null | grep -q .; then
    die "port $PORT is in use by another process; set LAPAK_REDIS_PORT to another port."
  fi
  rm -rf "$DIR" && mkdir -p "$DIR"
  redis-server --bind 127.0.0.1 --port "$PORT" --protected-mode yes --daemonize yes --dir "$DIR" \
    --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --save "" --appendonly no
  for _ in $(seq 50); do answers && break; sleep 0.1; done
  answers || { tail -n 20 "$DIR/redis.log" >&2; die "Redis did not start"; }
  say "running on 127.0.0.1:$PORT"
}

stop() {
  local pid
  if pid="$(our_pid)"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
    [[ -d "/proc/$pid" ]] && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$DIR"
  say "stopped; removed $DIR"
}

status() {
  if our_pid >/dev/null && answers; then echo "running: 127.0.0.1:$PORT pid=$(our_pid) url=$(url)"; else echo "stopped"; exit 3; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  status) status ;;
  *) echo "usage: scripts/redis.sh start|stop|url|status" >&2; exit 2 ;;
esac
