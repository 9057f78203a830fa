# Sourced by scripts/up.sh: a Redis on a free loopback port for WebSub/webhook intake under `make up`
# (docs/sources.md). After `start_intake_redis ROOT`, INTAKE_REDIS_PID is its pid (the caller stops it)
# and the feed server and Airflow find it through AGGREGATOR_REDIS_URL / AIRFLOW_CONN_REDIS_DEFAULT.
# Without redis-server (and not root to install it) intake stays off and `make up` works as before.
start_intake_redis() {
  local root="$1"
  INTAKE_REDIS_PID=
  if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    else
      echo "intake: redis-server not installed; WebSub/webhook intake is off" >&2
      return 0
    fi
  fi
  "$root/scripts/cluster/deps.sh"   # the common-messaging and redis providers of the watcher
  local port password
  port="$("$root/.venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  password="$("$root/.venv/bin/python" -c 'import secrets; print(secrets.token_hex(16))')"
  mkdir -p "$root/var/intake-redis"
  setsid redis-server --bind 127.0.0.1 --port "$port" --requirepass "$password" --save "" \
    --dir "$root/var/intake-redis" > "$root/var/logs/intake-redis.log" 2>&1 &
  INTAKE_REDIS_PID=$!
  export AGGREGATOR_REDIS_URL="redis://:$password@127.0.0.1:$port/0"
  export AIRFLOW_CONN_REDIS_DEFAULT="{\"conn_type\": \"redis\", \"host\": \"127.0.0.1\", \"port\": $port, \"password\": \"$password\"}"
  export AGGREGATOR_INTAKE_SECRETS="${AGGREGATOR_INTAKE_SECRETS:-$root/var/intake-secrets.json}"
  [ -f "$AGGREGATOR_INTAKE_SECRETS" ] || { echo '{}' > "$AGGREGATOR_INTAKE_SECRETS"; chmod 600 "$AGGREGATOR_INTAKE_SECRETS"; }
  echo "intake: Redis on 127.0.0.1:$port; WebSub at /websub/<source id>, webhooks at /hooks/<source id>; secrets in $AGGREGATOR_INTAKE_SECRETS" >&2
}
