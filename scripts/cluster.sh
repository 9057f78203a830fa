#!/usr/bin/env bash
# `make cluster`: the production topology (docker/) for real on one machine, loopback only:
# PostgreSQL, Redis, a two-node Elasticsearch with TLS, Airflow with two Celery workers, the feed
# server. Installs what it needs (Debian's redis-server and postgresql as root, the pinned Airflow
# providers of requirements-cluster.txt), then runs scripts/cluster/run.py. Ctrl-C stops all of it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "cluster: installing Debian's ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    # Only the binaries are used: the packaged services are not started (policy-rc.d or no init).
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "cluster: ${missing[*]} missing; install them (apt-get install ${missing[*]}) or run as root" >&2
    exit 1
  fi
fi
scripts/cluster/deps.sh
scripts/elasticsearch.sh install
exec .venv/bin/python scripts/cluster/run.py "$@"
