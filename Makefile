# Lapak — the front door. `make demo` runs the marketplace; `make test` runs the whole suite.
# Everything is installed into .venv from the hash-pinned requirements.lock.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.lapak-installed
SCALE ?= 1
SEED ?= 2026
SCENARIO ?= http-baseline
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup demo demo-data test test-fast lint bench messages lock clean

help:
	@echo "make demo    set up everything and run Lapak on http://127.0.0.1:8000"
	@echo "make test    run linters and the whole test suite (SQLite, PostgreSQL, Chromium)"
	@echo "make bench SCENARIO=http-baseline   run a benchmark, JSON lines on stdout"
	@echo "make lock    re-resolve requirements.lock from pyproject.toml"

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

setup: $(STAMP) messages

messages: $(STAMP)
	@$(VENV)/bin/pybabel compile --statistics -d src/lapak/locale -D django 2>&1 | tail -n 2 >&2

demo-data: setup
	@# ffmpeg checks creators' videos; without it (not root, no sudo) the demo runs and video uploads are refused.
	-@bash scripts/system-deps.sh ffmpeg
	DEBUG=1 $(PY) manage.py migrate --database default --noinput
	DEBUG=1 $(PY) manage.py migrate --database social --noinput
	DEBUG=1 $(PY) manage.py regions_load
	DEBUG=1 $(PY) manage.py shipping_load_couriers
	DEBUG=1 $(PY) manage.py demo_seed --scale $(SCALE) --seed $(SEED)

demo: demo-data
	@DEBUG=1 $(PY) manage.py demo_banner
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" DEBUG=1 \
	  SHIPPING_SANDBOX_WEBHOOK_URL=http://127.0.0.1:8000/api/v1/shipping/webhooks/sandbox \
	  GATEWAY_SANDBOX_NOTIFY_URL=http://127.0.0.1:8000/api/v1/payments/webhooks/midtrans \
	  GATEWAY_SANDBOX_PAYOUT_NOTIFY_URL=http://127.0.0.1:8000/api/v1/payouts/webhooks/midtrans \
	  GATEWAY_SANDBOX_DB=var/gateway-sandbox.sqlite3 \
	  $(VENV)/bin/honcho --procfile Procfile start

test: setup
	bash scripts/test.sh

test-fast: setup
	$(VENV)/bin/pytest -q -m "not browser" -n 2

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

bench: setup
	@$(PY) -m bench $(SCENARIO) $(BENCH_ARGS)

lock: $(STAMP)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var staticfiles test-artifacts
