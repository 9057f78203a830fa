#!/usr/bin/env bash
# Event-driven arrival, end to end: start `airflow standalone` on 127.0.0.1, publish a new post on a local
# feed, push "fetch this source now" as an Asset event (POST /api/v2/assets/events), and measure how long
# the post takes to reach Elasticsearch (collect) and the published calendar.ics (process -> publish).
#
#   ELASTICSEARCH_URL=http://127.0.0.1:9200 scripts/push_event.sh          # ~2-4 min on 2 cores
#
# Everything lives under var/push-demo/ (Airflow home, feed, public/); indices use a unique prefix and
# are deleted at the end. Auth: the simple auth manager with all_admins (local demo only, loopback only).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEMO="$ROOT/var/push-demo"
rm -rf "$DEMO" && mkdir -p "$DEMO/feed" "$DEMO/public"
export AIRFLOW_HOME="$DEMO/airflow"
source "$ROOT/scripts/airflow-loopback.sh"
airflow_loopback_env "$ROOT" "${PUSH_DEMO_API_PORT:-28793}"
export AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL=5
export AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC=1
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=True
export AIRFLOW__LOGGING__LOGGING_LEVEL=WARNING
export ELASTICSEARCH_URL="${ELASTICSEARCH_URL:-http://127.0.0.1:9200}"
export AGGREGATOR_INDEX_PREFIX="push-demo-$(date +%s)-"
export AGGREGATOR_PUBLIC_DIR="$DEMO/public"
export AGGREGATOR_SOURCES="$DEMO/sources.yaml"
export PUSH_DEMO_DIR="$DEMO"
export PATH="$ROOT/.venv/bin:$PATH"
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"

"$ROOT/.venv/bin/python" "$ROOT/scripts/push_event_demo.py" prepare
"$ROOT/.venv/bin/python" -m http.server --bind 127.0.0.1 --directory "$DEMO/feed" "${PUSH_DEMO_FEED_PORT:-28794}" \
  >"$DEMO/feed-server.log" 2>&1 &
FEED_PID=$!
setsid "$ROOT/.venv/bin/airflow" standalone >"$DEMO/standalone.log" 2>&1 &
AIRFLOW_PID=$!
cleanup() {
  kill -- -"$AIRFLOW_PID" 2>/dev/null || true
  kill "$FEED_PID" 2>/dev/null || true
  sleep 5  # the scheduler shuts down gracefully; whatever is left of the group is stopped
  kill -9 -- -"$AIRFLOW_PID" 2>/dev/null || true
}
trap cleanup EXIT
"$ROOT/.venv/bin/python" "$ROOT/scripts/push_event_demo.py" run
