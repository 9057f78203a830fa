#!/bin/bash
# One-shot set-up of the secured Elasticsearch, in the shape of Elastic's docker-compose quick-start:
#  1. a CA and a certificate for es01 (elasticsearch-certutil), once, into the `es-certs` volume;
#     the CA certificate alone (not its key) is copied to the `es-ca` volume the clients mount;
#  2. once es01 answers: the kibana_system password, the users the aggregator uses
#     (civic_pipeline: the DAGs; civic_feeds: read-only, for the public feed server), and the
#     snapshot repository `civic_backups` (a shared-filesystem repository on the `es-snapshots` volume).
# Every step is idempotent, so `docker compose up` runs it again harmlessly.
# Runs as root in the Elasticsearch image, working directory /usr/share/elasticsearch.
set -euo pipefail

CERTS=config/certs
CA_OUT=/ca
ES=https://es01:9200
PREFIX="${AGGREGATOR_INDEX_PREFIX:-}"

for name in ELASTIC_PASSWORD KIBANA_PASSWORD PIPELINE_ES_PASSWORD FEEDS_ES_PASSWORD; do
  value="${!name:-}"
  if [ -z "$value" ]; then
    echo "setup: set $name in docker/.env (see docker/.env.example)" >&2; exit 1
  fi
  # They end up inside URLs (ELASTICSEARCH_URL, the Airflow Connection): keep them URL-safe.
  if ! [[ "$value" =~ ^[A-Za-z0-9]{12,}$ ]]; then
    echo "setup: $name must be at least 12 letters or digits (it is used inside URLs)" >&2; exit 1
  fi
done

if [ ! -f "$CERTS/ca.zip" ]; then
  echo "setup: creating the CA"
  bin/elasticsearch-certutil ca --silent --pem -out "$CERTS/ca.zip"
  unzip -o -q "$CERTS/ca.zip" -d "$CERTS"
fi
if [ ! -f "$CERTS/certs.zip" ]; then
  echo "setup: creating the certificate of es01"
  cat > "$CERTS/instances.yml" <<'YAML'
instances:
  - name: es01
    dns: [es01, localhost]
    ip: [127.0.0.1]
YAML
  bin/elasticsearch-certutil cert --silent --pem -out "$CERTS/certs.zip" --in "$CERTS/instances.yml" \
    --ca-cert "$CERTS/ca/ca.crt" --ca-key "$CERTS/ca/ca.key"
  unzip -o -q "$CERTS/certs.zip" -d "$CERTS"
fi
chown -R root:root "$CERTS"
find "$CERTS" -type d -exec chmod 750 {} \;
find "$CERTS" -type f -exec chmod 640 {} \;
# Elasticsearch (uid 1000, gid 0) and Kibana (gid 0) read the certificates through the root group.
cp "$CERTS/ca/ca.crt" "$CA_OUT/ca.crt"
chmod 644 "$CA_OUT/ca.crt"
# The snapshot volume starts out root-owned; Elasticsearch writes it as uid 1000.
chown 1000:0 /snapshots
chmod 770 /snapshots
touch "$CERTS/.ready"   # the healthcheck of this service: es01 may start now

curl_es() { curl -sS --cacert "$CERTS/ca/ca.crt" -u "elastic:${ELASTIC_PASSWORD}" -H "Content-Type: application/json" "$@"; }

echo "setup: waiting for es01"
until curl -s --cacert "$CERTS/ca/ca.crt" "$ES" | grep -q "missing authentication credentials"; do sleep 5; done

echo "setup: kibana_system password"
until curl_es -X POST "$ES/_security/user/kibana_system/_password" -d "{\"password\":\"${KIBANA_PASSWORD}\"}" | grep -q "^{}"; do
  sleep 5
done

echo "setup: roles and users of the aggregator"
curl_es -fX PUT "$ES/_security/role/civic_pipeline" -d "{
  \"cluster\": [\"monitor\", \"manage_index_templates\"],
  \"indices\": [{\"names\": [\"${PREFIX}announcements*\", \"${PREFIX}events*\", \"${PREFIX}sources*\", \"${PREFIX}processing*\"], \"privileges\": [\"all\"]}]
}" > /dev/null
curl_es -fX PUT "$ES/_security/role/civic_feeds" -d "{
  \"cluster\": [\"monitor\"],
  \"indices\": [{\"names\": [\"${PREFIX}events*\", \"${PREFIX}sources*\"], \"privileges\": [\"read\", \"view_index_metadata\"]}]
}" > /dev/null
curl_es -fX PUT "$ES/_security/user/civic_pipeline" -d "{\"password\": \"${PIPELINE_ES_PASSWORD}\", \"roles\": [\"civic_pipeline\"]}" > /dev/null
curl_es -fX PUT "$ES/_security/user/civic_feeds" -d "{\"password\": \"${FEEDS_ES_PASSWORD}\", \"roles\": [\"civic_feeds\"]}" > /dev/null

echo "setup: snapshot repository civic_backups"
curl_es -fX PUT "$ES/_snapshot/civic_backups" -d '{"type": "fs", "settings": {"location": "/usr/share/elasticsearch/snapshots"}}' > /dev/null
echo "setup: done"
