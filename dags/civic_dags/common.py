"""Constants shared by the DAG files: dates, tags, retries and every task's time limit.

Nothing here imports the aggregator package: DAG files are parsed often and must stay cheap.
"""

import pendulum

START_DATE = pendulum.datetime(2026, 1, 1, tz="UTC")
TAGS = ["civic-events"]

# The outer layer of the retry policy written down in aggregator/index/retry.py: a task that
# raised (Elasticsearch still down after the client's own retries) runs again, at most
# TASK_RETRIES times, 20 s then doubling. Tasks are idempotent (upserts by computed id).
TASK_RETRIES = 3
TASK_RETRY_DELAY = pendulum.duration(seconds=20)

# How long each task may run before Airflow stops it (and, within the retries, runs it again).
# Bookkeeping tasks (listing sources, summing counts) answer in seconds.
BOOKKEEPING_TIMEOUT = pendulum.duration(minutes=5)
# One source: its fetch (AGGREGATOR_FETCH_TIMEOUT, 20 s) plus, for a listing page, up to
# max_posts post fetches, then one bulk write.
COLLECT_SOURCE_TIMEOUT = pendulum.duration(minutes=10)
# Every pending announcement, read once and processed in pages (100k in about a minute on two
# cores): a backlog of a few million fits.
PROCESS_TIMEOUT = pendulum.duration(hours=1)
# Reading the feed window and writing one file per organization and country.
PUBLISH_TIMEOUT = pendulum.duration(minutes=15)

DEFAULT_ARGS = {
    "owner": "civic-events",
    "retries": TASK_RETRIES,
    "retry_delay": TASK_RETRY_DELAY,
    "retry_exponential_backoff": True,
    # a task that sets none gets the shortest limit
    "execution_timeout": BOOKKEEPING_TIMEOUT,
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


def skip_outlets(context, counts: dict, reason: str):
    """End the task skipped, so it emits none of its outlet Asset events; its counts stay in XCom.

    Airflow emits a task's outlet events when it succeeds and not when it is skipped
    (airflow.sdk.execution_time.task_runner): skipping is how a task says "nothing changed"."""
    from airflow.sdk.exceptions import AirflowSkipException  # only when a task runs

    context["ti"].xcom_push(key="return_value", value=counts)
    raise AirflowSkipException(reason)
