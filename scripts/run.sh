#!/usr/bin/env bash
# `make run`: local Elasticsearch (unless ELASTICSEARCH_URL), the three DAGs once over the demo
# sources, a summary; then stop what this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
export AIRFLOW__LOGGING__LOGGING_LEVEL="${AIRFLOW__LOGGING__LOGGING_LEVEL:-WARNING}"
# Deprecation notices of Airflow's and Starlette's own dependencies say nothing a user can act on; the
# test suite still shows ours. (Airflow adds its own 'default' filters only when this is unset.)
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning,ignore::UserWarning:fastapi.testclient}"
mkdir -p var
started_es=0
cleanup() {
  if [ "$started_es" = 1 ]; then scripts/elasticsearch.sh stop; fi
}
trap cleanup EXIT
if [ -z "${ELASTICSEARCH_URL:-}" ]; then
  if ! scripts/elasticsearch.sh status >/dev/null 2>&1; then
    started_es=1  # even if start fails half-way, stop what it may have left running
    scripts/elasticsearch.sh start
  fi
  export ELASTICSEARCH_URL="$(scripts/elasticsearch.sh url)"
fi
log="var/run-$(date -u +%Y%m%dT%H%M%SZ).log"
echo "running collect_announcements -> process_announcements -> publish_calendars (Airflow log: $log)"
.venv/bin/python scripts/run_pipeline.py 2> >(tee -a "$log" | grep -v -E '^\s*$|\[(info|debug|warning) *\]|XCom not found' >&2)
