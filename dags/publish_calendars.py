"""Publish: render the unified and per-organization/per-country iCal feeds into public/, when events change."""

from __future__ import annotations

from airflow.sdk import dag, get_current_context, task

from civic_dags.assets import EVENTS, FEEDS
from civic_dags.common import DAG_ARGS, PUBLISH_TIMEOUT, run_time


@dag(
    schedule=[EVENTS],
    **DAG_ARGS,
    doc_md=__doc__,
)
def publish_calendars():
    @task(outlets=[FEEDS], execution_timeout=PUBLISH_TIMEOUT)
    def publish() -> dict:
        """Write public/calendar.ics and the filtered static feeds."""
        from aggregator.pipeline.publish import publish_feeds
        from civic_dags.connection import task_settings

        return publish_feeds(task_settings(), run_time(get_current_context()))

    publish()


publish_calendars()
