#!/usr/bin/env bash
# The whole suite, as `make test` runs it: linters, pytest on SQLite, pytest on a throwaway PostgreSQL 15
# cluster (started here on loopback, stopped afterwards), and the browser smoke test in Debian's Chromium.
# Any step failing fails the run; pytest's exit code 5 (no tests ran) counts as a failure too.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
export PATH="$PWD/$VENV/bin:$PATH"
workers="${PYTEST_WORKERS:-2}"

step() { printf '\n== %s ==\n' "$*"; }

step "system packages"
bash scripts/system-deps.sh postgres chromium redis gettext ffmpeg

step "ruff"
ruff check .

step "import-linter"
lint-imports

step "every user-facing string has a Bahasa Indonesia translation"
python scripts/check_translations.py

step "migrations are up to date"
DEBUG=1 LAPAK_VAR_DIR="$(mktemp -d)" python manage.py makemigrations --check --dry-run >/dev/null

step "pytest on SQLite"
pytest -q -m "not browser" -n "$workers"

step "pytest on PostgreSQL 15 with a Redis cache"
trap 'bash scripts/pg.sh stop >/dev/null 2>&1 || true; bash scripts/redis.sh stop >/dev/null 2>&1 || true' EXIT
bash scripts/pg.sh start
bash scripts/redis.sh start
DATABASE_URL="$(bash scripts/pg.sh url)" REDIS_URL="$(bash scripts/redis.sh url)" \
  pytest -q -m "not browser" -n "$workers"
bash scripts/pg.sh stop
bash scripts/redis.sh stop
trap - EXIT

step "browser smoke test (Chromium)"
pytest -q -m browser

step "all green"
