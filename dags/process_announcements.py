"""Process: interpret new or changed announcements and merge them into events, when announcements land."""

from __future__ import annotations

from airflow.sdk import dag, get_current_context, task

from civic_dags.assets import ANNOUNCEMENTS, EVENTS
from civic_dags.common import DAG_ARGS, PROCESS_TIMEOUT, run_time, skip_outlets


@dag(
    schedule=[ANNOUNCEMENTS],
    **DAG_ARGS,
    doc_md=__doc__,
)
def process_announcements():
    @task(outlets=[EVENTS], execution_timeout=PROCESS_TIMEOUT)
    def process() -> dict:
        """Extract and deduplicate every pending announcement; counts go to the events Asset event.

        No event written (nothing was pending, or nothing pending was an event): skipped, no Asset
        event, so publish does not run."""
        from aggregator.pipeline.process import process_pending
        from civic_dags.connection import task_settings

        context = get_current_context()
        counts = process_pending(task_settings(), run_time(context))
        if not counts["events_written"]:
            skip_outlets(context, counts, "no event changed")
        context["outlet_events"][EVENTS].extra = counts
        return counts

    process()


process_announcements()
