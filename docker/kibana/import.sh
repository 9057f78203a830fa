#!/bin/sh
# Imports the saved objects (data views on `events` and `sources`, the "Online civic events"
# dashboard) into Kibana through its saved objects API; idempotent (overwrite=true).
# The compose file runs it as a one-shot setup service once Kibana is up:
#   KIBANA_URL=http://kibana:5601 /kibana/import.sh
# Env: KIBANA_URL (default http://localhost:5601), KIBANA_AUTH ("user:password", optional),
#      KIBANA_WAIT (seconds to wait for Kibana, default 300).
set -eu

HERE="$(cd "$(dirname "$0")" && pwd)"
URL="${KIBANA_URL:-http://localhost:5601}"
WAIT="${KIBANA_WAIT:-300}"
AUTH=""
[ -n "${KIBANA_AUTH:-}" ] && AUTH="-u ${KIBANA_AUTH}"

waited=0
until curl -fsS $AUTH "$URL/api/status" 2>/dev/null | grep -q '"level":"available"'; do
  if [ "$waited" -ge "$WAIT" ]; then
    echo "kibana-import: Kibana at $URL not available after ${WAIT}s" >&2
    exit 1
  fi
  sleep 5
  waited=$((waited + 5))
done

response="$(curl -fsS $AUTH -X POST "$URL/api/saved_objects/_import?overwrite=true" \
  -H "kbn-xsrf: true" --form "file=@$HERE/saved_objects.ndjson")"
echo "$response"
echo "$response" | grep -q '"success":true' || { echo "kibana-import: import failed" >&2; exit 1; }
