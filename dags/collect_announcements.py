"""Collect: fetch every enabled source (one mapped task each) and land raw announcements in ES."""

from __future__ import annotations

from airflow.sdk import dag, get_current_context, task

from civic_dags.assets import ANNOUNCEMENTS
from civic_dags.common import DEFAULT_ARGS, START_DATE, TAGS, run_time


@dag(
    schedule="@hourly",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=TAGS,
    params={"sources": []},
    doc_md=__doc__,
)
def collect_announcements():
    @task
    def list_sources() -> list[str]:
        """Create the indices if needed; the ids of the sources to fetch (all, or params['sources'])."""
        from aggregator.config import load_settings
        from aggregator.pipeline.collect import list_sources, prepare_indices

        settings = load_settings()
        prepare_indices(settings)
        wanted = get_current_context()["params"].get("sources") or []
        ids = list_sources(settings)
        return [i for i in ids if i in wanted] if wanted else ids

    @task(max_active_tis_per_dagrun=8)
    def collect(source_id: str) -> dict:
        """Fetch one source; its own failures are recorded as health, only ES trouble fails the task."""
        from aggregator.config import load_settings
        from aggregator.pipeline.collect import collect_source

        return collect_source(source_id, load_settings(), run_time(get_current_context()))

    @task(outlets=[ANNOUNCEMENTS], trigger_rule="all_done")
    def summarize(results: list[dict]) -> dict:
        """Counts for the run, attached to the announcements Asset event."""
        results = [r for r in results if r]
        summary = {
            "sources": len(results),
            "failed": sorted(r["source"] for r in results if r["status"] == "failed"),
            "new": sum(r["new"] for r in results),
            "changed": sum(r["changed"] for r in results),
            "seen": sum(r["seen"] for r in results),
        }
        get_current_context()["outlet_events"][ANNOUNCEMENTS].extra = summary
        return summary

    summarize(collect.expand(source_id=list_sources()))


collect_announcements()
