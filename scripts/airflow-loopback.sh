# Sourced by scripts that start `airflow standalone` on this machine (make up, the push demo):
#   airflow_loopback_env ROOT API_PORT
# exports what a loopback-only standalone needs; each caller sets AIRFLOW_HOME and its own extras.
airflow_loopback_env() {
  local root="$1" port="$2"
  export AIRFLOW__CORE__DAGS_FOLDER="$root/dags"
  export AIRFLOW__CORE__LOAD_EXAMPLES=False
  # Local, loopback-only: every user is admin (the simple auth manager); never expose this port.
  export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS=True
  export AIRFLOW__API__HOST=127.0.0.1
  export AIRFLOW__API__PORT="$port"
  export AIRFLOW__API__BASE_URL="http://127.0.0.1:$port"
  export AIRFLOW__CORE__EXECUTION_API_SERVER_URL="http://127.0.0.1:$port/execution/"
  # A pushed source goes through three DAG runs (collect -> process -> publish) of one or three
  # tasks each, and an idle scheduler sleeps this long before it sees the next asset event or
  # queued task: at the default 1 s the sleeps alone were ~4 s of a push's way to the feed.
  # A loop costs a few queries on the local database.
  export AIRFLOW__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME="${AIRFLOW__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME:-0.2}"
}
