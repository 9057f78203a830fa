"""Constants shared by the DAG files."""

import pendulum

START_DATE = pendulum.datetime(2026, 1, 1, tz="UTC")
TAGS = ["civic-events"]
DEFAULT_ARGS = {
    "owner": "civic-events",
    # Elasticsearch being briefly down must not lose a run: tasks raise, Airflow retries.
    "retries": 3,
    "retry_delay": pendulum.duration(seconds=20),
    "retry_exponential_backoff": True,
}

# What every DAG of the project shares: a UTC start date, no catch-up, one run at a time.
DAG_ARGS = {
    "start_date": START_DATE,
    "catchup": False,
    "max_active_runs": 1,
    "default_args": DEFAULT_ARGS,
    "tags": TAGS,
}


def run_time(context) -> "pendulum.DateTime":
    """The instant this run stands for (Airflow's run_after), never the wall clock inside logic."""
    return context["dag_run"].run_after
