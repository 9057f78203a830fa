# The two commands a newcomer needs: `make run` (the whole pipeline once over the demo sources)
# and `make test` (the whole suite). Both do their own set-up. `make up` runs it continuously;
# `make cluster` runs the production topology (Celery, PostgreSQL, Redis, two-node TLS Elasticsearch).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
export AIRFLOW_HOME ?= $(CURDIR)/var/airflow
export AIRFLOW__CORE__DAGS_FOLDER ?= $(CURDIR)/dags
export AIRFLOW__CORE__PLUGINS_FOLDER ?= $(CURDIR)/plugins
export AIRFLOW__CORE__LOAD_EXAMPLES ?= False

.PHONY: run test up cluster cluster-deps venv test-deps elasticsearch-start elasticsearch-stop clean

run: venv
	@scripts/run.sh

test: venv test-deps cluster-deps
	@scripts/test.sh

up: venv
	@scripts/up.sh

# docs/cluster.md: everything of docker/ started for real on this machine, loopback only; Ctrl-C stops it.
cluster: venv
	@scripts/cluster.sh

# The pinned providers of requirements-cluster.txt, for make cluster and tests/cluster/ (which make test runs).
cluster-deps: venv
	@scripts/cluster/deps.sh

venv: $(STAMP)

# Re-install whenever the pins or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	@echo "installing the pinned dependencies into $(VENV)/ (first time: a few minutes)"
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e . 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
	@touch $(STAMP)

# What the browser and iCal-parser tests need besides Python: Debian's chromium, and
# playwright-core + ical.js from npm (pinned by tests/web/js/package-lock.json).
test-deps:
	@scripts/test-deps.sh

elasticsearch-start:
	@scripts/elasticsearch.sh start

elasticsearch-stop:
	@scripts/elasticsearch.sh stop

clean:
	@scripts/elasticsearch.sh stop || true
	rm -rf var public
