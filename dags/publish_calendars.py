"""Publish: render the unified and per-organization/per-country iCal feeds into public/, when events change."""

from __future__ import annotations

from airflow.sdk import dag, get_current_context, task

from civic_dags.assets import EVENTS, FEEDS
from civic_dags.common import DEFAULT_ARGS, START_DATE, TAGS, run_time


@dag(
    schedule=[EVENTS],
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=TAGS,
    doc_md=__doc__,
)
def publish_calendars():
    @task(outlets=[FEEDS])
    def publish() -> dict:
        """Write public/calendar.ics and the filtered static feeds."""
        from aggregator.config import load_settings
        from aggregator.pipeline.publish import publish_feeds

        return publish_feeds(load_settings(), run_time(get_current_context()))

    publish()


publish_calendars()
