"""Collect: fetch every enabled source (one mapped task each) and land raw announcements in ES.

Runs hourly, and also whenever an event is posted to the Asset ``source_fetch_requests`` (a WebSub push
relayed by the web app, or a manual "fetch now": ``POST /api/v2/assets/events`` with
``{"asset_id": <id>, "extra": {"source": "<source id>"}}``, see scripts/push_event.sh). Such a run
fetches only the sources named in the events' extra (all when none is named), ignoring poll intervals
and back-off, as does a manual run (``params.sources``).

One mapped ``collect`` task per host (aggregator.pipeline.hosts): a host is fetched by one task only,
at most two requests at a time, however many workers run the mapped tasks.
"""

from __future__ import annotations

from airflow.sdk import AssetOrTimeSchedule, CronTriggerTimetable, dag, get_current_context, task

from civic_dags.assets import ANNOUNCEMENTS, FETCH_REQUESTS
from civic_dags.common import BOOKKEEPING_TIMEOUT, COLLECT_SOURCE_TIMEOUT, DAG_ARGS, run_time, skip_outlets

FORCED_RUN_TYPES = ("manual", "asset_triggered")


@dag(
    schedule=AssetOrTimeSchedule(timetable=CronTriggerTimetable("0 * * * *", timezone="UTC"), assets=[FETCH_REQUESTS]),
    **DAG_ARGS,
    params={"sources": []},
    doc_md=__doc__,
)
def collect_announcements():
    @task(execution_timeout=BOOKKEEPING_TIMEOUT)
    def list_sources() -> list[list[str]]:
        """Create the indices if needed; the sources to fetch (all, params['sources'], or those pushed), by host."""
        from aggregator.pipeline.collect import prepare_indices
        from aggregator.pipeline.hosts import sources_by_host
        from civic_dags.connection import task_settings
        from civic_dags.intake import requested_sources

        context = get_current_context()
        settings = task_settings()
        prepare_indices(settings)
        wanted = list(context["params"].get("sources") or [])
        try:
            events = context["triggering_asset_events"][FETCH_REQUESTS]
        except (KeyError, TypeError):
            events = []
        wanted += requested_sources(events)
        return sources_by_host(settings, wanted or None)

    @task(max_active_tis_per_dagrun=8, execution_timeout=COLLECT_SOURCE_TIMEOUT)
    def collect(source_ids: list[str]) -> list[dict]:
        """Fetch one host's sources; their own failures are recorded as health, only ES trouble fails the task."""
        from aggregator.pipeline.collect import collect_many
        from aggregator.pipeline.hosts import PER_HOST
        from civic_dags.connection import task_settings

        context = get_current_context()
        run_type = context["dag_run"].run_type
        force = getattr(run_type, "value", run_type) in FORCED_RUN_TYPES
        return collect_many(source_ids, task_settings(), run_time(context), concurrency=PER_HOST,
                            per_host=PER_HOST, force=force)

    @task(outlets=[ANNOUNCEMENTS], trigger_rule="all_done", execution_timeout=BOOKKEEPING_TIMEOUT)
    def summarize(per_host: list[list[dict]]) -> dict:
        """Counts for the run, attached to the announcements Asset event; names failing and backed-off sources.

        The Asset event is emitted only when new or changed announcements landed: otherwise the task
        ends skipped (Airflow emits no outlet event for a skipped task), its counts still in XCom,
        and process and publish do not run for nothing (an all-304 hour, or every source failing)."""
        # One slice request for every host's results: iterating the lazy sequence asks for one item past
        # the end, which Airflow logs at error level ("XCom not found") on every successful run.
        results = [r for host in per_host[:] if host for r in host if r]
        summary = {
            "sources": len(results),
            "failed": sorted(r["source"] for r in results if r["status"] == "failed"),
            "backing_off": sorted(r["source"] for r in results if r["status"] == "skipped" and r.get("error")),
            "skipped": sum(r["status"] == "skipped" for r in results),
            "not_modified": sum(r["status"] == "not_modified" for r in results),
            "partial": sorted(r["source"] for r in results if r["status"] == "partial"),
            "failing_repeatedly": {r["source"]: r.get("consecutive_failures", 0) for r in results
                                   if r.get("consecutive_failures", 0) >= 3},
            "new": sum(r["new"] for r in results),
            "changed": sum(r["changed"] for r in results),
            "seen": sum(r["seen"] for r in results),
        }
        context = get_current_context()
        if not summary["new"] and not summary["changed"]:
            skip_outlets(context, summary, "no new or changed announcements")
        context["outlet_events"][ANNOUNCEMENTS].extra = summary
        return summary

    summarize(collect.expand(source_ids=list_sources()))


collect_announcements()
