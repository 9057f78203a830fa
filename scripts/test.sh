#!/usr/bin/env bash
# `make test`: the whole suite. A session fixture starts a throwaway Elasticsearch on a free
# port (or uses ELASTICSEARCH_URL), so no running service is needed beforehand.
set -euo pipefail
cd "$(dirname "$0")/.."
export AIRFLOW__LOGGING__LOGGING_LEVEL="${AIRFLOW__LOGGING__LOGGING_LEVEL:-WARNING}"
scripts/elasticsearch.sh install
exec .venv/bin/python -m pytest "$@"
