#!/usr/bin/env bash
# `make up`: run continuously on one machine — the local Elasticsearch, the demo feed server,
# `airflow standalone` on 127.0.0.1 with the DAGs unpaused, and the feed server. Ctrl-C stops all.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
API_PORT="${AIRFLOW_API_PORT:-8080}"
FEED_PORT="${AGGREGATOR_SERVE_PORT:-8090}"
DEMO_PORT="${AGGREGATOR_DEMO_PORT:-8765}"
export AIRFLOW_HOME="${AIRFLOW_HOME:-$ROOT/var/airflow}"
source "$ROOT/scripts/airflow-loopback.sh"
airflow_loopback_env "$ROOT" "$API_PORT"
export AIRFLOW__CORE__PLUGINS_FOLDER="$ROOT/plugins"
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=False
export AIRFLOW__LOGGING__LOGGING_LEVEL="${AIRFLOW__LOGGING__LOGGING_LEVEL:-WARNING}"
# Deprecation notices of Airflow's and Starlette's own dependencies say nothing a user can act on; the
# test suite still shows ours. (Airflow adds its own 'default' filters only when this is unset.)
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning,ignore::UserWarning:fastapi.testclient}"
export PATH="$ROOT/.venv/bin:$PATH"
export AGGREGATOR_DEMO_URL="${AGGREGATOR_DEMO_URL:-http://127.0.0.1:$DEMO_PORT}"
mkdir -p var/logs

pids=()
started_es=0
stop_all() {
  trap - INT TERM EXIT
  echo; echo "stopping..."
  for pid in "${pids[@]}"; do kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  sleep 3
  for pid in "${pids[@]}"; do kill -9 -- -"$pid" 2>/dev/null || true; done
  if [ "$started_es" = 1 ]; then scripts/elasticsearch.sh stop; fi
  exit 0
}
trap stop_all INT TERM EXIT

if [ -z "${ELASTICSEARCH_URL:-}" ]; then
  if ! scripts/elasticsearch.sh status >/dev/null 2>&1; then started_es=1; scripts/elasticsearch.sh start; fi
  export ELASTICSEARCH_URL="$(scripts/elasticsearch.sh url)"
fi
# WebSub / webhook intake: a Redis the feed server publishes on and the Asset watcher listens to.
source "$ROOT/scripts/cluster/intake-redis.sh"
start_intake_redis "$ROOT"
[ -z "$INTAKE_REDIS_PID" ] || pids+=("$INTAKE_REDIS_PID")
if [ "$AGGREGATOR_DEMO_URL" = "http://127.0.0.1:$DEMO_PORT" ]; then
  setsid .venv/bin/python demo/server.py --port "$DEMO_PORT" > var/logs/demo-server.log 2>&1 &
  pids+=($!)
fi
setsid .venv/bin/aggregator serve --host 127.0.0.1 --port "$FEED_PORT" > var/logs/serve.log 2>&1 &
pids+=($!)
setsid airflow standalone > var/logs/airflow-standalone.log 2>&1 &
pids+=($!)
echo "waiting for Airflow on http://127.0.0.1:$API_PORT ..."
for _ in $(seq 1 180); do
  curl -s -o /dev/null "http://127.0.0.1:$API_PORT/api/v2/monitor/health" && break
  sleep 1
done
# `make run` shares var/airflow and its dag.test() leaves the DAGs paused ("unpaused at creation" applies
# only once): unpause them on every start, as soon as the dag-processor has parsed each one (404 until then).
for dag in collect_announcements process_announcements publish_calendars; do
  unpaused=0
  for _ in $(seq 1 120); do
    code="$(curl -s -o /dev/null -w '%{http_code}' -X PATCH -H 'Content-Type: application/json' \
      -d '{"is_paused": false}' "http://127.0.0.1:$API_PORT/api/v2/dags/$dag")" || true
    if [ "$code" = 200 ]; then unpaused=1; break; fi
    sleep 1
  done
  [ "$unpaused" = 1 ] || echo "could not unpause $dag (HTTP $code): see var/logs/airflow-standalone.log" >&2
done
cat <<MSG

  Airflow UI            http://127.0.0.1:$API_PORT   (DAGs unpaused; collect runs hourly)
  Calendar feed         http://127.0.0.1:$FEED_PORT/calendar.ics
                        webcal://127.0.0.1:$FEED_PORT/calendar.ics
  Public page           http://127.0.0.1:$FEED_PORT/
  Same app in Airflow   http://127.0.0.1:$API_PORT/civic-events/
  Static feed file      $ROOT/public/calendar.ics
  Elasticsearch         $ELASTICSEARCH_URL
  Logs                  var/logs/

Ctrl-C stops everything.
MSG
wait
